// An action plan's scheduled work (jobs keyed `plan:<id>:…`, run by the worker's scheduler):
// before each stage's day, lead reminders (7 and 1 days before, in the morning after quiet
// hours) to the people responsible while it is not done; the morning after a day with stages
// due, the overdue digest — one per controller per day over all his plans, and one to the
// quality department — under keys that make a re-run or a restart send nothing twice.
import { z } from "zod";
import {
  daysBetween,
  fail,
  lateStages,
  localDay,
  type Outcome,
  ok,
  overdueOn,
  overdueTime,
  problem,
  type QuietHours,
  reminderStillDue,
  reminderTimes,
} from "../../../core/index.ts";
import { listUnits } from "../../../prisma/store/institutions.ts";
import type { Job, NewJob } from "../../../prisma/store/jobs.ts";
import {
  findItem,
  findPlan,
  listPlans,
  planItems,
  planUsers,
  type StoredItem,
  type StoredPlan,
} from "../../../prisma/store/plans.ts";
import type { AppDeps, Institution } from "../deps.ts";
import { institutionSender, type SendAs, sendTo } from "../requests/notify.ts";
import { type DigestLine, overdueDigest, reminderMessage } from "./plan-messages.ts";
import { responsiblePeople } from "./plan-people.ts";

export const PLAN_LEAD_DAYS: readonly number[] = [7, 1];
export const PLAN_JOB_KINDS = ["plan-lead", "plan-overdue"] as const;
export type PlanJobKind = (typeof PLAN_JOB_KINDS)[number];

export function isPlanJob(kind: string): kind is PlanJobKind {
  return (PLAN_JOB_KINDS as readonly string[]).includes(kind);
}

const payload = z.object({
  planId: z.number().int().min(1),
  itemId: z.number().int().min(1).optional(),
  stage: z.number().int().min(1).optional(),
  lead: z.number().int().min(0).optional(),
});

/** The jobs of items just written: reminders still to come, the overdue digests of days still to come. */
export function planJobs(plan: StoredPlan, items: readonly StoredItem[], inst: Institution, now: Date): NewJob[] {
  const quiet: QuietHours = { start: inst.quietHoursStart, end: inst.quietHoursEnd, timeZone: inst.timeZone };
  const job = (key: string, kind: PlanJobKind, dueAt: Date, data: z.input<typeof payload>): NewJob => ({
    key: `plan:${plan.id}:${key}`,
    kind,
    institutionId: inst.id,
    payload: JSON.stringify(data),
    dueAt,
    quietHours: true,
  });
  const jobs: NewJob[] = [];
  const days = new Set<string>();
  for (const item of items)
    for (const s of item.stages) {
      days.add(s.due);
      for (const r of reminderTimes(s.due, PLAN_LEAD_DAYS, quiet, now))
        jobs.push(
          job(`item:${item.id}:s${s.position}:lead-${r.lead}d`, "plan-lead", r.at, {
            planId: plan.id,
            itemId: item.id,
            stage: s.position,
            lead: r.lead,
          }),
        );
    }
  for (const day of days) {
    const at = overdueTime(day, quiet);
    if (at.getTime() > now.getTime()) jobs.push(job(`overdue:${day}`, "plan-overdue", at, { planId: plan.id }));
  }
  return jobs;
}

export type PlanJobResult = "sent" | "done" | "nobody" | "late";

const SCHEDULER = "scheduler";

export async function runPlanJob(deps: AppDeps, job: Job, inst: Institution, quiet: QuietHours): Promise<Outcome<PlanJobResult>> {
  const p = payload.parse(JSON.parse(job.payload));
  const as: SendAs = { sender: institutionSender(inst.id), createdBy: SCHEDULER };
  if (job.kind === "plan-overdue") return runOverdue(deps, inst, as);
  const plan = await findPlan(deps.db, inst.id, p.planId);
  const item = p.itemId ? await findItem(deps.db, inst.id, p.itemId) : null;
  const stage = item?.stages.find((s) => s.position === p.stage);
  if (!plan || !item || !stage) return fail(problem("planItemNotFound", { id: p.itemId ?? 0 }));
  if (stage.done || item.status === "done") return ok("done");
  const now = deps.now();
  if (!reminderStillDue(stage.due, p.lead ?? 0, PLAN_LEAD_DAYS, quiet, now)) return ok("late");
  const people = responsiblePeople(item.responsible, await planUsers(deps.db, inst.id), await listUnits(deps.db, inst.id));
  const left = daysBetween(localDay(now, inst.timeZone), stage.due);
  const r = await sendTo(deps, people, "plan-reminder", reminderMessage(plan, item, stage, left), job.key, as);
  if (!r.ok) return r;
  return ok(r.value ? "sent" : "nobody");
}

/**
 * Today's overdue digests: each controller who is a user gets his plans' overdue items, the
 * quality department (admins) all of them, each once a day whichever job comes first.
 */
async function runOverdue(deps: AppDeps, inst: Institution, as: SendAs): Promise<Outcome<PlanJobResult>> {
  const on = localDay(deps.now(), inst.timeZone);
  const plans = await listPlans(deps.db, inst.id);
  const byId = new Map(plans.map((p) => [p.id, p]));
  const lines: DigestLine[] = overdueOn(await planItems(deps.db, inst.id, null), on).map((item) => ({
    plan: byId.get(item.planId) as StoredPlan,
    item,
    late: lateStages(item.stages, on),
  }));
  if (!lines.length) return ok("nobody");
  const users = await planUsers(deps.db, inst.id);
  const admins = users.filter((u) => u.role === "admin").map((u) => u.telegramId);
  let sent = false;
  const controllers = [...new Set(lines.map((l) => l.plan.controllerId).filter((c): c is string => c !== null))];
  for (const c of controllers) {
    // an admin controlling a plan reads it in the quality department's digest
    if (admins.includes(c) || !users.some((u) => u.telegramId === c)) continue;
    const mine = lines.filter((l) => l.plan.controllerId === c);
    const r = await sendTo(deps, [c], "plan-overdue", overdueDigest(mine, on), `plan-overdue:${inst.id}:${on}:${c}`, as);
    if (!r.ok) return r;
    sent ||= r.value !== null;
  }
  const r = await sendTo(deps, admins, "plan-overdue", overdueDigest(lines, on), `plan-overdue:${inst.id}:${on}:admins`, as);
  if (!r.ok) return r;
  return ok(sent || r.value !== null ? "sent" : "nobody");
}
