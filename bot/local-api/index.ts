/**
 * A local stand-in for the Telegram Bot API.
 *
 * The real telegraf bot polls it exactly as it polls api.telegram.org
 * (`new Telegraf(token, { telegram: { apiRoot } })`), so the end-to-end tests and the
 * terminal console exercise the production code path without Telegram. It keeps
 * chats, messages and uploaded files in memory, records every API call, and answers
 * with Bot-API-shaped results and the Bot API's own error texts for the mistakes a
 * bot typically makes (message not modified, text too long, bad HTML, stale callback
 * query, callback_data over 64 bytes, …), so those mistakes surface locally.
 *
 * Modules: `local-bot-api.ts` the class tests and the console use; `server.ts` HTTP and
 * routing, `http.ts` the wire format; `methods.ts` the method table over `state.ts`
 * (chats, messages) and `media.ts` (files); `updates.ts` the queue and long polling;
 * `recorder.ts` the call log, `send-stats.ts` the rate checks over it (busiest window, closest
 * sends to one chat); `parse-mode.ts` (+ `html.ts`, `markdown.ts`) the entity checks;
 * `markup.ts` keyboards; `webhook.ts` webhook mode: updates POSTed, as Telegram does, through
 * a load balancer in front of several bot instances; `faults.ts` injected failures (429
 * retry_after, 500, answers lost after the send, latency, hang) and `fates.ts` the per-chat
 * ones (403 blocked / not started / deactivated, 400 chat not found; listed, or a seeded
 * hashed share of recipients). A chat_id may come as 123 or "123". It imports nothing of
 * the product: it is a test tool.
 */
export type { ChatFate, ForbiddenReason } from "./fates.ts";
export {
  BLOCKED,
  CHAT_NOT_FOUND,
  DEACTIVATED,
  type FaultKind,
  type FaultOptions,
  INTERNAL_SERVER_ERROR,
  MESSAGE_METHODS,
  NOT_STARTED,
  type Range,
  seededRandom,
  tooManyRequests,
} from "./faults.ts";
export { LocalBotApi } from "./local-bot-api.ts";
export {
  type ApiCall,
  type ApiErrorBody,
  BotApiError,
  type CallbackQueryUpdate,
  type ChatMessage,
  type DocumentInput,
  type DocumentMessageUpdate,
  type LocalBotApiOptions,
  type LocalMessage,
  type LocalUser,
  type ReplyMarkup,
  type SendFilter,
  type SendTime,
  type TextMessageUpdate,
  type UpdateInput,
} from "./types.ts";
export type { BalancerOptions, WebhookDelivery, WebhookPost } from "./webhook.ts";
