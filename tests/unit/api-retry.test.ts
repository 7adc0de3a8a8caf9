import { Telegram, TelegramError } from "telegraf";
import { describe, expect, it } from "vitest";
import { type ApiRetryOptions, installApiRetry } from "../../bot/api-retry.ts";

const tooMany = (seconds: number) =>
  new TelegramError({
    error_code: 429,
    description: `Too Many Requests: retry after ${seconds}`,
    parameters: { retry_after: seconds },
  });
const badRequest = () => new TelegramError({ error_code: 400, description: "Bad Request: chat not found" });

/** A Telegram whose HTTP layer is a script: each call takes the next outcome (an Error is thrown). */
function scripted(outcomes: unknown[], options: Omit<ApiRetryOptions, "sleep"> = {}) {
  const telegram = new Telegram("1:test", { apiRoot: "http://127.0.0.1:9" });
  const calls: string[] = [];
  const sleeps: number[] = [];
  const warnings: object[] = [];
  telegram.callApi = (async (method: string) => {
    calls.push(method);
    const next = outcomes.shift();
    if (next instanceof Error) throw next;
    return next;
  }) as Telegram["callApi"];
  const retry: ApiRetryOptions = {
    ...options,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    logger: { warn: (details) => warnings.push(details) },
  };
  installApiRetry(telegram, retry);
  return { telegram, calls, sleeps, warnings, retry };
}

describe("installApiRetry", () => {
  it("waits retry_after plus a margin and makes the call again", async () => {
    const sent = { message_id: 5 };
    const { telegram, calls, sleeps, warnings } = scripted([tooMany(2), tooMany(1), sent], { marginMs: 100 });
    expect(await telegram.sendMessage(42, "secret figures")).toBe(sent);
    expect(calls).toEqual(["sendMessage", "sendMessage", "sendMessage"]);
    expect(sleeps).toEqual([2100, 1100]);
    expect(warnings).toEqual([
      { method: "sendMessage", retryAfter: 2, attempt: 1 },
      { method: "sendMessage", retryAfter: 1, attempt: 2 },
    ]);
    expect(JSON.stringify(warnings)).not.toContain("secret");
  });

  it("gives up with the 429 once the total wait would pass maxWaitMs", async () => {
    const last = tooMany(3);
    const { telegram, calls, sleeps } = scripted([tooMany(3), last, { message_id: 1 }], { maxWaitMs: 5000, marginMs: 0 });
    await expect(telegram.sendMessage(42, "x")).rejects.toBe(last);
    expect(calls).toHaveLength(2);
    expect(sleeps).toEqual([3000]);
  });

  it("gives up with the 429 after maxAttempts", async () => {
    const { telegram, calls } = scripted([tooMany(0), tooMany(0), tooMany(0), true], { maxAttempts: 3 });
    await expect(telegram.sendChatAction(42, "typing")).rejects.toMatchObject({ code: 429 });
    expect(calls).toHaveLength(3);
  });

  it("never retries a 400, a 403 or a network error", async () => {
    for (const error of [
      badRequest(),
      new TelegramError({ error_code: 403, description: "Forbidden: bot was blocked by the user" }),
      new Error("ECONNRESET"),
    ]) {
      const { telegram, calls, sleeps } = scripted([error, { message_id: 1 }]);
      await expect(telegram.sendMessage(42, "x")).rejects.toBe(error);
      expect(calls).toHaveLength(1);
      expect(sleeps).toEqual([]);
    }
  });

  it("wraps an instance once however often it is installed", async () => {
    const { telegram, calls, retry } = scripted([tooMany(0), tooMany(0), tooMany(0), tooMany(0)], { maxAttempts: 2 });
    installApiRetry(telegram, retry);
    await expect(telegram.getMe()).rejects.toMatchObject({ code: 429 });
    expect(calls).toHaveLength(2); // wrapped twice it would be 2 × 2
  });
});
