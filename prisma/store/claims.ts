// Claiming due work for exactly one worker: the outbox's deliveries and the scheduled jobs.
// The only SQL that differs by database lives here.
//
// SQLite has one writer at a time, so a read of the due rows followed by a conditional
// update (the WHERE repeats "still claimable") hands each row to one claimer.
// PostgreSQL runs claimers side by side under READ COMMITTED. The conditional update alone
// would still be correct there (an UPDATE that waited for another's row lock re-checks its
// WHERE on the committed row), but every claimer would read the same first rows and all
// but one would come away empty. `FOR UPDATE SKIP LOCKED` gives each claimer the next rows
// nobody holds, in one statement. The rows are picked once, in ARRAY(…): written as
// `id IN (SELECT … LIMIT n FOR UPDATE SKIP LOCKED)` the planner may run the subquery again
// for each row and claim far more than n. The outer WHERE repeats the condition, so a row
// another claimer committed in between is never taken twice.
import { type Job, Prisma } from "../generated/client.ts";
import { type Db, retryBusy } from "./db.ts";
import { dialectOf } from "./dialect.ts";

export type ClaimedDelivery = Prisma.DeliveryGetPayload<{
  include: {
    user: { select: { language: true } };
    campaign: { select: { id: true; message: true; institutionId: true } };
  };
}>;

/**
 * Leases up to `limit` due deliveries to `owner`, oldest due first. The lease is what a
 * crashed sender's successor waits out; state stays 'queued' until the send is about to go out.
 */
export async function claimDeliveries(
  db: Db,
  owner: string,
  now: Date,
  leaseMs: number,
  limit: number,
): Promise<ClaimedDelivery[]> {
  const until = new Date(now.getTime() + leaseMs);
  const ids =
    dialectOf(db) === "postgresql"
      ? await skipLockedDeliveries(db, owner, now, until, limit)
      : await conditionalDeliveries(db, owner, now, until, limit);
  if (ids.length === 0) return [];
  return db.delivery.findMany({
    where: { id: { in: ids }, leaseOwner: owner, state: "queued" },
    include: {
      user: { select: { language: true } },
      campaign: { select: { id: true, message: true, institutionId: true } },
    },
    orderBy: { id: "asc" },
  });
}

async function skipLockedDeliveries(db: Db, owner: string, now: Date, until: Date, limit: number): Promise<number[]> {
  const free = Prisma.sql`"state" = 'queued' AND "nextAttemptAt" <= ${now} AND ("leaseUntil" IS NULL OR "leaseUntil" < ${now})`;
  const rows = await db.$queryRaw<{ id: number }[]>`
    UPDATE "Delivery" SET "leaseOwner" = ${owner}, "leaseUntil" = ${until}
    WHERE "id" = ANY(ARRAY(
      SELECT "id" FROM "Delivery" WHERE ${free}
      ORDER BY "nextAttemptAt", "id" LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    )) AND ${free}
    RETURNING "id"`;
  return rows.map((r) => Number(r.id));
}

async function conditionalDeliveries(db: Db, owner: string, now: Date, until: Date, limit: number): Promise<number[]> {
  const free: Prisma.DeliveryWhereInput = {
    state: "queued",
    nextAttemptAt: { lte: now },
    OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }],
  };
  const due = await db.delivery.findMany({
    where: free,
    select: { id: true },
    orderBy: [{ nextAttemptAt: "asc" }, { id: "asc" }],
    take: limit,
  });
  if (due.length === 0) return [];
  const ids = due.map((d) => d.id);
  await retryBusy(() =>
    db.delivery.updateMany({ where: { id: { in: ids }, ...free }, data: { leaseOwner: owner, leaseUntil: until } }),
  );
  return ids;
}

/**
 * Due jobs (and runs whose lease expired: their worker died) claimed by `owner`, earliest
 * due first; each job to one claimer however many look at once.
 */
export async function claimDueJobs(db: Db, owner: string, now: Date, leaseMs: number, limit: number): Promise<Job[]> {
  const until = new Date(now.getTime() + leaseMs);
  const ids =
    dialectOf(db) === "postgresql"
      ? await skipLockedJobs(db, owner, now, until, limit)
      : await conditionalJobs(db, owner, now, until, limit);
  if (ids.length === 0) return [];
  return db.job.findMany({
    where: { id: { in: ids }, leaseOwner: owner, state: "running" },
    orderBy: [{ dueAt: "asc" }, { id: "asc" }],
  });
}

async function skipLockedJobs(db: Db, owner: string, now: Date, until: Date, limit: number): Promise<number[]> {
  const claimable = Prisma.sql`(("state" = 'due' AND "dueAt" <= ${now}) OR ("state" = 'running' AND "leaseUntil" < ${now}))`;
  const rows = await db.$queryRaw<{ id: number }[]>`
    UPDATE "Job" SET "state" = 'running', "leaseOwner" = ${owner}, "leaseUntil" = ${until}, "attempts" = "attempts" + 1
    WHERE "id" = ANY(ARRAY(
      SELECT "id" FROM "Job" WHERE ${claimable}
      ORDER BY "dueAt", "id" LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    )) AND ${claimable}
    RETURNING "id"`;
  return rows.map((r) => Number(r.id));
}

/** One conditional update per candidate: of two workers that see the same due job exactly one gets it. */
async function conditionalJobs(db: Db, owner: string, now: Date, until: Date, limit: number): Promise<number[]> {
  const claimable: Prisma.JobWhereInput = {
    OR: [
      { state: "due", dueAt: { lte: now } },
      { state: "running", leaseUntil: { lt: now } },
    ],
  };
  const candidates = await db.job.findMany({
    where: claimable,
    select: { id: true },
    orderBy: [{ dueAt: "asc" }, { id: "asc" }],
    take: limit,
  });
  const claimed: number[] = [];
  for (const { id } of candidates) {
    const r = await retryBusy(() =>
      db.job.updateMany({
        where: { id, ...claimable },
        data: { state: "running", leaseOwner: owner, leaseUntil: until, attempts: { increment: 1 } },
      }),
    );
    if (r.count === 1) claimed.push(id);
  }
  return claimed;
}
