import { z } from "zod";
import {
  COUNT_FIELDS,
  FORMS,
  type Form,
  type Period,
  type SessionCounts,
  type SessionResult,
  STAGES,
  type Stage,
  sortPeriods,
  TERMS,
  type Term,
} from "../../core/index.ts";
import type { SessionResult as StoredRow, Unit } from "../generated/client.ts";
import { recordAudit } from "./audit.ts";
import {
  type Db,
  type ImportOptions,
  type ImportProvenance,
  inImportBatch,
  insertRows,
  type PrismaClient,
  type WriteTally,
  writeTransaction,
  writeVersionedBatch,
} from "./db.ts";
import { claimDialogue, type DialogueClaim } from "./dialogues.ts";
import { importUnits, type UnitKindConflict, unitKindOf } from "./institutions.ts";

/** One row to store: the core result, plus published per-course percentages. */
export interface SessionImportRow {
  line: number;
  result: SessionResult;
  /** published absolute % per course, e.g. { "1": 33 } */
  courseAbsolute: Record<string, number>;
}

/** A stored result, as the core sees it, with what only storage keeps. */
export interface StoredSessionResult extends SessionResult {
  /** the stored row (one version) */
  id: number;
  courseAbsolute: Record<string, number>;
  enteredBy: string;
  enteredAt: Date;
  /** the chat it was typed in; null for files and the CLI */
  chatId: string | null;
  version: number;
  /** the file it came from, "chat", "revert:v<n>" or "restore:v<n>" */
  source: string;
  /** null for the current version */
  supersededAt: Date | null;
}

export class UnitConflictError extends Error {
  constructor(readonly conflicts: (UnitKindConflict & { line: number })[]) {
    super(conflicts.map((c) => `line ${c.line}: unit ${c.code} is stored as ${c.stored}, the file says ${c.given}`).join("; "));
  }
}

const courseAbsolute = z.record(z.string(), z.number());

function figuresOf(r: SessionImportRow) {
  const counts = Object.fromEntries(COUNT_FIELDS.map((f) => [f, r.result.counts[f]])) as SessionCounts;
  return {
    countedInTotal: r.result.countedInTotal,
    ...counts,
    absoluteReported: r.result.reported.absolute,
    qualityReported: r.result.reported.quality,
    debtorsReported: r.result.reported.debtors,
    debtorShareReported: r.result.reported.debtorShare,
    courseAbsoluteReported: Object.keys(r.courseAbsolute).length ? JSON.stringify(r.courseAbsolute) : null,
  };
}

/**
 * Store an import in one transaction: units found (or created, with createUnits), each row
 * added, kept (same figures: re-importing a file adds nothing) or corrected as a new
 * version. Any conflict or unknown unit rolls back everything from the file.
 */
export async function saveSessionImport(
  db: PrismaClient,
  institutionId: number,
  rows: readonly SessionImportRow[],
  meta: ImportProvenance,
  options: ImportOptions & { kind?: "session" | "revert" },
): Promise<WriteTally & { importId: number; newUnits: string[] }> {
  // Everything that needs no database is shaped before the transaction opens.
  const shaped = rows.map((r) => {
    const { unit, year, term, stage, form, course } = r.result;
    return { unit, period: { year, term, stage, form, course }, figures: figuresOf(r) };
  });
  const wantedUnits = rows.map((r) => ({ code: r.result.unit, kind: r.result.unitKind }));
  const distinct = <K extends "year" | "term" | "stage">(k: K) => [...new Set(shaped.map((s) => s.period[k]))];
  const scope = { year: { in: distinct("year") }, term: { in: distinct("term") }, stage: { in: distinct("stage") } };
  const keyOf = (r: { unitId: number; year: string; term: string; stage: string; form: string; course: number }) =>
    `${r.unitId}|${r.year}|${r.term}|${r.stage}|${r.form}|${r.course}`;

  let newUnits: string[] = [];
  const tally = await inImportBatch(
    db,
    { institutionId, kind: options.kind ?? "session", rowsRead: rows.length, meta },
    async ({ tx, importId, at }) => {
      const { units, conflicts, created } = await importUnits(tx, institutionId, wantedUnits, options.createUnits ?? false);
      newUnits = created;
      if (conflicts.length)
        throw new UnitConflictError(
          conflicts.map((c) => ({
            ...c,
            line: rows.find((r) => r.result.unit === c.code && r.result.unitKind === c.given)?.line ?? 0,
          })),
        );
      const unitIds = [...new Set(shaped.map((s) => (units.get(s.unit) as Unit).id))];
      return writeVersionedBatch(
        shaped.map(({ unit, period, figures }) => {
          const unitId = (units.get(unit) as Unit).id;
          return {
            key: keyOf({ unitId, ...period }),
            figures,
            row: (version: number) => ({
              institutionId,
              unitId,
              ...period,
              ...figures,
              version,
              source: meta.source,
              enteredBy: meta.enteredBy,
              enteredAt: at,
              importId,
            }),
          };
        }),
        {
          current: await tx.sessionResult.findMany({ where: { unitId: { in: unitIds }, ...scope, supersededAt: null } }),
          keyOf,
          supersede: (ids) => tx.sessionResult.updateMany({ where: { id: { in: ids } }, data: { supersededAt: at } }),
          insert: (fresh) => insertRows(tx, "SessionResult", fresh),
          review: (plan) => options.review?.({ ...plan, newUnits: created }),
        },
      );
    },
  );
  return { ...tally, newUnits };
}

const stored = z.object({ term: z.enum(TERMS), stage: z.enum(STAGES), form: z.enum(FORMS) });

function toCore(row: StoredRow & { unit: Unit }): StoredSessionResult {
  const { term, stage, form } = stored.parse(row);
  return {
    id: row.id,
    unit: row.unit.code,
    unitKind: unitKindOf(row.unit),
    year: row.year,
    term,
    stage,
    form,
    course: row.course,
    countedInTotal: row.countedInTotal,
    counts: Object.fromEntries(COUNT_FIELDS.map((f) => [f, row[f]])) as SessionCounts,
    reported: {
      absolute: row.absoluteReported,
      quality: row.qualityReported,
      debtors: row.debtorsReported,
      debtorShare: row.debtorShareReported,
    },
    courseAbsolute: row.courseAbsoluteReported ? courseAbsolute.parse(JSON.parse(row.courseAbsoluteReported)) : {},
    enteredBy: row.enteredBy,
    enteredAt: row.enteredAt,
    chatId: row.chatId,
    version: row.version,
    source: row.source,
    supersededAt: row.supersededAt,
  };
}

/** Which results to load: a period and a scope, so a load never grows with history. */
export interface ResultFilter {
  /** one or more academic years (e.g. this year and last, for comparisons) */
  years?: readonly string[];
  term?: Term;
  stage?: Stage;
  form?: Form;
  /** units (a scope's subtree); the whole institution when absent */
  unitIds?: readonly number[];
}

/** Current versions of the results a filter selects, in the order they were first stored. */
export async function loadSessionResults(
  db: Db,
  institutionId: number,
  filter: ResultFilter = {},
): Promise<StoredSessionResult[]> {
  const { years, unitIds, ...rest } = filter;
  // Every version, oldest first: a corrected result keeps the place it had in the source report.
  const rows = await db.sessionResult.findMany({
    where: {
      institutionId,
      ...rest,
      ...(years ? { year: { in: [...years] } } : {}),
      ...(unitIds ? { unitId: { in: [...unitIds] } } : {}),
    },
    include: { unit: true },
    orderBy: { id: "asc" },
  });
  const key = (r: StoredRow) => [r.unitId, r.year, r.term, r.stage, r.form, r.course].join("|");
  const place = new Map<string, number>();
  for (const r of rows) if (!place.has(key(r))) place.set(key(r), place.size);
  const at = (r: StoredRow) => place.get(key(r)) ?? 0;
  return rows
    .filter((r) => r.supersededAt === null)
    .sort((a, b) => at(a) - at(b))
    .map(toCore);
}

/** Which of a unit's results: any of the key's parts may be left open. */
export interface VersionFilter {
  year?: string;
  term?: Term;
  stage?: Stage;
  form?: Form;
  course?: number;
}

/** Every version of a unit's results, result by result, oldest version first: the audit trail of its figures. */
export async function sessionResultVersions(db: Db, unitId: number, filter: VersionFilter = {}): Promise<StoredSessionResult[]> {
  const rows = await db.sessionResult.findMany({
    where: { unitId, ...filter },
    include: { unit: true },
    orderBy: [{ year: "asc" }, { term: "asc" }, { stage: "desc" }, { form: "asc" }, { course: "asc" }, { version: "asc" }],
  });
  return rows.map(toCore);
}

/** Year × term × stage combinations that have data, newest first (grouped in the database). */
export async function sessionPeriods(db: Db, institutionId: number, unitIds?: readonly number[]): Promise<Period[]> {
  const rows = await db.sessionResult.groupBy({
    by: ["year", "term", "stage"],
    where: { institutionId, supersededAt: null, ...(unitIds ? { unitId: { in: [...unitIds] } } : {}) },
  });
  const period = stored.pick({ term: true, stage: true });
  return sortPeriods(rows.map((r) => ({ year: r.year, ...period.parse(r) })));
}

/** Ids of the units with results in a session (grouped in the database). */
export async function unitsWithResults(
  db: Db,
  institutionId: number,
  session: { year: string; term: Term },
): Promise<Set<number>> {
  const rows = await db.sessionResult.groupBy({
    by: ["unitId"],
    where: { institutionId, supersededAt: null, year: session.year, term: session.term },
  });
  return new Set(rows.map((r) => r.unitId));
}

/** What the audit log calls one session result. */
export const sessionTarget = (r: { unit: string; year: string; term: string; stage: string; form: string; course: number }) =>
  `session:${r.unit}:${r.year}:${r.term}:${r.stage}:${r.form}:${r.course}`;

/** Where one typed result comes from, for its version and its audit line. */
export interface SessionEntryMeta {
  source: string;
  enteredBy: string;
  chatId: string | null;
  at: Date;
  action: string;
  detail?: Record<string, unknown>;
  /** the dialogue it was confirmed in, ended in the same transaction */
  claim?: DialogueClaim;
}

/**
 * One result typed in a chat (or restored), with its audit line, in one transaction: a new
 * version when its figures differ from the current one, nothing when they are the same.
 */
export async function saveSessionEntry(
  db: PrismaClient,
  institutionId: number,
  entry: { unitId: number; result: SessionResult; courseAbsolute?: Record<string, number> },
  meta: SessionEntryMeta,
): Promise<WriteTally> {
  const r = entry.result;
  const period = { year: r.year, term: r.term, stage: r.stage, form: r.form, course: r.course };
  const figures = figuresOf({ line: 0, result: r, courseAbsolute: entry.courseAbsolute ?? {} });
  const keyOf = (x: { unitId: number; year: string; term: string; stage: string; form: string; course: number }) =>
    `${x.unitId}|${x.year}|${x.term}|${x.stage}|${x.form}|${x.course}`;
  return writeTransaction(db, async (tx) => {
    if (meta.claim) await claimDialogue(tx, meta.claim);
    const tally = await writeVersionedBatch(
      [
        {
          key: keyOf({ unitId: entry.unitId, ...period }),
          figures,
          row: (version: number) => ({
            institutionId,
            unitId: entry.unitId,
            ...period,
            ...figures,
            version,
            source: meta.source,
            enteredBy: meta.enteredBy,
            chatId: meta.chatId,
            enteredAt: meta.at,
          }),
        },
      ],
      {
        current: await tx.sessionResult.findMany({ where: { unitId: entry.unitId, ...period, supersededAt: null } }),
        keyOf,
        supersede: (ids) => tx.sessionResult.updateMany({ where: { id: { in: ids } }, data: { supersededAt: meta.at } }),
        insert: (rows) => tx.sessionResult.createMany({ data: rows }),
      },
    );
    // the same figures again write nothing, so the audit has nothing to record
    if (tally.unchanged) return tally;
    await recordAudit(tx, {
      institutionId,
      at: meta.at,
      actor: meta.enteredBy,
      chatId: meta.chatId,
      action: meta.action,
      target: sessionTarget(r),
      outcome: "written",
      detail: { ...r.counts, ...tally, ...meta.detail },
    });
    return tally;
  });
}

/** One version by id (to restore it), within an institution. */
export async function sessionResultById(db: Db, institutionId: number, id: number): Promise<StoredSessionResult | null> {
  const row = await db.sessionResult.findFirst({ where: { id, institutionId }, include: { unit: true } });
  return row ? toCore(row) : null;
}
