// Notice categories users switched off. (Interim: the settings branch brings the full set.)
import { chunks, type Db, ID_CHUNK } from "./db.ts";

/** Each user's switched-off categories, for many users in few queries. */
export async function mutedByUser(db: Db, userIds: readonly number[]): Promise<Map<number, Set<string>>> {
  const out = new Map<number, Set<string>>();
  for (const part of chunks(userIds, ID_CHUNK)) {
    const rows = await db.noticeOptOut.findMany({ where: { userId: { in: part } } });
    for (const r of rows) {
      const set = out.get(r.userId) ?? new Set<string>();
      set.add(r.category);
      out.set(r.userId, set);
    }
  }
  return out;
}
