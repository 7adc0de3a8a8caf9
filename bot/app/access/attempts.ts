// Limits on failed guesses (an invite code, a student id), counted per chat in the database:
// with several bot processes a guesser's tries add up wherever they land, and the window
// runs on the one clock, so tests can move past it.
import { countAttempt, currentAttempts } from "../../../prisma/store/attempts.ts";
import type { AppDeps } from "../deps.ts";

export interface AttemptLimit {
  /** what is counted: keys of different limits never mix */
  name: string;
  /** failed attempts allowed within the window */
  points: number;
  durationSeconds: number;
}

/** Minutes until the chat may try again, or null while it is under the limit. */
export async function blockedMinutes(deps: AppDeps, limit: AttemptLimit, chatId: string): Promise<number | null> {
  const now = deps.now();
  const window = await currentAttempts(deps.db, `${limit.name}:${chatId}`, now);
  if (!window || window.count < limit.points) return null;
  return Math.max(1, Math.ceil((window.until.getTime() - now.getTime()) / 60_000));
}

/** Counts a failed attempt; never fails the answer it belongs to (a busy database skips the count). */
export async function countFailure(deps: AppDeps, limit: AttemptLimit, chatId: string): Promise<void> {
  await countAttempt(deps.db, `${limit.name}:${chatId}`, deps.now(), limit.durationSeconds * 1000).catch(() => undefined);
}
