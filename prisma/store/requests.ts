// Data requests: what was asked of which units by when, its reminders (jobs keyed
// `request:<id>:…`), and what tells whether a unit has answered — the figures themselves.
import { z } from "zod";
import { FORMS, PRACTICE_KINDS, type RequestWhat, STAGES, TERMS } from "../../core/index.ts";
import type { DataRequest } from "../generated/client.ts";
import { type AuditLine, recordAudit } from "./audit.ts";
import { type Db, type PrismaClient, retryBusy, writeTransaction } from "./db.ts";
import type { NewJob } from "./jobs.ts";

/** draft: shown, not yet sent; cancelled: a draft left unsent (never a request) */
export const REQUEST_STATUSES = ["draft", "open", "closed", "cancelled"] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export interface StoredRequest {
  id: number;
  institutionId: number;
  what: RequestWhat;
  /** the responsible units' codes, fixed when the request was made */
  units: string[];
  /** the instant the deadline day ends */
  deadline: Date;
  leadDays: number[];
  createdBy: string;
  requesterChatId: string | null;
  status: RequestStatus;
  createdAt: Date;
  closedAt: Date | null;
}

const practiceDetail = z.array(z.enum(PRACTICE_KINDS)).min(1);
const sessionDetail = z.object({ term: z.enum(TERMS), stage: z.enum(STAGES), form: z.enum(FORMS).nullish() });
const codes = z.array(z.string());
const days = z.array(z.number().int());

function whatOf(row: DataRequest): RequestWhat {
  const detail: unknown = JSON.parse(row.detail);
  if (row.subject === "practice") return { subject: "practice", year: row.year, kinds: practiceDetail.parse(detail) };
  const s = sessionDetail.parse(detail);
  return { subject: "session", year: row.year, term: s.term, stage: s.stage, form: s.form ?? null };
}

function requestOf(row: DataRequest): StoredRequest {
  return {
    id: row.id,
    institutionId: row.institutionId,
    what: whatOf(row),
    units: codes.parse(JSON.parse(row.units)),
    deadline: row.deadline,
    leadDays: days.parse(JSON.parse(row.leadDays)),
    createdBy: row.createdBy,
    requesterChatId: row.requesterChatId,
    status: z.enum(REQUEST_STATUSES).parse(row.status),
    createdAt: row.createdAt,
    closedAt: row.closedAt,
  };
}

export interface NewRequest {
  institutionId: number;
  what: RequestWhat;
  units: string[];
  deadline: Date;
  leadDays: number[];
  createdBy: string;
  requesterChatId: string | null;
  at: Date;
}

/** A request as planned, not yet sent to anyone (shown first, confirmed or left). */
export async function insertDraft(db: Db, r: NewRequest): Promise<StoredRequest> {
  const { what } = r;
  const detail = what.subject === "practice" ? what.kinds : { term: what.term, stage: what.stage, form: what.form };
  const row = await retryBusy(() =>
    db.dataRequest.create({
      data: {
        institutionId: r.institutionId,
        subject: what.subject,
        year: what.year,
        detail: JSON.stringify(detail),
        units: JSON.stringify(r.units),
        deadline: r.deadline,
        leadDays: JSON.stringify(r.leadDays),
        createdBy: r.createdBy,
        requesterChatId: r.requesterChatId,
        status: "draft",
        createdAt: r.at,
      },
    }),
  );
  return requestOf(row);
}

/**
 * A draft made a request, with its jobs and audit line, in one transaction; `activated`
 * false when it was no draft any more (a second press of Send): nothing is written then.
 */
export async function activateRequest(
  db: PrismaClient,
  id: number,
  at: Date,
  jobsFor: (request: StoredRequest) => NewJob[],
  audit: Omit<AuditLine, "at" | "target">,
): Promise<{ request: StoredRequest; activated: boolean } | null> {
  return writeTransaction(db, async (tx) => {
    const claimed = await tx.dataRequest.updateMany({ where: { id, status: "draft" }, data: { status: "open", createdAt: at } });
    const row = await tx.dataRequest.findUnique({ where: { id } });
    if (!row) return null;
    const request = requestOf(row);
    if (claimed.count !== 1) return { request, activated: false };
    const jobs = jobsFor(request);
    if (jobs.length) await tx.job.createMany({ data: jobs });
    await recordAudit(tx, { ...audit, at, target: requestTarget(id) });
    return { request, activated: true };
  });
}

export const requestTarget = (id: number) => `request:${id}`;

/** A draft left unsent; false when it was no draft (sent already, or cancelled before). */
export async function cancelDraft(db: Db, id: number, createdBy: string): Promise<boolean> {
  const r = await retryBusy(() =>
    db.dataRequest.updateMany({ where: { id, createdBy, status: "draft" }, data: { status: "cancelled" } }),
  );
  return r.count === 1;
}

export async function findRequest(db: Db, institutionId: number, id: number): Promise<StoredRequest | null> {
  const row = await db.dataRequest.findFirst({ where: { id, institutionId } });
  return row ? requestOf(row) : null;
}

/** Requests (drafts never), newest first; of one requester when `createdBy` is given. */
export async function listRequests(
  db: Db,
  institutionId: number,
  filter: { status?: "open" | "closed"; createdBy?: string; take?: number } = {},
): Promise<StoredRequest[]> {
  const rows = await db.dataRequest.findMany({
    where: {
      institutionId,
      status: filter.status ?? { in: ["open", "closed"] },
      ...(filter.createdBy ? { createdBy: filter.createdBy } : {}),
    },
    orderBy: { id: "desc" },
    take: filter.take ?? 50,
  });
  return rows.map(requestOf);
}

/** Closes an open request and cancels its reminders still to come; false when it was not open. */
export async function closeRequest(
  db: PrismaClient,
  id: number,
  at: Date,
  audit: Omit<AuditLine, "at" | "target">,
): Promise<boolean> {
  return writeTransaction(db, async (tx) => {
    const r = await tx.dataRequest.updateMany({ where: { id, status: "open" }, data: { status: "closed", closedAt: at } });
    if (r.count !== 1) return false;
    await tx.job.updateMany({
      where: { key: { startsWith: `request:${id}:` }, state: "due" },
      data: { state: "done", ranAt: at, error: "requestClosed" },
    });
    await recordAudit(tx, { ...audit, at, target: requestTarget(id) });
    return true;
  });
}

export interface RequestJob {
  key: string;
  kind: string;
  dueAt: Date;
  state: string;
  ranAt: Date | null;
  /** 'requestClosed' for reminders the request's closing cancelled */
  error: string | null;
}

/** A request's scheduled reminders and overdue list, in time order. */
export async function requestJobs(db: Db, id: number): Promise<RequestJob[]> {
  return db.job.findMany({
    where: { key: { startsWith: `request:${id}:` } },
    select: { key: true, kind: true, dueAt: true, state: true, ranAt: true, error: true },
    orderBy: { dueAt: "asc" },
  });
}

/** Which of the units have a current session result for the period (any course), and when the last came. */
export async function sessionSubmitted(
  db: Db,
  unitIds: readonly number[],
  period: { year: string; term: string; stage: string; form: string | null },
): Promise<Map<number, Date>> {
  const rows = await db.sessionResult.groupBy({
    by: ["unitId"],
    where: {
      unitId: { in: [...unitIds] },
      year: period.year,
      term: period.term,
      stage: period.stage,
      ...(period.form ? { form: period.form } : {}),
      supersededAt: null,
    },
    _max: { enteredAt: true },
  });
  return new Map(rows.map((r) => [r.unitId, r._max.enteredAt ?? new Date(0)]));
}

export interface Person {
  telegramId: string;
  unitId: number;
  firstName: string | null;
  username: string | null;
  unreachableReason: string | null;
}

/** Active users of a role whose scope is one of these units (the heads of departments, the deans of faculties). */
export async function peopleOfUnits(db: Db, institutionId: number, role: string, unitIds: readonly number[]): Promise<Person[]> {
  const rows = await db.user.findMany({
    where: { institutionId, role, revokedAt: null, scopeUnitId: { in: [...unitIds] } },
    select: { telegramId: true, scopeUnitId: true, firstName: true, username: true, unreachableReason: true },
    orderBy: { id: "asc" },
  });
  return rows.map(({ scopeUnitId, ...p }) => ({ ...p, unitId: scopeUnitId as number }));
}
