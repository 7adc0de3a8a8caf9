// The notice categories users switched off (NoticeOptOut): one row per user and category
// switched off, none for what they receive. Which categories may be switched off is the
// use case's decision (core/delivery/categories.ts), not the store's.
import { chunks, type Db, isUniqueViolation, retryBusy } from "./db.ts";

/** User ids per `userId IN (…)` read: well under SQLite's bound-parameter limit. */
export const OPT_OUT_CHUNK = 500;

/** The categories one user switched off. */
export async function mutedCategories(db: Db, userId: number): Promise<Set<string>> {
  const rows = await db.noticeOptOut.findMany({ where: { userId }, select: { category: true } });
  return new Set(rows.map((r) => r.category));
}

/**
 * The categories each of these users switched off, for a whole audience at once: one query
 * per OPT_OUT_CHUNK ids. Users who switched nothing off have no entry.
 */
export async function mutedByUser(db: Db, userIds: readonly number[]): Promise<Map<number, Set<string>>> {
  const out = new Map<number, Set<string>>();
  for (const ids of chunks([...new Set(userIds)], OPT_OUT_CHUNK)) {
    const rows = await db.noticeOptOut.findMany({
      where: { userId: { in: ids } },
      select: { userId: true, category: true },
    });
    for (const r of rows) {
      const muted = out.get(r.userId) ?? new Set<string>();
      muted.add(r.category);
      out.set(r.userId, muted);
    }
  }
  return out;
}

/**
 * Switches a category on (no opt-out row) or off (one row). Idempotent: switching on what
 * is on, or off what is off, changes nothing.
 */
export async function setNoticeCategory(db: Db, userId: number, category: string, on: boolean): Promise<void> {
  const data = { userId, category };
  if (on) {
    await retryBusy(() => db.noticeOptOut.deleteMany({ where: data }));
    return;
  }
  try {
    await retryBusy(() => db.noticeOptOut.create({ data }));
  } catch (error) {
    // already off (a second press, or two presses at once): nothing to do
    if (!isUniqueViolation(error)) throw error;
  }
}
