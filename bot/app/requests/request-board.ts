// The requester's board: per unit submitted (when) / not yet / overdue, the heads responsible
// (or nobody registered), the counts, and the reminders sent and to come; and the list of a
// requester's requests (admins and leaders: all of the institution; a dean: his own).
import {
  boardOrder,
  deadlineDay,
  fail,
  type Outcome,
  ok,
  problem,
  type RequestCounts,
  roleCanViewRequests,
} from "../../../core/index.ts";
import { listRequests, requestJobs, type StoredRequest } from "../../../prisma/store/requests.ts";
import { activeUser } from "../../../prisma/store/users.ts";
import type { AppDeps } from "../deps.ts";
import { requestProgress, type UnitProgress } from "./progress.ts";
import { creatorOf, loadRequest, mayManage, type Requester } from "./requester.ts";

export interface ScheduledNotice {
  kind: "lead" | "overdue";
  /** days before the deadline (lead reminders) */
  lead: number | null;
  at: Date;
  /** sent (or done with nothing to send), still to come, or cancelled by closing */
  state: "done" | "due" | "cancelled" | "failed";
}

export interface Board {
  request: StoredRequest;
  deadlineDay: string;
  /** those who have not submitted first */
  rows: UnitProgress[];
  counts: RequestCounts;
  withoutHead: number;
  notices: ScheduledNotice[];
  /** the requester's name where the requester is a person */
  requester: string | null;
  /** whether this viewer may remind and close */
  canManage: boolean;
}

async function noticesOf(deps: AppDeps, id: number): Promise<ScheduledNotice[]> {
  const jobs = await requestJobs(deps.db, id);
  return jobs.flatMap((j): ScheduledNotice[] => {
    const lead = /:lead-(\d+)d$/.exec(j.key);
    if (!lead && j.kind !== "request-overdue") return [];
    const state =
      j.error === "requestClosed"
        ? "cancelled"
        : j.state === "due" || j.state === "running"
          ? "due"
          : j.state === "failed"
            ? "failed"
            : "done";
    return [
      {
        kind: lead ? "lead" : "overdue",
        lead: lead ? Number(lead[1]) : null,
        at: state === "cancelled" ? j.dueAt : (j.ranAt ?? j.dueAt),
        state,
      },
    ];
  });
}

async function requesterName(deps: AppDeps, createdBy: string): Promise<string | null> {
  if (!/^\d+$/.test(createdBy)) return null;
  const u = await activeUser(deps.db, createdBy);
  if (!u) return null;
  return u.firstName ?? (u.username ? `@${u.username}` : createdBy);
}

export async function requestBoard(deps: AppDeps, who: Requester, id: number): Promise<Outcome<Board>> {
  if (!roleCanViewRequests(who.access.role)) return fail(problem("requestForbidden"));
  const loaded = await loadRequest(deps, who, id, false);
  if (!loaded.ok) return loaded;
  const { request, institution } = loaded.value;
  const progress = await requestProgress(deps.db, request, deps.now());
  return ok({
    request,
    deadlineDay: deadlineDay(request.deadline, institution.timeZone),
    rows: boardOrder(progress.rows),
    counts: progress.counts,
    withoutHead: progress.withoutHead,
    notices: await noticesOf(deps, request.id),
    requester: await requesterName(deps, request.createdBy),
    canManage: mayManage(who, request),
  });
}

export interface RequestSummary {
  request: StoredRequest;
  counts: RequestCounts;
}

/** A requester's requests, newest first, with their counts (open ones unless `status` says). */
export async function requestList(
  deps: AppDeps,
  who: Requester,
  status: "open" | "closed" | "all" = "open",
): Promise<Outcome<RequestSummary[]>> {
  if (!roleCanViewRequests(who.access.role)) return fail(problem("requestForbidden"));
  const everyone = who.access.role === "admin" || who.access.role === "leader";
  const requests = await listRequests(deps.db, who.institutionId, {
    ...(status === "all" ? {} : { status }),
    ...(everyone ? {} : { createdBy: creatorOf(who) }),
  });
  const now = deps.now();
  const out: RequestSummary[] = [];
  for (const request of requests) out.push({ request, counts: (await requestProgress(deps.db, request, now)).counts });
  return ok(out);
}
