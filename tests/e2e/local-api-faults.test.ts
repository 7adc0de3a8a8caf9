// The local Bot API's faults for bulk delivery: chat ids as text, the three 403s and the
// hashed recipient shares, 500s, answers lost after the send, and the rate checks.
import { Telegraf } from "telegraf";
import { afterEach, describe, expect, it } from "vitest";
import { type ApiCall, type FaultOptions, LocalBotApi, type LocalBotApiOptions } from "../../bot/local-api/index.ts";
import { maxInWindow, minGapPerChat } from "../../bot/local-api/send-stats.ts";

interface Answer {
  ok: boolean;
  error_code?: number;
  description?: string;
  result?: { message_id: number; chat: { id: number; type: string } };
}

let cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const fn of cleanup.reverse()) await fn();
  cleanup = [];
});

async function start(options: LocalBotApiOptions = {}) {
  const api = new LocalBotApi({ waitTimeoutMs: 2000, ...options });
  const { apiRoot } = await api.start();
  cleanup.push(() => api.stop());
  const post = (method: string, body: Record<string, unknown>, signal?: AbortSignal) =>
    fetch(`${apiRoot}/bot${api.token}/${method}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
      signal,
    });
  const call = async (method: string, body: Record<string, unknown> = {}) => {
    const res = await post(method, body);
    const answer = (await res.json()) as Answer;
    expect(res.status).toBe(answer.ok ? 200 : answer.error_code);
    return answer;
  };
  return { api, apiRoot, post, call };
}

/** Runs `fn` over `items`, `width` at a time: a burst like a delivery engine's, without 2 000 sockets. */
async function inParallel<T, R>(items: readonly T[], width: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += width) out.push(...(await Promise.all(items.slice(i, i + width).map(fn))));
  return out;
}

const send = (chatId: number | string, text = "hi") => ({ chat_id: chatId, text });
/** 2 000 ids spread like real ones (large, not consecutive). */
const RECIPIENTS = Array.from({ length: 2000 }, (_, i) => 5_000_000_000 + i * 7919);

describe("chat ids sent as numeric strings", () => {
  it('treats "123" as 123 in the chats, the faults, the call log and the helpers', async () => {
    const { api, apiRoot, call } = await start({ faults: { blockedChats: [3102] } });
    const first = await call("sendMessage", send("3101", "one"));
    expect(first.result?.chat).toMatchObject({ id: 3101, type: "private" });
    const second = await call("sendMessage", send(3101, "two"));
    expect(second.result?.message_id).toBe(2); // the same chat
    // Telegraf passes a text id through as it is.
    const bot = new Telegraf(api.token, { telegram: { apiRoot } });
    expect((await bot.telegram.sendMessage("3101", "three")).message_id).toBe(3);

    expect(api.messages(3101).map((m) => m.text)).toEqual(["one", "two", "three"]);
    expect(api.messages("3101")).toHaveLength(3);
    expect(api.deliveredCount("3101")).toBe(3);
    expect(api.lastBotMessage("3101")?.text).toBe("three");
    expect(api.calls.map((c) => c.params.chat_id)).toEqual([3101, 3101, 3101]);
    expect((await api.waitFor("sendMessage", (c) => c.params.chat_id === 3101)).params.text).toBe("one");
    expect(api.sendTimes().map((t) => t.chatId)).toEqual([3101, 3101, 3101]);

    expect((await call("sendMessage", send("-100500"))).result?.chat).toMatchObject({ id: -100500, type: "group" });
    expect(await call("sendMessage", send("3102"))).toMatchObject({ error_code: 403 });
    expect(api.fateOf("3102")).toBe("blocked");
    for (const bad of ["abc", "@someone", "12a", ""]) {
      const answer = await call("sendMessage", send(bad));
      expect(answer.error_code).toBe(400);
    }
    expect(api.fateOf("@someone")).toBe("chatNotFound");
    expect(api.calls.at(-3)?.error?.description).toBe("Bad Request: chat not found");
  });
});

describe("chats Telegram refuses", () => {
  it("answers each listed 403 with Telegram's own description, whatever the method", async () => {
    const { api, call } = await start({
      faults: { forbiddenChats: { 3201: "blocked", 3202: "notStarted", 3203: "deactivated" }, blockedChats: [3204] },
    });
    const descriptions: Array<string | undefined> = [];
    for (const chat of [3201, 3202, 3203, 3204]) {
      const answer = await call("sendMessage", send(chat));
      expect(answer.error_code).toBe(403);
      descriptions.push(answer.description);
    }
    expect(descriptions).toEqual([
      "Forbidden: bot was blocked by the user",
      "Forbidden: bot can't initiate conversation with a user",
      "Forbidden: user is deactivated",
      "Forbidden: bot was blocked by the user",
    ]);
    expect((await call("sendChatAction", { chat_id: "3203", action: "typing" })).error_code).toBe(403);
    expect(api.calls.map((c) => c.fault)).toEqual(["blocked", "notStarted", "deactivated", "blocked", "deactivated"]);
    expect(api.deliveredCount(3201)).toBe(0);
  });

  it("refuses a hashed share of recipients: the same chats every run, about the share, order aside", async () => {
    const shares = { blocked: 0.03, notStarted: 0.01, deactivated: 0.01, chatNotFound: 0.01 };
    const { api, call } = await start({ faults: { seed: 42, recipientShares: shares } });
    const fates = new Map(RECIPIENTS.map((id) => [id, api.fateOf(id)]));
    const count = (fate: string) => [...fates.values()].filter((f) => f === fate).length;
    // Expected 60, 20, 20, 20 of 2 000; a hash that ignored the share or the id would miss.
    expect(count("blocked")).toBeGreaterThanOrEqual(40);
    expect(count("blocked")).toBeLessThanOrEqual(80);
    for (const fate of ["notStarted", "deactivated", "chatNotFound"]) {
      expect(count(fate)).toBeGreaterThanOrEqual(8);
      expect(count(fate)).toBeLessThanOrEqual(32);
    }

    // Sent in reverse order, in bursts of 50: every chat gets exactly its fate's answer.
    const expected = { blocked: 403, notStarted: 403, deactivated: 403, chatNotFound: 400 } as const;
    const answers = await inParallel(
      [...RECIPIENTS].reverse(),
      50,
      async (id) => [id, await call("sendMessage", send(String(id)))] as const,
    );
    for (const [id, answer] of answers) {
      const fate = fates.get(id);
      expect(answer.ok ? undefined : answer.error_code).toBe(fate ? expected[fate] : undefined);
      expect(api.deliveredCount(id)).toBe(fate ? 0 : 1);
    }
    const refused = api.calls.filter((c) => c.error).map((c) => c.fault);
    expect(refused.filter((f) => f === "unknownChat")).toHaveLength(count("chatNotFound"));

    // Only message methods: a doomed chat still gets its chat action.
    const doomed = RECIPIENTS.find((id) => fates.get(id) === "deactivated") ?? 0;
    expect((await call("sendChatAction", { chat_id: doomed, action: "typing" })).ok).toBe(true);

    // A restarted server with the same seed dooms the same chats; another seed, others.
    const again = new LocalBotApi({ faults: { seed: 42, recipientShares: shares } });
    expect(RECIPIENTS.every((id) => again.fateOf(id) === fates.get(id))).toBe(true);
    again.setFaults({ seed: 43, recipientShares: shares });
    expect(RECIPIENTS.filter((id) => again.fateOf(id) !== fates.get(id)).length).toBeGreaterThan(50);
  });

  it("refuses shares that are not a share of the recipients", () => {
    const api = new LocalBotApi();
    expect(() => api.setFaults({ recipientShares: { blocked: 0.7, chatNotFound: 0.4 } })).toThrow(/more than 1/);
    expect(() => api.setFaults({ recipientShares: { notStarted: -0.1 } })).toThrow(/within 0..1/);
  });
});

describe("500s and answers lost after the send", () => {
  it("answers a seeded share of sends 500 without storing them; other faults' draws unchanged", async () => {
    const chats = Array.from({ length: 200 }, (_, i) => 7000 + i);
    const run = async (faults: FaultOptions) => {
      const { api, call } = await start({ faults });
      const answers = await inParallel(chats, 20, (chat) => call("sendMessage", send(chat)));
      expect((await call("getMe")).ok).toBe(true); // not a message method
      return { api, answers };
    };
    // In arrival order (the order draws are made), not chat order: the bursts interleave.
    const got429 = (r: { api: LocalBotApi }) => r.api.sendTimes().map((t) => t.fault === "tooManyRequests");
    const { api, answers } = await run({ seed: 3, serverErrors: { share: 0.2 } });
    const failed = answers.filter((a) => !a.ok);
    expect(failed.length).toBeGreaterThanOrEqual(25); // expected 40
    expect(failed.length).toBeLessThanOrEqual(55);
    expect(failed[0]).toEqual({ ok: false, error_code: 500, description: "Internal Server Error" });
    expect(api.calls.filter((c) => c.fault === "serverError")).toHaveLength(failed.length);
    expect(chats.filter((c) => api.deliveredCount(c) === 1)).toHaveLength(200 - failed.length);

    // 429s come from their own stream: the same calls get them with 500s on or off.
    const tmr = { share: 0.3, retryAfter: 1 };
    const only429 = await run({ seed: 3, tooManyRequests: tmr });
    const both = await run({ seed: 3, tooManyRequests: tmr, serverErrors: { share: 0.2 } });
    expect(got429(both)).toEqual(got429(only429));
  });

  it("stores a dropped send and destroys the connection: the client errs, the message arrived", async () => {
    const { api, post, call } = await start({ faults: { dropAfterSend: { share: 1 } } });
    await expect(post("sendMessage", send(7301, "lost answer"))).rejects.toThrow(/fetch failed/);
    expect(api.messages(7301).map((m) => m.text)).toEqual(["lost answer"]);
    const dropped = api.calls.at(-1) as ApiCall;
    expect(dropped).toMatchObject({ method: "sendMessage", fault: "dropped" });
    expect(dropped.error).toBeUndefined();
    expect(api.sendTimes().map(({ ok, fault }) => ({ ok, fault }))).toEqual([{ ok: true, fault: "dropped" }]);
    expect((await call("sendChatAction", { chat_id: 7301, action: "typing" })).ok).toBe(true); // still serving

    // After a delay the client has given up first; the message is there all the same.
    api.setFaults({ dropAfterSend: { share: 1, delayMs: 300 } });
    await expect(post("sendMessage", send(7302, "timed out"), AbortSignal.timeout(50))).rejects.toThrow(/aborted/);
    await api.waitFor("sendMessage", (c) => c.params.chat_id === 7302);
    expect(api.deliveredCount(7302)).toBe(1);
    // Stopped with that connection still pending: the late destroy() must not throw.
    await api.stop();
    await new Promise((resolve) => setTimeout(resolve, 350));
  });

  it("drops about the share of sends, only sendMessage by default", async () => {
    const { api, post, call } = await start({ faults: { seed: 9, dropAfterSend: { share: 0.25 } } });
    const chats = Array.from({ length: 80 }, (_, i) => 7400 + i);
    const errs = await inParallel(chats, 10, (chat) =>
      post("sendMessage", send(chat))
        .then((res) => res.json())
        .then(
          () => false,
          () => true,
        ),
    );
    const lost = errs.filter(Boolean).length;
    expect(lost).toBeGreaterThanOrEqual(10); // expected 20
    expect(lost).toBeLessThanOrEqual(32);
    expect(api.calls.filter((c) => c.fault === "dropped")).toHaveLength(lost);
    expect(chats.every((chat) => api.deliveredCount(chat) === 1)).toBe(true);
    const photo = { chat_id: 7400, photo: "https://example.org/a.png" };
    for (let i = 0; i < 5; i++) expect((await call("sendPhoto", photo)).ok).toBe(true);
  });
});

describe("rate checks over the sends", () => {
  it("counts the busiest half-open window and the closest sends to one chat", () => {
    expect(maxInWindow([], 1000)).toBe(0);
    expect(maxInWindow([0, 1000], 1000)).toBe(1); // [t, t+1000) excludes t+1000
    expect(maxInWindow([0, 999], 1000)).toBe(2);
    expect(maxInWindow([1200, 0, 100, 200, 1100, 1150, 1199], 1000)).toBe(4); // unsorted in
    expect(maxInWindow([0, 10, 20, 30, 5000], 25)).toBe(3);
    expect(minGapPerChat([])).toBe(Number.POSITIVE_INFINITY);
    const sends = [
      { chatId: 1, receivedAt: 0 },
      { chatId: 2, receivedAt: 10 },
      { chatId: 1, receivedAt: 1500 },
      { chatId: 2, receivedAt: 1200 },
      { chatId: 1, receivedAt: 2700 },
    ];
    expect(minGapPerChat(sends)).toBe(1190);
  });

  it("filters by outcome, method and time through LocalBotApi", () => {
    const api = new LocalBotApi();
    const log = (method: string, chatId: number, receivedAt: number, refused = false): ApiCall => ({
      method,
      params: { chat_id: chatId },
      at: receivedAt + 5,
      receivedAt,
      ...(refused ? { error: { error_code: 429, description: "Too Many Requests: retry after 1" } } : {}),
    });
    // A chosen log: a refused send and a retry to chat 1, 300 ms apart; a getMe in the busiest second.
    api.calls.push(
      log("sendMessage", 1, 1000, true),
      log("sendMessage", 2, 1100),
      log("getMe", 0, 1200),
      log("sendMessage", 1, 1300),
      log("editMessageText", 2, 1900),
      log("sendMessage", 3, 2500),
    );
    expect(api.maxSendsInWindow()).toBe(4);
    expect(api.maxSendsInWindow(1000, { okOnly: true })).toBe(3);
    expect(api.maxSendsInWindow(1000, { methods: ["sendMessage"] })).toBe(3);
    expect(api.maxSendsInWindow(500)).toBe(3);
    expect(api.minGapPerChat()).toBe(300);
    expect(api.minGapPerChat({ okOnly: true })).toBe(800);
    expect(api.minGapPerChat({ methods: ["sendMessage"], okOnly: true })).toBe(Number.POSITIVE_INFINITY);
    expect(api.maxSendsInWindow(1000, { since: 1250 })).toBe(2);
  });
});
