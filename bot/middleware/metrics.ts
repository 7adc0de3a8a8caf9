import type { MiddlewareFn } from "telegraf";
import type { SapatContext } from "../context.ts";
import type { Metrics } from "../metrics.ts";

/**
 * Counts every update by its type and times it from its arrival to the end of the whole
 * chain — the wait for its chat's turn and a free slot included, as the person waits it.
 * First in the chain for that reason. Timed on the process's monotonic clock: deps.now is
 * the domain's clock, which tests fix.
 */
export function measured(metrics: Metrics): MiddlewareFn<SapatContext> {
  return async (ctx, next) => {
    const started = performance.now();
    try {
      await next();
    } finally {
      metrics.updateHandled(ctx.updateType, (performance.now() - started) / 1000);
    }
  };
}
