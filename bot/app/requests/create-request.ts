// Asking units for figures by a deadline: the request is planned (validated, its units and
// heads resolved, its reminders timed) and kept as a draft to show first; confirming it
// opens it — its reminder jobs and audit line in one transaction — and sends it to the
// heads who have not answered yet. Admins ask any unit, deans only within their faculty.
import { z } from "zod";
import {
  academicYearAt,
  DEFAULT_LEAD_DAYS,
  deadlineDay,
  deadlineEnd,
  deadlineProblem,
  FORMS,
  fail,
  formatDay,
  isLaterYear,
  leadDaysOf,
  type Outcome,
  ok,
  overdueTime,
  PRACTICE_KINDS,
  parseAcademicYear,
  parseDay,
  problem,
  REQUEST_SUBJECTS,
  type RequestWhat,
  reminderTimes,
  roleCanRequest,
  STAGES,
  TERMS,
} from "../../../core/index.ts";
import { institutionById } from "../../../prisma/store/institutions.ts";
import type { NewJob } from "../../../prisma/store/jobs.ts";
import {
  activateRequest,
  cancelDraft as cancelStoredDraft,
  findRequest,
  insertDraft,
  type StoredRequest,
} from "../../../prisma/store/requests.ts";
import type { CreatedCampaign } from "../delivery/campaigns.ts";
import { quietHoursOf } from "../delivery/jobs.ts";
import type { AppDeps, Institution } from "../deps.ts";
import { sendNotice } from "./notify.ts";
import { notAnswered, requestProgress } from "./progress.ts";
import type { REQUEST_JOB_KINDS } from "./request-jobs.ts";
import { resolveRequestUnits } from "./request-units.ts";
import { creatorOf, type Requester, refusedOn } from "./requester.ts";

const name = z.string().trim().min(1).max(120);

/** What a requester gives: subject and period, where from, by when. */
export const newRequestInput = z.object({
  subject: z.enum(REQUEST_SUBJECTS),
  year: z.string().max(20),
  /** practice kinds; none: every kind */
  kinds: z.array(z.enum(PRACTICE_KINDS)).nullish(),
  term: z.enum(TERMS).nullish(),
  stage: z.enum(STAGES).nullish(),
  form: z.enum(FORMS).nullish(),
  /** units each asked for every department below it; none (and no `units`): the requester's whole scope */
  from: z.array(name).max(50).default([]),
  /** exactly these units */
  units: z.array(name).min(1).max(1000).nullish(),
  /** the deadline day as typed: "25.09.2026" or "2026-09-25" */
  deadline: z.string().max(20),
  leadDays: z.array(z.number()).max(10).nullish(),
});
export type NewRequestInput = z.input<typeof newRequestInput>;

export interface RequestPlan {
  what: RequestWhat;
  /** the units asked (codes), each for its departments; null with `listed` or for the whole institution */
  from: string[] | null;
  listed: boolean;
  units: string[];
  deadlineDay: string;
  deadline: Date;
  leadDays: number[];
  reminders: { lead: number; at: Date }[];
  overdueAt: Date;
  /** heads the request goes to now */
  heads: number;
  withoutHead: string[];
  alreadySubmitted: string[];
  /** the requester is a person: the overdue list goes to them too */
  toRequester: boolean;
}

/** A draft not confirmed within a day is stale: its preview may no longer be true. */
export const DRAFT_TTL_MS = 24 * 3600 * 1000;

function whatOf(input: z.output<typeof newRequestInput>, year: string): Outcome<RequestWhat> {
  if (input.subject === "practice") return ok({ subject: "practice", year, kinds: [...new Set(input.kinds ?? PRACTICE_KINDS)] });
  if (!input.term || !input.stage) return fail(problem("requestNoPeriod"));
  return ok({ subject: "session", year, term: input.term, stage: input.stage, form: input.form ?? null });
}

interface Checked {
  what: RequestWhat;
  day: string;
  leadDays: number[];
  /** unit names: listed ones, or each for its departments */
  names: string[];
  listed: boolean;
}

/** The input's values checked, each wrong one named: year, period, deadline, lead times. */
function check(raw: NewRequestInput, now: Date, timeZone: string): Outcome<Checked> {
  const parsed = newRequestInput.safeParse(raw);
  if (!parsed.success) return fail(problem("requestInvalid", { field: String(parsed.error.issues[0]?.path[0] ?? "") }));
  const input = parsed.data;
  const year = parseAcademicYear(input.year);
  if (!year) return fail(problem("requestBadYear", { value: input.year }));
  // figures for a year not begun cannot be entered: nobody could answer
  const current = academicYearAt(now, timeZone);
  if (isLaterYear(year, current)) return fail(problem("practiceFutureYear", { year, current }));
  const what = whatOf(input, year);
  if (!what.ok) return what;
  const day = parseDay(input.deadline);
  if (!day) return fail(problem("requestBadDeadline", { value: input.deadline }));
  const late = deadlineProblem(day, now, timeZone);
  if (late) return fail(late);
  const lead = leadDaysOf(input.leadDays ?? DEFAULT_LEAD_DAYS);
  if (!lead.ok) return fail(lead.problem);
  if (input.from.length && input.units) return fail(problem("requestFromOrUnits"));
  const listed = Boolean(input.units);
  return ok({ what: what.value, day, leadDays: lead.days, names: input.units ?? input.from, listed });
}

async function plan(deps: AppDeps, who: Requester, raw: NewRequestInput, inst: Institution): Promise<Outcome<RequestPlan>> {
  if (!roleCanRequest(who.access.role)) return fail(problem("requestForbidden"));
  const checked = check(raw, deps.now(), inst.timeZone);
  if (!checked.ok) return checked;
  const { what, day, leadDays, names, listed } = checked.value;
  const units = await resolveRequestUnits(deps.db, who, names, listed);
  if (!units.ok) return units;
  const deadline = deadlineEnd(day, inst.timeZone);
  const asked = { institutionId: inst.id, what, units: units.value.units, deadline };
  const progress = await requestProgress(deps.db, asked, deps.now());
  const quiet = quietHoursOf(inst);
  return ok({
    what,
    from: units.value.from,
    listed,
    units: units.value.units,
    deadlineDay: day,
    deadline,
    leadDays,
    reminders: reminderTimes(day, leadDays, quiet, deps.now()),
    overdueAt: overdueTime(day, quiet),
    heads: notAnswered(progress).length,
    withoutHead: progress.rows.filter((r) => !r.heads.length).map((r) => r.unit),
    alreadySubmitted: progress.rows.filter((r) => r.state === "submitted").map((r) => r.unit),
    toRequester: who.telegramId !== null,
  });
}

export interface Draft {
  draft: StoredRequest;
  plan: RequestPlan;
}

/** What the request would be, nothing written (`--dry-run`). */
export async function planRequest(deps: AppDeps, who: Requester, input: NewRequestInput): Promise<Outcome<RequestPlan>> {
  const inst = await institutionById(deps.db, who.institutionId);
  if (!inst) return fail(problem("requestForbidden"));
  return plan(deps, who, input, inst);
}

/** The request planned and kept as a draft, to be shown and confirmed; refusals are audited. */
export async function draftRequest(deps: AppDeps, who: Requester, input: NewRequestInput): Promise<Outcome<Draft>> {
  const inst = await institutionById(deps.db, who.institutionId);
  if (!inst) return fail(problem("requestForbidden"));
  const planned = await plan(deps, who, input, inst);
  if (!planned.ok) {
    await refusedOn(deps, who, "request.create", "request:new", planned.problem);
    return planned;
  }
  const p = planned.value;
  const draft = await insertDraft(deps.db, {
    institutionId: inst.id,
    what: p.what,
    units: p.units,
    deadline: p.deadline,
    leadDays: p.leadDays,
    createdBy: creatorOf(who),
    requesterChatId: who.chatId,
    at: deps.now(),
  });
  return ok({ draft, plan: p });
}

/** The request's jobs: the request again a minute later should it not have gone out, each reminder to come, the overdue list. */
function jobsFor(request: StoredRequest, inst: Institution, now: Date): NewJob[] {
  const quiet = quietHoursOf(inst);
  const day = deadlineDay(request.deadline, inst.timeZone);
  const job = (suffix: string, kind: (typeof REQUEST_JOB_KINDS)[number], dueAt: Date, quietHours: boolean, lead?: number) => ({
    key: `request:${request.id}:${suffix}`,
    kind,
    institutionId: inst.id,
    payload: JSON.stringify({ requestId: request.id, ...(lead === undefined ? {} : { lead }) }),
    dueAt,
    quietHours,
  });
  return [
    job("notice", "request-notice", new Date(now.getTime() + 60_000), false),
    ...reminderTimes(day, request.leadDays, quiet, now).map((r) => job(`lead-${r.lead}d`, "request-lead", r.at, true, r.lead)),
    job("overdue", "request-overdue", overdueTime(day, quiet), true),
  ];
}

export interface CreatedRequest {
  request: StoredRequest;
  /** false: it had been sent already (a second press), nothing new was sent */
  created: boolean;
  /** the request's message to the heads; null when nobody could be sent it */
  notice: CreatedCampaign | null;
}

/** Opens a draft and sends it: once, whatever is pressed twice. */
export async function confirmRequest(
  deps: AppDeps,
  who: Requester,
  draftId: number,
  progress?: { chatId: string; messageId: number },
): Promise<Outcome<CreatedRequest>> {
  const found = await findRequest(deps.db, who.institutionId, draftId);
  const inst = await institutionById(deps.db, who.institutionId);
  if (!found || !inst || found.createdBy !== creatorOf(who)) return fail(problem("requestNotFound", { id: draftId }));
  if (found.status === "open") return ok({ request: found, created: false, notice: null });
  if (found.status === "closed") return fail(problem("requestClosed", { id: draftId }));
  if (found.status !== "draft") return fail(problem("requestDraftGone"));
  const now = deps.now();
  if (now.getTime() - found.createdAt.getTime() > DRAFT_TTL_MS) return fail(problem("requestDraftExpired"));
  if (now.getTime() >= found.deadline.getTime())
    return fail(problem("requestDeadlinePast", { deadline: formatDay(deadlineDay(found.deadline, inst.timeZone)) }));
  const opened = await activateRequest(deps.db, draftId, now, (r) => jobsFor(r, inst, now), {
    institutionId: inst.id,
    actor: who.actor,
    chatId: who.chatId,
    action: "request.create",
    outcome: "written",
    detail: { what: found.what, units: found.units.length, deadline: found.deadline.toISOString(), leadDays: found.leadDays },
  });
  if (!opened) return fail(problem("requestNotFound", { id: draftId }));
  if (!opened.activated) return ok({ request: opened.request, created: false, notice: null });
  const sender = { access: who.access, institutionId: inst.id };
  const notice = await sendNotice(deps, opened.request, inst, {
    sender,
    createdBy: creatorOf(who),
    ...(progress ? { progress } : {}),
  });
  // not sent now (a problem with the audience): the request's notice job sends it a minute later
  return ok({ request: opened.request, created: true, notice: notice.ok ? notice.value : null });
}

/** Plans, opens and sends at once (the CLI: the command line is the confirmation). */
export async function createRequest(
  deps: AppDeps,
  who: Requester,
  input: NewRequestInput,
): Promise<Outcome<CreatedRequest & { plan: RequestPlan }>> {
  const drafted = await draftRequest(deps, who, input);
  if (!drafted.ok) return drafted;
  const created = await confirmRequest(deps, who, drafted.value.draft.id);
  return created.ok ? ok({ ...created.value, plan: drafted.value.plan }) : created;
}

/** A preview left unsent; a draft already sent (or gone) is said as such. */
export async function cancelDraft(deps: AppDeps, who: Requester, draftId: number): Promise<Outcome<void>> {
  if (await cancelStoredDraft(deps.db, draftId, creatorOf(who))) return ok(undefined);
  const found = await findRequest(deps.db, who.institutionId, draftId);
  return fail(found?.status === "open" ? problem("requestAlreadySent", { id: draftId }) : problem("requestDraftGone"));
}
