import type { MiddlewareFn } from "telegraf";
import { firstTake } from "../app/updates/take-update.ts";
import type { SapatContext } from "../context.ts";
import { loggableError } from "../logger.ts";

/**
 * A copy of an update another process (or this one) already took is acknowledged and
 * dropped: with webhooks Telegram retries a slow answer, and behind a balancer two
 * instances may get the same update. Comes first, so a copy is let go at once rather than
 * queued behind the original. When the record cannot be written (the database down or
 * locked) the update is handled anyway: answering, or saying why not, beats silence.
 */
export const oncePerUpdate: MiddlewareFn<SapatContext> = async (ctx, next) => {
  const update = ctx.update.update_id;
  let first = true;
  try {
    first = await firstTake(ctx.deps, update);
  } catch (error) {
    ctx.deps.logger.warn({ update, ...loggableError(error) }, "update not recorded; handled without the duplicate check");
  }
  if (!first) {
    ctx.deps.logger.info({ update, type: ctx.updateType }, "update already taken: dropped");
    return;
  }
  await next();
};
