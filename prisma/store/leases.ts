// Roles only one process may hold at a time (the sender of a bot token): a row with an
// owner and an expiry. The holder renews it; when it dies, another takes over after expiry.
import { type Db, isUniqueViolation, retryBusy } from "./db.ts";

/** Takes or renews the lease; false when another owner holds it unexpired. */
export async function holdLease(db: Db, name: string, owner: string, now: Date, ttlMs: number): Promise<boolean> {
  const until = new Date(now.getTime() + ttlMs);
  const taken = await retryBusy(() =>
    db.workerLease.updateMany({
      where: { name, OR: [{ owner }, { until: { lt: now } }] },
      data: { owner, until },
    }),
  );
  if (taken.count === 1) return true;
  try {
    await retryBusy(() => db.workerLease.create({ data: { name, owner, until } }));
    return true;
  } catch (error) {
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}

export async function releaseLease(db: Db, name: string, owner: string): Promise<void> {
  await retryBusy(() => db.workerLease.deleteMany({ where: { name, owner } }));
}

export async function leaseHolder(db: Db, name: string): Promise<{ owner: string; until: Date } | null> {
  return db.workerLease.findUnique({ where: { name }, select: { owner: true, until: true } });
}
