import pLimit from "p-limit";
import type { MiddlewareFn } from "telegraf";
import type { SapatContext } from "../context.ts";

/**
 * At most `n` updates are handled at once, the rest wait their turn in arrival order. A
 * burst (a hundred deans at nine in the morning) is then answered first come, first
 * served: interleaving all of them would make every one wait for the slowest.
 */
export function fairShare(n: number): MiddlewareFn<SapatContext> {
  const limit = pLimit(n);
  return (_ctx, next) => limit(next);
}
