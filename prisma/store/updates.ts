// Telegram updates a bot process has taken, so that the same update arriving again (a
// webhook retried by Telegram, two instances behind one balancer) is handled once.
import { type Db, isUniqueViolation, retryBusy } from "./db.ts";

/**
 * Records the update as taken: true for the first taker, false when it was taken before
 * (by this process or another). The primary key decides, so two at once cannot both win.
 */
export async function takeUpdate(db: Db, updateId: number, now: Date): Promise<boolean> {
  try {
    await retryBusy(() => db.processedUpdate.create({ data: { updateId: BigInt(updateId), at: now } }), { attempts: 1 });
    return true;
  } catch (error) {
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}

/** Forgets updates taken before `before`; returns how many. */
export async function pruneUpdates(db: Db, before: Date): Promise<number> {
  const r = await retryBusy(() => db.processedUpdate.deleteMany({ where: { at: { lt: before } } }));
  return r.count;
}
