// Practice completion counts (DOMAIN.md §4), versioned: a submission or an imported row
// that changes a figure adds version n+1 and stamps version n superseded; nothing is
// updated in place or deleted, so every submitted figure stays readable.
import { z } from "zod";
import { PRACTICE_KINDS, type PracticeCountFigure, type PracticeEntry } from "../../core/index.ts";
import type { Prisma } from "../generated/client.ts";
import { recordAudit } from "./audit.ts";
import {
  type Db,
  type ImportOptions,
  type ImportProvenance,
  inImportBatch,
  type PrismaClient,
  type VersionPlan,
  type WriteTally,
  writeTransaction,
  writeVersionedBatch,
} from "./db.ts";
import { claimDialogue, type DialogueClaim } from "./dialogues.ts";
import { importUnits } from "./institutions.ts";

const kind = z.enum(PRACTICE_KINDS);

/** One stored version, with who gave it and where. */
export interface PracticeVersion extends PracticeEntry {
  id: number;
  version: number;
  source: string;
  enteredBy: string;
  chatId: string | null;
  enteredAt: Date;
  /** null for the current version */
  supersededAt: Date | null;
}

type Row = Prisma.PracticeResultGetPayload<{ include: { unit: true } }>;

const versionOf = (r: Row): PracticeVersion => ({
  id: r.id,
  unit: r.unit.code,
  year: r.year,
  kind: kind.parse(r.kind),
  assigned: r.assigned,
  completed: r.completed,
  asOf: r.asOf,
  version: r.version,
  source: r.source,
  enteredBy: r.enteredBy,
  chatId: r.chatId,
  enteredAt: r.enteredAt,
  supersededAt: r.supersededAt,
});

interface WriteMeta {
  source: string;
  enteredBy: string;
  chatId?: string | null;
  at: Date;
  importId?: number;
}

/** Writes entries (units already resolved to ids) with the versioned writer, in the caller's transaction. */
async function writePractice(
  tx: Prisma.TransactionClient,
  institutionId: number,
  entries: readonly (PracticeEntry & { unitId: number })[],
  meta: WriteMeta,
  review?: (plan: VersionPlan) => void,
): Promise<WriteTally> {
  const keyOf = (r: { unitId: number; year: string; kind: string }) => `${r.unitId}|${r.year}|${r.kind}`;
  const current = await tx.practiceResult.findMany({
    where: {
      unitId: { in: [...new Set(entries.map((e) => e.unitId))] },
      year: { in: [...new Set(entries.map((e) => e.year))] },
      supersededAt: null,
    },
  });
  return writeVersionedBatch(
    entries.map((e) => ({
      key: keyOf(e),
      // the "as of" day alone is no correction: the same counts a day later are the same figure
      figures: { assigned: e.assigned, completed: e.completed },
      row: (version: number) => ({
        institutionId,
        unitId: e.unitId,
        year: e.year,
        kind: e.kind,
        assigned: e.assigned,
        completed: e.completed,
        asOf: e.asOf,
        version,
        source: meta.source,
        enteredBy: meta.enteredBy,
        chatId: meta.chatId ?? null,
        enteredAt: meta.at,
        importId: meta.importId ?? null,
      }),
    })),
    {
      current,
      keyOf,
      supersede: (ids) => tx.practiceResult.updateMany({ where: { id: { in: ids } }, data: { supersededAt: meta.at } }),
      insert: (rows) => tx.practiceResult.createMany({ data: rows }),
      ...(review ? { review } : {}),
    },
  );
}

/**
 * One figure typed in a chat or the CLI, with its audit line, in one transaction; with a
 * claim, the dialogue it was confirmed in ends in the same transaction (DialogueClaimLost
 * when it is gone: confirmed already).
 */
export async function savePracticeEntry(
  db: PrismaClient,
  institutionId: number,
  entry: PracticeEntry & { unitId: number },
  meta: Omit<WriteMeta, "importId"> & { action: string; detail?: Record<string, unknown>; claim?: DialogueClaim },
): Promise<WriteTally> {
  return writeTransaction(db, async (tx) => {
    // the dialogue first: a second confirmation of the same summary writes nothing
    if (meta.claim) await claimDialogue(tx, meta.claim);
    const tally = await writePractice(tx, institutionId, [entry], meta);
    // the same figures again write nothing, so the audit has nothing to record
    if (tally.unchanged) return tally;
    await recordAudit(tx, {
      institutionId,
      at: meta.at,
      actor: meta.enteredBy,
      chatId: meta.chatId ?? null,
      action: meta.action,
      target: practiceTarget(entry),
      outcome: "written",
      detail: { assigned: entry.assigned, completed: entry.completed, asOf: entry.asOf, ...tally, ...meta.detail },
    });
    return tally;
  });
}

/** What the audit log calls one practice figure. */
export const practiceTarget = (e: { unit: string; year: string; kind: string }) => `practice:${e.unit}:${e.year}:${e.kind}`;

/** A practice file: every row or none, in one import batch. */
export async function savePracticeImport(
  db: PrismaClient,
  institutionId: number,
  entries: readonly PracticeEntry[],
  meta: ImportProvenance,
  options: ImportOptions,
): Promise<WriteTally & { importId: number; newUnits: string[] }> {
  let newUnits: string[] = [];
  const tally = await inImportBatch(
    db,
    { institutionId, kind: "practice", rowsRead: entries.length, meta },
    async ({ tx, importId, at }) => {
      const { units, created } = await importUnits(
        tx,
        institutionId,
        entries.map((e) => ({ code: e.unit })),
        options.createUnits ?? false,
      );
      newUnits = created;
      const resolved = entries.map((e) => ({ ...e, unitId: (units.get(e.unit) as { id: number }).id }));
      let written: VersionPlan = { added: [], corrected: [], unchanged: 0 };
      const t = await writePractice(tx, institutionId, resolved, { ...meta, at, importId }, (plan) => {
        written = plan;
        options.review?.({ ...plan, newUnits: created });
      });
      // one line per figure the file wrote, so a unit's audit shows its imported figures too
      for (const i of [...written.added, ...written.corrected.map((c) => c.index)]) {
        const e = resolved[i] as PracticeEntry;
        await recordAudit(tx, {
          institutionId,
          at,
          actor: meta.enteredBy,
          chatId: null,
          action: "practice.import",
          target: practiceTarget(e),
          outcome: "written",
          detail: { file: meta.fileName, importId, assigned: e.assigned, completed: e.completed, asOf: e.asOf },
        });
      }
      return t;
    },
  );
  return { ...tally, newUnits };
}

/** Current counts of the given years (and units), as the core's report takes them. */
export async function loadPractice(
  db: Db,
  institutionId: number,
  filter: { years: readonly string[]; unitIds?: readonly number[] },
): Promise<PracticeCountFigure[]> {
  const rows = await db.practiceResult.findMany({
    where: {
      institutionId,
      supersededAt: null,
      year: { in: [...filter.years] },
      ...(filter.unitIds ? { unitId: { in: [...filter.unitIds] } } : {}),
    },
    include: { unit: true },
    orderBy: { id: "asc" },
  });
  return rows.map((r) => ({
    unit: r.unit.code,
    year: r.year,
    kind: kind.parse(r.kind),
    assigned: r.assigned,
    completed: r.completed,
    asOf: r.asOf,
  }));
}

/** Years with counts entered, newest first. */
export async function practiceYears(db: Db, institutionId: number, unitIds?: readonly number[]): Promise<string[]> {
  const rows = await db.practiceResult.groupBy({
    by: ["year"],
    where: { institutionId, supersededAt: null, ...(unitIds ? { unitId: { in: [...unitIds] } } : {}) },
  });
  return rows.map((r) => r.year).sort((a, b) => b.localeCompare(a));
}

/** Every version of a unit's figures (newest first), optionally of one year and kind. */
export async function practiceHistory(
  db: Db,
  unitId: number,
  filter: { year?: string; kind?: string; take?: number } = {},
): Promise<PracticeVersion[]> {
  const rows = await db.practiceResult.findMany({
    where: { unitId, ...(filter.year ? { year: filter.year } : {}), ...(filter.kind ? { kind: filter.kind } : {}) },
    include: { unit: true },
    orderBy: [{ year: "desc" }, { kind: "asc" }, { version: "desc" }],
    ...(filter.take ? { take: filter.take } : {}),
  });
  return rows.map(versionOf);
}

/** The current version of one figure, or null. */
export async function currentPractice(db: Db, unitId: number, year: string, k: string): Promise<PracticeVersion | null> {
  const r = await db.practiceResult.findFirst({ where: { unitId, year, kind: k, supersededAt: null }, include: { unit: true } });
  return r ? versionOf(r) : null;
}

/** One version by id (to restore it), within an institution. */
export async function practiceVersion(db: Db, institutionId: number, id: number): Promise<PracticeVersion | null> {
  const r = await db.practiceResult.findFirst({ where: { id, institutionId }, include: { unit: true } });
  return r ? versionOf(r) : null;
}

/** Which of the units have a current figure of every one of the kinds for the year, and when the last came. */
export async function practiceSubmitted(
  db: Db,
  unitIds: readonly number[],
  year: string,
  kinds: readonly string[],
): Promise<Map<number, Date>> {
  const rows = await db.practiceResult.findMany({
    where: { unitId: { in: [...unitIds] }, year, kind: { in: [...kinds] }, supersededAt: null },
    select: { unitId: true, kind: true, enteredAt: true },
  });
  const byUnit = new Map<number, { kinds: Set<string>; last: Date }>();
  for (const r of rows) {
    const u = byUnit.get(r.unitId) ?? { kinds: new Set<string>(), last: r.enteredAt };
    u.kinds.add(r.kind);
    if (r.enteredAt > u.last) u.last = r.enteredAt;
    byUnit.set(r.unitId, u);
  }
  return new Map([...byUnit].filter(([, u]) => kinds.every((k) => u.kinds.has(k))).map(([id, u]) => [id, u.last]));
}

/** The units that have given a practice figure (counts or a published rate) in any year. */
export async function practiceReporting(db: Db, institutionId: number): Promise<number[]> {
  const [counts, rates] = await Promise.all([
    db.practiceResult.groupBy({ by: ["unitId"], where: { institutionId, supersededAt: null } }),
    db.publishedFigure.groupBy({ by: ["unitId"], where: { institutionId, metric: "practice", supersededAt: null } }),
  ]);
  return [...new Set([...counts, ...rates].flatMap((r) => (r.unitId === null ? [] : [r.unitId])))];
}
