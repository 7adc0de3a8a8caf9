// "Done" pressed on an item: the bot asks for the evidence next, and the chat's next note,
// link or file is it. The question waits in the Dialogue table (kind "plan"), so a restart in
// between loses nothing; /cancel drops it as it drops any entry.
import { z } from "zod";
import { fail, type Outcome, ok, problem } from "../../../core/index.ts";
import { endDialogue, findDialogue, saveDialogue } from "../../../prisma/store/dialogues.ts";
import type { StoredItem } from "../../../prisma/store/plans.ts";
import type { AppDeps } from "../deps.ts";
import { DIALOGUE_TTL_MS } from "../entry/dialogue.ts";
import { type EvidenceInput, loadItem, markItemDone } from "./plan-actions.ts";
import { mayMarkDone, type PlanActor } from "./plan-people.ts";

const state = z.object({ itemId: z.number().int().min(1), stage: z.number().int().min(1).nullable() });
export type EvidenceAsked = z.infer<typeof state>;

/** Checks the asker may mark the item done, then waits for the evidence in this chat. */
export async function askEvidence(
  deps: AppDeps,
  who: PlanActor,
  chatId: string,
  asked: EvidenceAsked,
): Promise<Outcome<StoredItem>> {
  const loaded = await loadItem(deps, who, asked.itemId);
  if (!loaded.ok) return loaded;
  const { plan, item, people } = loaded.value;
  if (!mayMarkDone(who, plan, item, people)) return fail(problem("planNotYourItem", { id: item.id }));
  await saveDialogue(deps.db, { chatId, kind: "plan", step: "evidence", data: JSON.stringify(asked) }, deps.now());
  return ok(item);
}

/** The item this chat was asked evidence for, if it still waits. */
export async function evidenceAsked(deps: AppDeps, chatId: string): Promise<EvidenceAsked | null> {
  const row = await findDialogue(deps.db, chatId, new Date(deps.now().getTime() - DIALOGUE_TTL_MS));
  if (row?.kind !== "plan") return null;
  try {
    const r = state.safeParse(JSON.parse(row.data));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}

/** The evidence given: the item marked done and the question closed; a problem leaves it open. */
export async function giveEvidence(
  deps: AppDeps,
  who: PlanActor,
  chatId: string,
  asked: EvidenceAsked,
  evidence: EvidenceInput,
): Promise<Outcome<StoredItem>> {
  const r = await markItemDone(deps, who, asked.itemId, asked.stage, evidence);
  if (r.ok || r.problem.code === "planAlreadyDone" || r.problem.code === "planItemNotFound") await endDialogue(deps.db, chatId);
  return r;
}
