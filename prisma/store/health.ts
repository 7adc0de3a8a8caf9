// What /healthz and /metrics read from the database: that it answers, the outbox's backlog,
// and how many files were imported and refused. Plain Prisma queries (and `SELECT 1`), the
// same on SQLite and PostgreSQL; everything is read at request time, so imports made by the
// CLI in another process count as well as files sent to the bot.
import type { PrismaClient } from "./db.ts";

/** Resolves when the database answers a trivial query; throws what the driver threw. */
export async function pingDatabase(db: PrismaClient): Promise<void> {
  await db.$queryRaw`SELECT 1`;
}

export interface OutboxBacklog {
  /** deliveries waiting to be sent, due or scheduled for later (a retry's backoff) */
  queued: number;
  /** of those, the ones due now */
  due: number;
  /** when the longest-waiting due delivery became due; null when none is due */
  oldestDueAt: Date | null;
}

export async function outboxBacklog(db: PrismaClient, now: Date): Promise<OutboxBacklog> {
  const dueNow = { state: "queued", nextAttemptAt: { lte: now } };
  const [queued, due] = await Promise.all([
    db.delivery.count({ where: { state: "queued" } }),
    db.delivery.aggregate({ where: dueNow, _count: { _all: true }, _min: { nextAttemptAt: true } }),
  ]);
  return { queued, due: due._count._all, oldestDueAt: due._min.nextAttemptAt };
}

export interface ImportCount {
  /** the import's kind: session, totals, figures, practice, units, roster, programmes, … */
  kind: string;
  result: "written" | "refused";
  count: number;
}

/** Registry files record no import batch: each is known by its audit lines, one `at` per file. */
const REGISTRY_KINDS = ["programmes", "accreditations", "licences", "agencies"] as const;
const IMPORT_SUFFIX = ".import";

/**
 * Every import ever recorded, by kind: a written file is its ImportBatch row (registry files:
 * their audit lines, one file per action and time); a refused one its 'refused' audit line.
 * An accreditations file that adds agencies writes `agencies.import` lines at its own time:
 * that is the same file, not an agencies import.
 */
export async function importCounts(db: PrismaClient): Promise<ImportCount[]> {
  const [batches, refused, registry] = await Promise.all([
    db.importBatch.groupBy({ by: ["kind"], _count: { _all: true } }),
    db.auditEntry.groupBy({
      by: ["action"],
      where: { outcome: "refused", action: { endsWith: IMPORT_SUFFIX } },
      _count: { _all: true },
    }),
    db.auditEntry.groupBy({
      by: ["action", "at"],
      where: { outcome: "written", action: { in: REGISTRY_KINDS.map((k) => `${k}${IMPORT_SUFFIX}`) } },
    }),
  ]);
  const counts = new Map<string, ImportCount>();
  const add = (kind: string, result: ImportCount["result"], n: number) => {
    const key = `${kind}|${result}`;
    const known = counts.get(key);
    if (known) known.count += n;
    else counts.set(key, { kind, result, count: n });
  };
  // a figures batch is "figures:<metric>"; its refusals are "figures.import": one kind
  for (const b of batches) add(b.kind.split(":")[0] ?? b.kind, "written", b._count._all);
  const accreditationTimes = new Set(
    registry.filter((r) => r.action === `accreditations${IMPORT_SUFFIX}`).map((r) => r.at.getTime()),
  );
  for (const r of registry) {
    const kind = r.action.slice(0, -IMPORT_SUFFIX.length);
    if (kind === "agencies" && accreditationTimes.has(r.at.getTime())) continue;
    add(kind, "written", 1);
  }
  for (const r of refused) add(r.action.slice(0, -IMPORT_SUFFIX.length), "refused", r._count._all);
  return [...counts.values()];
}
