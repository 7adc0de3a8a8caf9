// Acting on items: marking an item (or one of its stages) done with its evidence — a note, a
// link or a file sent to the bot — and adding an item to a plan from the bot. Who may: the
// people responsible for an item mark it done, as do its plan's controller, the quality
// department and the dean of its faculty; items are added by whoever may make plans.
import { academicYearAt, fail, type Outcome, ok, problem } from "../../../core/index.ts";
import { institutionById, listUnits } from "../../../prisma/store/institutions.ts";
import {
  appendItems,
  type Evidence,
  findItem,
  findPlan,
  markDone,
  planTarget,
  planUsers,
  type StoredItem,
  type StoredPlan,
} from "../../../prisma/store/plans.ts";
import type { AppDeps } from "../deps.ts";
import { refusedOn } from "../requests/requester.ts";
import { unitNames } from "../structure/unit-names.ts";
import { type ItemInput, resolveItems } from "./plan-items.ts";
import { planJobs } from "./plan-jobs.ts";
import { mayCreatePlans, mayMarkDone, maySeeItem, type PlanActor, responsiblePeople } from "./plan-people.ts";

export const MAX_EVIDENCE = 2000;

export interface EvidenceInput {
  note?: string | null;
  link?: string | null;
  fileId?: string | null;
  fileName?: string | null;
}

/** A link is a link: http(s) with a host. */
function isLink(s: string): boolean {
  try {
    const u = new URL(s);
    return (u.protocol === "https:" || u.protocol === "http:") && u.hostname.includes(".");
  } catch {
    return false;
  }
}

/** Evidence as given, a lone link read as a link; none at all is a problem. */
export function evidenceOf(input: EvidenceInput): Outcome<Partial<Evidence>> {
  const note = input.note?.trim() || null;
  const link = input.link?.trim() || (note && isLink(note) ? note : null);
  if (link && !isLink(link)) return fail(problem("planBadLink", { value: link }));
  if (!note && !link && !input.fileId) return fail(problem("planNoEvidence"));
  if ((note?.length ?? 0) > MAX_EVIDENCE) return fail(problem("planTextTooLong", { max: MAX_EVIDENCE }));
  return ok({ note: note === link ? null : note, link, fileId: input.fileId ?? null, fileName: input.fileName ?? null });
}

export interface Loaded {
  plan: StoredPlan;
  item: StoredItem;
  people: string[];
}

/** An item the asker may see; one he may not reads as not found. */
export async function loadItem(deps: AppDeps, who: PlanActor, itemId: number): Promise<Outcome<Loaded>> {
  const item = await findItem(deps.db, who.institutionId, itemId);
  const plan = item ? await findPlan(deps.db, who.institutionId, item.planId) : null;
  if (!item || !plan) return fail(problem("planItemNotFound", { id: itemId }));
  const people = responsiblePeople(
    item.responsible,
    await planUsers(deps.db, who.institutionId),
    await listUnits(deps.db, who.institutionId),
  );
  if (!maySeeItem(who, plan, item, people)) return fail(problem("planItemNotFound", { id: itemId }));
  return ok({ plan, item, people });
}

/** Marks an item (or stage N of it) done with the evidence; refusals are audited. */
export async function markItemDone(
  deps: AppDeps,
  who: PlanActor,
  itemId: number,
  stage: number | null,
  input: EvidenceInput,
): Promise<Outcome<StoredItem>> {
  const r = await tryMarkDone(deps, who, itemId, stage, input);
  if (!r.ok) await refusedOn(deps, who, "plan.done", `plan:item:${itemId}`, r.problem);
  return r;
}

async function tryMarkDone(
  deps: AppDeps,
  who: PlanActor,
  itemId: number,
  stage: number | null,
  input: EvidenceInput,
): Promise<Outcome<StoredItem>> {
  const loaded = await loadItem(deps, who, itemId);
  if (!loaded.ok) return loaded;
  const { plan, item, people } = loaded.value;
  if (!mayMarkDone(who, plan, item, people)) return fail(problem("planNotYourItem", { id: itemId }));
  if (stage !== null && !item.stages.some((s) => s.position === stage))
    return fail(problem("planNoSuchStage", { id: itemId, stage, stages: item.stages.length }));
  const target = item.stages.filter((s) => stage === null || s.position === stage);
  if (target.every((s) => s.done)) return fail(problem("planAlreadyDone", { id: itemId, number: item.number }));
  const evidence = evidenceOf(input);
  if (!evidence.ok) return evidence;
  const done = await markDone(deps.db, item, stage, evidence.value, who.actor, deps.now(), {
    institutionId: who.institutionId,
    actor: who.actor,
    chatId: who.chatId,
    action: "plan.done",
    outcome: "written",
    detail: { number: item.number, stage, ...evidence.value },
  });
  return ok(done);
}

/** An item added to a plan (from the bot): read like a file's line, fanned out, its reminders scheduled. */
export async function addItem(
  deps: AppDeps,
  who: PlanActor,
  planId: number,
  input: Omit<ItemInput, "line">,
): Promise<Outcome<StoredItem[]>> {
  const inst = await institutionById(deps.db, who.institutionId);
  const plan = await findPlan(deps.db, who.institutionId, planId);
  if (!inst || !plan) return fail(problem("planNotFound", { id: planId }));
  if (!mayCreatePlans(who)) return fail(problem("planForbidden"));
  const [units, names, users] = await Promise.all([
    listUnits(deps.db, inst.id),
    unitNames(deps.db, inst.id),
    planUsers(deps.db, inst.id),
  ]);
  const year = plan.year || academicYearAt(deps.now(), inst.timeZone);
  const resolved = resolveItems({ who, units, names, users, year }, [{ ...input, line: 0 }]);
  const first = resolved.issues[0];
  if (first) {
    await refusedOn(deps, who, "plan.addItem", planTarget(planId), first);
    return fail(first);
  }
  const now = deps.now();
  const items = await appendItems(
    deps.db,
    plan,
    resolved.items.map(({ line: _l, ...i }) => i),
    now,
    (written) => planJobs(plan, written, inst, now),
    {
      actor: who.actor,
      chatId: who.chatId,
      action: "plan.addItem",
      outcome: "written",
      detail: { number: input.number, text: input.text },
    },
  );
  return ok(items);
}
