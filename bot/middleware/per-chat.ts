import type { MiddlewareFn } from "telegraf";
import type { SapatContext } from "../context.ts";

/**
 * One chat's updates are handled one after another, in arrival order: telegraf handles a
 * batch of updates at once, and two fast presses of Confirm, or a number typed right after
 * a button, must not overtake each other. Other chats are not held up (fairShare bounds how
 * many run at once). A failed update does not stop the chat's next one.
 * Across instances behind a webhook no lock is needed: Telegram sends a chat's next update
 * only after the previous one was answered, and the webhook answers once the update has
 * been handled. (A retry of an answer slower than Telegram waits is dropped as a copy; the
 * chat's next update may then overlap it, which confirmations survive: they are claims.)
 */
export function perChat(): MiddlewareFn<SapatContext> {
  const tails = new Map<number, Promise<void>>();
  return (ctx, next) => {
    const chat = ctx.chat?.id ?? ctx.from?.id;
    if (chat === undefined) return next();
    const previous = tails.get(chat) ?? Promise.resolve();
    const run = previous.then(() => next());
    const tail = run.then(
      () => undefined,
      () => undefined,
    );
    tails.set(chat, tail);
    // the last one out forgets the chat, so the map holds only chats with updates in flight
    void tail.then(() => {
      if (tails.get(chat) === tail) tails.delete(chat);
    });
    return run;
  };
}
