// Each Telegram update handled once across bot processes: Telegram retries a webhook update
// whose answer was slow or failed, and a balancer may hand one update to two instances.
// The first process to record the update id handles it; any other copy is acknowledged
// and dropped. Telegram keeps an update at most a day, so older records are pruned now
// and then (every PRUNE_EVERY-th update id, whichever process takes it).
import { pruneUpdates, takeUpdate } from "../../../prisma/store/updates.ts";
import type { AppDeps } from "../deps.ts";

export const PRUNE_EVERY = 500;
/** Records older than this are forgotten: twice the day Telegram keeps an update. */
export const KEEP_UPDATES_MS = 48 * 3600_000;

/** True when this process takes the update (the first to record it); false for a copy. */
export async function firstTake(deps: AppDeps, updateId: number): Promise<boolean> {
  const now = deps.now();
  const first = await takeUpdate(deps.db, updateId, now);
  // a prune that fails (the database busy) is left to the next one
  if (first && updateId % PRUNE_EVERY === 0)
    await pruneUpdates(deps.db, new Date(now.getTime() - KEEP_UPDATES_MS)).catch(() => 0);
  return first;
}
