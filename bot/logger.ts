// The logs: JSON lines on stderr, with errors reduced to what explains them. Message texts
// (the figures) and the bot token never reach a log line: Telegram errors keep the method,
// the code and the ids; every other error its type, message and stack, token redacted.
import { createRequire } from "node:module";
import pino from "pino";
import { TelegramError } from "telegraf";

/** Matches the token in a Bot API URL or message ("bot123:abc…/"), as telegraf itself redacts it. */
const TOKEN = /\b(bot)?(\d{3,}):[A-Za-z0-9_-]{20,}/g;

export function redactToken(text: string): string {
  return text.replace(TOKEN, (_m, bot: string | undefined, id: string) => `${bot ?? ""}${id}:[REDACTED]`);
}

/**
 * A refused Bot API call as it may be logged. Not the error itself: telegraf puts the call's
 * whole payload (the message text, i.e. the figures) on `error.on`.
 */
export function telegramFailure(error: TelegramError): Record<string, unknown> {
  const on = (error.on ?? {}) as { method?: unknown; payload?: { chat_id?: unknown } };
  return {
    method: on.method,
    code: error.code,
    description: error.description,
    ...(on.payload?.chat_id !== undefined ? { chat: on.payload.chat_id } : {}),
    ...(error.parameters?.retry_after !== undefined ? { retryAfter: error.parameters.retry_after } : {}),
  };
}

/**
 * Any error as it may be logged: a Telegram one reduced to telegramFailure, anything else
 * its type, code, message and stack (token redacted) and its cause, the same way. Own
 * properties are not copied: they are where payloads hide.
 */
export function safeError(error: unknown, depth = 0): Record<string, unknown> {
  if (error instanceof TelegramError) return { type: "TelegramError", ...telegramFailure(error) };
  if (!(error instanceof Error)) return { type: typeof error, message: redactToken(String(error)).slice(0, 300) };
  const code = (error as { code?: unknown }).code;
  return {
    type: error.name,
    message: redactToken(error.message),
    ...(typeof code === "string" || typeof code === "number" ? { code } : {}),
    ...(error.stack ? { stack: redactToken(error.stack) } : {}),
    ...(error.cause !== undefined && depth < 3 ? { cause: safeError(error.cause, depth + 1) } : {}),
  };
}

/** Log fields for any error: a Telegram one under `telegram`, anything else under `err`. */
export function loggableError(error: unknown): Record<string, unknown> {
  return error instanceof TelegramError ? { telegram: telegramFailure(error) } : { err: safeError(error) };
}

/**
 * JSON logs to stderr (stdout stays for the console's chat and the CLI's output); `err` goes
 * through safeError even when a caller passes an error as is.
 */
export function createLogger(level: string, destination: pino.DestinationStream = pino.destination(2)): pino.Logger {
  return pino(
    {
      level,
      base: { app: "sapat" },
      serializers: { err: (e: unknown) => (e instanceof Error ? safeError(e) : e) },
    },
    destination,
  );
}

let quieted = false;

/**
 * telegraf's HTTP client logs every call with its payload (the message texts) under the
 * `telegraf:client` debug namespace; that namespace stays off whatever DEBUG says. The
 * `debug` instance is telegraf's own, resolved from its location.
 */
export function quietTelegrafPayloads(): void {
  if (quieted) return;
  quieted = true;
  const require = createRequire(import.meta.url);
  const debug = createRequire(require.resolve("telegraf"))("debug") as { enable(ns: string): void; disable(): string };
  const enabled = debug.disable();
  debug.enable([enabled, "-telegraf:client"].filter(Boolean).join(","));
}
