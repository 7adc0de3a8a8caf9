// The --json shapes of `sapat request …`: ids and counts as numbers, days as "2026-09-25",
// times as ISO instants, units by code.
import { deadlineDay } from "../../core/index.ts";
import type { CreatedRequest, RequestPlan } from "../app/requests/create-request.ts";
import type { Person } from "../app/requests/progress.ts";
import type { Board, RequestSummary } from "../app/requests/request-board.ts";
import type { StoredRequest } from "../app/requests/requester.ts";

function whatJson(r: Pick<StoredRequest, "what">) {
  const { what } = r;
  return what.subject === "practice"
    ? { subject: what.subject, year: what.year, kinds: what.kinds }
    : { subject: what.subject, year: what.year, term: what.term, stage: what.stage, form: what.form };
}

export function planJson(p: RequestPlan) {
  return {
    ...whatJson(p),
    units: p.units,
    deadline: p.deadlineDay,
    recipients: p.heads,
    withoutHead: p.withoutHead,
    alreadySubmitted: p.alreadySubmitted,
    reminders: p.reminders.map((r) => r.at.toISOString()),
    overdueAt: p.overdueAt.toISOString(),
  };
}

export function createdJson(c: CreatedRequest & { plan: RequestPlan }) {
  return {
    id: c.request.id,
    created: c.created,
    ...planJson(c.plan),
    recipients: c.notice?.recipients ?? 0,
    campaignId: c.notice?.campaign.id ?? null,
  };
}

export function boardJson(b: Board, name: (p: Person) => string) {
  const { request } = b;
  return {
    id: request.id,
    ...whatJson(request),
    deadline: b.deadlineDay,
    status: request.status,
    createdBy: request.createdBy,
    closedAt: request.closedAt?.toISOString() ?? null,
    counts: { ...b.counts, withoutHead: b.withoutHead },
    units: b.rows.map((r) => ({
      unit: r.unit,
      status: r.state,
      submittedAt: r.submittedAt?.toISOString() ?? null,
      late: r.late,
      heads: r.heads.map((h) => ({ telegramId: h.telegramId, name: name(h), unreachable: h.unreachableReason })),
    })),
    reminders: b.notices.map((n) => ({ kind: n.kind, lead: n.lead, at: n.at.toISOString(), state: n.state })),
  };
}

export function listJson(list: readonly RequestSummary[], timeZone: string) {
  return list.map(({ request, counts }) => ({
    id: request.id,
    ...whatJson(request),
    deadline: deadlineDay(request.deadline, timeZone),
    status: request.status,
    createdBy: request.createdBy,
    counts,
  }));
}
