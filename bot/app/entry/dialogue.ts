// A step-by-step entry's state in the Dialogue table (one per chat): a restart, or a second
// bot process, continues where the person stopped. The state is JSON checked by a zod
// schema on the way out, so a row written by an older version starts over instead of failing.
import { randomBytes } from "node:crypto";
import type { z } from "zod";
import { type DialogueClaim, endDialogue, findDialogue, saveDialogue } from "../../../prisma/store/dialogues.ts";
import type { AppDeps } from "../deps.ts";

/** A dialogue nobody touched for a day is abandoned: ignored, and replaced by the next one. */
export const DIALOGUE_TTL_MS = 24 * 60 * 60 * 1000;

export type DialogueKind = "practice" | "session" | "survey";

/** A dialogue as read: its step, its state, and the stored text (a confirmation claims exactly that). */
export interface Loaded<Step extends string, State> {
  step: Step;
  state: State;
  claim: DialogueClaim;
}

/** Six characters in every button of one dialogue: a button of an earlier one is recognised as outdated. */
export function newToken(): string {
  return randomBytes(4).toString("base64url").slice(0, 6);
}

export async function loadDialogue<Step extends string, State>(
  deps: AppDeps,
  chatId: string,
  kind: DialogueKind,
  steps: readonly Step[],
  schema: z.ZodType<State>,
): Promise<Loaded<Step, State> | null> {
  const row = await findDialogue(deps.db, chatId, new Date(deps.now().getTime() - DIALOGUE_TTL_MS));
  if (!row || row.kind !== kind || !(steps as readonly string[]).includes(row.step)) return null;
  let json: unknown;
  try {
    json = JSON.parse(row.data);
  } catch {
    return null;
  }
  const parsed = schema.safeParse(json);
  return parsed.success ? { step: row.step as Step, state: parsed.data, claim: { chatId, data: row.data } } : null;
}

export async function storeDialogue<Step extends string, State>(
  deps: AppDeps,
  chatId: string,
  kind: DialogueKind,
  step: Step,
  state: State,
): Promise<Loaded<Step, State>> {
  const data = JSON.stringify(state);
  await saveDialogue(deps.db, { chatId, kind, step, data }, deps.now());
  return { step, state, claim: { chatId, data } };
}

export async function dropDialogue(deps: AppDeps, chatId: string): Promise<void> {
  await endDialogue(deps.db, chatId);
}

/** Whether a chat has an entry in progress of another kind (it is replaced by a new one). */
export async function dialogueKind(deps: AppDeps, chatId: string): Promise<string | null> {
  const row = await findDialogue(deps.db, chatId, new Date(deps.now().getTime() - DIALOGUE_TTL_MS));
  return row?.kind ?? null;
}

/** /cancel: the chat's entry in progress is dropped, nothing saved; false when there was none. */
export async function cancelEntry(deps: AppDeps, chatId: string): Promise<boolean> {
  if ((await dialogueKind(deps, chatId)) === null) return false;
  await dropDialogue(deps, chatId);
  return true;
}
