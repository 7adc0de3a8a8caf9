// The rate checks tests and benchmarks run over the call log: every send with its time, the
// busiest window, the closest two sends to one chat. Times are arrival times, as Telegram's
// flood control sees them (injected latency is the server's, not the client's, doing).
import { MESSAGE_METHODS } from "./faults.ts";
import type { ApiCall, SendFilter, SendTime } from "./types.ts";

export function sendTimesOf(calls: readonly ApiCall[], filter: SendFilter = {}): SendTime[] {
  const wanted = new Set(filter.methods ?? MESSAGE_METHODS);
  const since = filter.since ?? Number.NEGATIVE_INFINITY;
  const times: SendTime[] = [];
  for (const c of calls) {
    if (!wanted.has(c.method) || c.receivedAt < since) continue;
    const ok = c.error === undefined;
    if (filter.okOnly && !ok) continue;
    const chatId = c.params.chat_id;
    times.push({
      chatId: typeof chatId === "number" || typeof chatId === "string" ? chatId : undefined,
      at: c.at,
      receivedAt: c.receivedAt,
      method: c.method,
      ok,
      ...(c.fault ? { fault: c.fault } : {}),
    });
  }
  return times;
}

/** The most times within any half-open window [t, t + windowMs): sorted, then two pointers. */
export function maxInWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while ((sorted[end] ?? 0) - (sorted[start] ?? 0) >= windowMs) start++;
    best = Math.max(best, end - start + 1);
  }
  return best;
}

/** The smallest gap (ms) between two sends to the same chat; Infinity when no chat has two. */
export function minGapPerChat(sends: readonly Pick<SendTime, "chatId" | "receivedAt">[]): number {
  const sorted = [...sends].sort((a, b) => a.receivedAt - b.receivedAt);
  const last = new Map<number | string, number>();
  let gap = Number.POSITIVE_INFINITY;
  for (const { chatId, receivedAt } of sorted) {
    if (chatId === undefined) continue;
    const previous = last.get(chatId);
    if (previous !== undefined) gap = Math.min(gap, receivedAt - previous);
    last.set(chatId, receivedAt);
  }
  return gap;
}
