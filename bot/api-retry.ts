// Telegram answers 429 "Too Many Requests: retry after N" when a bot sends too fast; the
// call is then simply to be made again after N seconds. And a call must not hang: telegraf
// gives node-fetch 500 s, so a Bot API server that accepts and never answers would hold an
// answer (and a shutdown) that long. Every Bot API call of a telegraf Telegram instance goes
// through its callApi, so wrapping that one method covers them all.
import { type Telegram, TelegramError } from "telegraf";

export interface ApiRetryOptions {
  /** Longest total wait for one call across its retries, ms; beyond it the 429 is thrown. Default 30 s. */
  maxWaitMs?: number;
  /** Most attempts of one call, the first included. Default 5. */
  maxAttempts?: number;
  /** Added to every retry_after, ms, so the retry lands after Telegram's window. Default 250. */
  marginMs?: number;
  /**
   * Longest one attempt of a call may take, ms; then it fails with ApiTimeoutError. Not for
   * calls that bring their own abort signal (telegraf's long polling). Default 30 s.
   */
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
  logger?: { warn(details: object, message: string): void };
}

/** A Bot API call that got no answer within the timeout. */
export class ApiTimeoutError extends Error {
  constructor(
    readonly method: string,
    readonly timeoutMs: number,
  ) {
    super(`${method}: no answer from the Bot API within ${timeoutMs} ms`);
    this.name = "ApiTimeoutError";
  }
}

const INSTALLED = Symbol("sapat.apiRetry");

type CallApi = Telegram["callApi"];

/** The seconds a 429 asks to wait, or undefined when the error is anything else. */
export function retryAfterSeconds(error: unknown): number | undefined {
  if (!(error instanceof TelegramError) || error.code !== 429) return undefined;
  const seconds = error.parameters?.retry_after;
  return typeof seconds === "number" && seconds >= 0 ? seconds : undefined;
}

/**
 * Makes `telegram` wait out and retry 429s, within the bounds; every other error, and a
 * 429 beyond them, is thrown as before. Installing twice on one instance is a no-op.
 */
export function installApiRetry(telegram: Telegram, options: ApiRetryOptions = {}): void {
  const marked = telegram as Telegram & { [INSTALLED]?: true };
  if (marked[INSTALLED]) return;
  marked[INSTALLED] = true;

  const maxWaitMs = options.maxWaitMs ?? 30_000;
  const maxAttempts = options.maxAttempts ?? 5;
  const marginMs = options.marginMs ?? 250;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const timeoutMs = options.timeoutMs ?? 30_000;
  const bound: CallApi = telegram.callApi.bind(telegram);
  const callApi = (async (...args: Parameters<CallApi>) => {
    const [method, payload, callOptions] = args;
    if (callOptions?.signal) return bound(...args);
    const signal = AbortSignal.timeout(timeoutMs);
    try {
      // node-fetch v2 takes any AbortSignal; telegraf's types want its polyfill's
      return await bound(method, payload, { signal } as Parameters<CallApi>[2]);
    } catch (error) {
      if (signal.aborted) throw new ApiTimeoutError(method, timeoutMs);
      throw error;
    }
  }) as CallApi;

  const withRetry = async (...args: Parameters<CallApi>) => {
    const [method, , callOptions] = args;
    let waited = 0;
    for (let attempt = 1; ; attempt++) {
      try {
        return await callApi(...args);
      } catch (error) {
        const seconds = retryAfterSeconds(error);
        if (seconds === undefined || attempt >= maxAttempts || callOptions?.signal?.aborted) throw error;
        const delay = seconds * 1000 + marginMs;
        if (waited + delay > maxWaitMs) throw error;
        // Method and wait only: the payload holds the message text.
        options.logger?.warn({ method, retryAfter: seconds, attempt }, "telegram 429, retrying");
        await sleep(delay);
        waited += delay;
      }
    }
  };
  telegram.callApi = withRetry as CallApi;
}
