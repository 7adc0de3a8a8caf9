import type { MiddlewareFn } from "telegraf";
import type { SapatContext } from "../context.ts";

/** One line per update: what it was, from whom, how long it took. */
export const logging: MiddlewareFn<SapatContext> = async (ctx, next) => {
  const started = performance.now();
  await next();
  ctx.deps.logger.info(
    { update: ctx.update.update_id, type: ctx.updateType, from: ctx.from?.id, ms: Math.round(performance.now() - started) },
    "update",
  );
};
