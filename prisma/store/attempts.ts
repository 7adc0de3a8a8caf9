// Failed attempts counted per key within a window (wrong invite codes, wrong student ids),
// in the database so that every bot process counts the same guesses.
import { type Db, retryBusy } from "./db.ts";

export interface AttemptWindow {
  count: number;
  /** when the window ends */
  until: Date;
}

/** The key's count in its current window; null when there is none or it has ended. */
export async function currentAttempts(db: Db, key: string, now: Date): Promise<AttemptWindow | null> {
  return db.attemptCount.findFirst({ where: { key, until: { gt: now } }, select: { count: true, until: true } });
}

/**
 * Counts one more attempt: the first in a window opens it for `windowMs`. The increment
 * happens in the database (an upsert), so attempts at the same moment are all counted.
 * Ended windows, this key's and others', are cleared on the way.
 */
export async function countAttempt(db: Db, key: string, now: Date, windowMs: number): Promise<void> {
  await retryBusy(() => db.attemptCount.deleteMany({ where: { until: { lte: now } } }));
  await retryBusy(() =>
    db.attemptCount.upsert({
      where: { key },
      create: { key, count: 1, until: new Date(now.getTime() + windowMs) },
      update: { count: { increment: 1 } },
    }),
  );
}
