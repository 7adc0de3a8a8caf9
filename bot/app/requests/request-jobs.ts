// A request's scheduled work, run by the worker's scheduler (jobs keyed `request:<id>:…`):
// the request again if it never went out (a crash right after it was made), each lead-time
// reminder to the heads who have NOT answered by then, and after the deadline the overdue
// list to the deans of those units and to the requester. Closed requests send nothing.
import { z } from "zod";
import {
  ancestorsAndSelf,
  deadlineDay,
  fail,
  type Outcome,
  ok,
  problem,
  type QuietHours,
  reminderStillDue,
} from "../../../core/index.ts";
import { recordAudit } from "../../../prisma/store/audit.ts";
import type { Job } from "../../../prisma/store/jobs.ts";
import { findRequest, peopleOfUnits, requestTarget, type StoredRequest } from "../../../prisma/store/requests.ts";
import type { AppDeps, Institution } from "../deps.ts";
import { institutionSender, type SendAs, sendNotice, sendReminder, sendTo } from "./notify.ts";
import { type RequestProgress, requestProgress } from "./progress.ts";
import { overdueMessage } from "./request-messages.ts";

export const REQUEST_JOB_KINDS = ["request-notice", "request-lead", "request-overdue"] as const;
export type RequestJobKind = (typeof REQUEST_JOB_KINDS)[number];

export function isRequestJob(kind: string): kind is RequestJobKind {
  return (REQUEST_JOB_KINDS as readonly string[]).includes(kind);
}

export const requestJobPayload = z.object({ requestId: z.number().int().min(1), lead: z.number().int().min(0).optional() });

/** What a run came to: sent (with how many), or why nothing was sent. */
export type RequestJobResult = "sent" | "closed" | "nobody" | "late";

const SCHEDULER: Omit<SendAs, "sender"> = { createdBy: "scheduler" };

export async function runRequestJob(
  deps: AppDeps,
  job: Job,
  institution: Institution,
  quiet: QuietHours,
): Promise<Outcome<RequestJobResult>> {
  const payload = requestJobPayload.parse(JSON.parse(job.payload));
  const request = await findRequest(deps.db, institution.id, payload.requestId);
  if (!request) return fail(problem("requestNotFound", { id: payload.requestId }));
  if (request.status !== "open") return ok("closed");
  const as: SendAs = { ...SCHEDULER, sender: institutionSender(institution.id) };
  if (job.kind === "request-notice") {
    const r = await sendNotice(deps, request, institution, as);
    return r.ok ? ok(r.value ? "sent" : "nobody") : r;
  }
  if (job.kind === "request-lead") return runLead(deps, request, institution, quiet, payload.lead ?? 0, job.key, as);
  return runOverdue(deps, request, institution, as);
}

async function runLead(
  deps: AppDeps,
  request: StoredRequest,
  institution: Institution,
  quiet: QuietHours,
  lead: number,
  key: string,
  as: SendAs,
): Promise<Outcome<RequestJobResult>> {
  const now = deps.now();
  if (!reminderStillDue(deadlineDay(request.deadline, quiet.timeZone), lead, request.leadDays, quiet, now)) return ok("late");
  const progress = await requestProgress(deps.db, request, now);
  const r = await sendReminder(deps, request, institution, progress, key, as);
  if (!r.ok) return r;
  if (!r.value) return ok("nobody");
  if (r.value.created)
    await recordAudit(deps.db, {
      institutionId: institution.id,
      at: now,
      actor: "scheduler",
      chatId: null,
      action: "request.remind",
      target: requestTarget(request.id),
      outcome: "written",
      detail: { lead, recipients: r.value.recipients, campaignId: r.value.campaign.id, ...progress.counts },
    });
  return ok("sent");
}

/** The overdue units each dean is responsible for: those below (or at) his scope unit. */
async function deansOf(
  deps: AppDeps,
  institutionId: number,
  progress: RequestProgress,
  overdue: readonly string[],
): Promise<Map<string, string[]>> {
  const chains = new Map(overdue.map((code) => [code, ancestorsAndSelf(progress.tree, code)]));
  const ids = progress.tree.filter((u) => [...chains.values()].some((c) => c.includes(u.code))).map((u) => u.id);
  const deans = await peopleOfUnits(deps.db, institutionId, "dean", ids);
  const out = new Map<string, string[]>();
  for (const dean of deans) {
    const scope = progress.tree.find((u) => u.id === dean.unitId)?.code;
    const units = overdue.filter((code) => scope !== undefined && chains.get(code)?.includes(scope));
    if (units.length) out.set(dean.telegramId, [...(out.get(dean.telegramId) ?? []), ...units]);
  }
  return out;
}

async function runOverdue(
  deps: AppDeps,
  request: StoredRequest,
  institution: Institution,
  as: SendAs,
): Promise<Outcome<RequestJobResult>> {
  const progress = await requestProgress(deps.db, request, deps.now());
  const overdue = progress.rows.filter((r) => r.state === "overdue").map((r) => r.unit);
  if (!overdue.length) return ok("nobody");
  const tz = institution.timeZone;
  const total = progress.counts.total;
  const base = `request:${request.id}:overdue`;
  // the requester gets the whole list; a dean who is the requester gets it once
  const requester = /^\d+$/.test(request.createdBy) ? request.createdBy : null;
  let sent = false;
  if (requester) {
    const r = await sendTo(deps, [requester], "request-overdue", overdueMessage(request, tz, overdue, total), base, as);
    if (!r.ok && r.problem.code !== "audienceUnknownUser") return r;
    sent ||= r.ok && r.value !== null;
  }
  for (const [dean, units] of await deansOf(deps, institution.id, progress, overdue)) {
    if (dean === requester) continue;
    const r = await sendTo(deps, [dean], "request-overdue", overdueMessage(request, tz, units, total), `${base}:${dean}`, as);
    if (!r.ok) return r;
    sent ||= r.value !== null;
  }
  return ok(sent ? "sent" : "nobody");
}
