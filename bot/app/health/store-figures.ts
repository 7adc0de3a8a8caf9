// The figures /metrics reads from the database at scrape time: the outbox's backlog and
// every import recorded (CLI and bot alike). The same for every instance: they share it.
import { type ImportCount, importCounts, outboxBacklog } from "../../../prisma/store/health.ts";
import type { AppDeps } from "../deps.ts";
import { within } from "./within.ts";

export type { ImportCount };

export interface StoreFigures {
  /** queued deliveries, due or not */
  outboxDepth: number;
  /** how long the oldest due delivery has waited, s; 0 when none is due */
  outboxOldestSeconds: number;
  imports: ImportCount[];
}

/** Throws when the database fails or does not answer within `timeoutMs` (NoAnswer). */
export async function storeFigures(deps: AppDeps, timeoutMs: number): Promise<StoreFigures> {
  const now = deps.now();
  const [backlog, imports] = await within(timeoutMs, () => Promise.all([outboxBacklog(deps.db, now), importCounts(deps.db)]));
  const oldest = backlog.oldestDueAt ? Math.max(0, (now.getTime() - backlog.oldestDueAt.getTime()) / 1000) : 0;
  return { outboxDepth: backlog.queued, outboxOldestSeconds: oldest, imports };
}
