import { crc32, deflateSync } from "node:zlib";
import { Markup, Telegraf } from "telegraf";
import type { Update } from "telegraf/types";
import { afterEach, describe, expect, it } from "vitest";
import { LocalBotApi, type LocalBotApiOptions, type LocalUser } from "../../bot/local-api/index.ts";

/** A real (decodable) RGB PNG of the given size. */
function makePng(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(width * 3, 0x7f)]);
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(raw)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

const alice: LocalUser = { id: 1001, firstName: "Alice", username: "alice", languageCode: "ru" };

let cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const fn of cleanup.reverse()) await fn();
  cleanup = [];
});

async function startApi(options: LocalBotApiOptions = {}): Promise<{ api: LocalBotApi; apiRoot: string }> {
  const api = new LocalBotApi({ botUsername: "sapat_test_bot", waitTimeoutMs: 3000, ...options });
  const { apiRoot } = await api.start();
  cleanup.push(() => api.stop());
  return { api, apiRoot };
}

/** Launches a real telegraf bot against the local API; resolves once it is polling. */
async function launch(api: LocalBotApi, bot: Telegraf): Promise<{ stop: () => Promise<void> }> {
  const running = bot.launch();
  await api.waitFor("getUpdates");
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    bot.stop("test");
    await running; // resolves after the final offset sync
  };
  cleanup.push(stop); // runs before api.stop() (cleanup is reversed)
  return { stop };
}

describe("LocalBotApi with a real telegraf bot", () => {
  it("round-trips commands, buttons, edits, photos and documents", async () => {
    const started = Date.now();
    const { api, apiRoot } = await startApi();
    const bot = new Telegraf(api.token, { telegram: { apiRoot } });
    const handled: number[] = [];
    const errors: unknown[] = [];
    const png = makePng(3, 2);

    bot.use((ctx, next) => {
      handled.push(ctx.update.update_id);
      return next();
    });
    bot.start((ctx) => ctx.reply(`payload=${ctx.payload}`));
    bot.command("menu", (ctx) =>
      ctx.reply("Pick <b>one</b>", {
        parse_mode: "HTML",
        ...Markup.inlineKeyboard([Markup.button.callback("Alpha", "pick:a"), Markup.button.callback("Beta", "pick:b")]),
      }),
    );
    bot.action(/^pick:(.+)$/, async (ctx) => {
      await ctx.editMessageText(`Picked ${ctx.match[1]}`);
      await ctx.answerCbQuery("Done");
    });
    bot.command("chart", (ctx) => ctx.replyWithPhoto({ source: png, filename: "chart.png" }, { caption: "Chart" }));
    bot.command("export", (ctx) =>
      ctx.replyWithDocument(
        { source: Buffer.from("a,b\n1,2\n"), filename: "report.csv" },
        Markup.inlineKeyboard([Markup.button.callback("Again", "export")]),
      ),
    );
    bot.on("document", async (ctx) => {
      const link = await ctx.telegram.getFileLink(ctx.message.document.file_id);
      const bytes = Buffer.from(await (await fetch(link)).arrayBuffer());
      await ctx.reply(`got ${ctx.message.document.file_name} ${bytes.length} bytes: ${bytes.toString()}`);
    });
    bot.catch((err) => {
      errors.push(err);
    });
    const { stop } = await launch(api, bot);

    // Command → text with an inline keyboard (HTML parsed as Telegram would).
    api.mark();
    const menuUpdate = api.sendText(alice, "/menu");
    const sent = await api.waitFor("sendMessage");
    expect(sent.params.chat_id).toBe(alice.id);
    const menu = api.lastBotMessage(alice.id);
    expect(menu?.text).toBe("Pick one");
    expect(menu?.entities).toEqual([{ type: "bold", offset: 5, length: 3 }]);
    expect(menu?.reply_markup).toEqual({
      inline_keyboard: [
        [
          { text: "Alpha", callback_data: "pick:a", hide: false },
          { text: "Beta", callback_data: "pick:b", hide: false },
        ],
      ],
    });
    expect(menu?.message_id).toBe(menuUpdate.message.message_id + 1); // ids are per chat, shared with the user

    // Button → edit + answer; the edit without reply_markup drops the keyboard.
    api.mark();
    api.pressButton(alice.id, menu?.message_id ?? 0, "pick:b");
    const answer = await api.waitFor("answerCallbackQuery");
    expect(answer.params.text).toBe("Done");
    expect(answer.error).toBeUndefined();
    expect(api.callsSinceMark("editMessageText")).toHaveLength(1);
    const edited = api.messages(alice.id).find((m) => m.message_id === menu?.message_id);
    expect(edited?.text).toBe("Picked b");
    expect(edited?.edit_date).toBeTypeOf("number");
    expect(edited?.reply_markup).toBeUndefined();
    expect(() => api.pressButton(alice.id, menu?.message_id ?? 0, "pick:a")).toThrow(/no button "pick:a"/);

    // Photo as multipart: the bytes arrive intact.
    api.mark();
    api.sendText(alice, "/chart");
    const photoCall = await api.waitFor("sendPhoto");
    expect(Buffer.isBuffer(photoCall.params.photo)).toBe(true);
    expect((photoCall.params.photo as Buffer).equals(png)).toBe(true);
    expect(photoCall.params.chat_id).toBe(alice.id); // multipart strings are typed back
    const photo = api.lastBotMessage(alice.id);
    expect(photo?.photo?.equals(png)).toBe(true);
    expect(photo?.caption).toBe("Chart");
    expect(photo?.raw).toMatchObject({ photo: [{ width: 3, height: 2, file_size: png.length }] });

    // Document as multipart with reply_markup JSON inside the form.
    api.mark();
    api.sendText(alice, "/export");
    const docCall = await api.waitFor("sendDocument");
    expect(docCall.params.reply_markup).toEqual({ inline_keyboard: [[{ text: "Again", callback_data: "export", hide: false }]] });
    const doc = api.lastBotMessage(alice.id)?.document;
    expect(doc).toMatchObject({ fileName: "report.csv", mimeType: "text/csv" });
    expect(doc?.bytes.toString()).toBe("a,b\n1,2\n");

    // A user's upload the bot downloads through getFile + /file/bot<token>/<path>.
    api.mark();
    api.sendDocument(alice, { fileName: "grades.csv", bytes: Buffer.from("x;y") });
    const got = await api.waitFor("sendMessage");
    expect(got.params.text).toBe("got grades.csv 3 bytes: x;y");

    // Deep link payload; a command addressed to another bot is ignored, ours is handled.
    api.mark();
    api.sendText(alice, "/menu@some_other_bot");
    api.sendText(alice, "/start CODE42");
    await api.waitFor("sendMessage", (c) => c.params.text === "payload=CODE42");
    expect(api.callsSinceMark("sendMessage")).toHaveLength(1);
    api.mark();
    api.sendText(alice, "/menu@sapat_test_bot");
    await api.waitFor("sendMessage", (c) => c.params.text === "Pick <b>one</b>");

    // Telegram's errors reach the bot as TelegramError.
    const last = api.lastBotMessage(alice.id);
    const sameMenu = { parse_mode: "HTML" as const, reply_markup: menu?.raw.reply_markup };
    await expect(
      bot.telegram.editMessageText(alice.id, last?.message_id, undefined, "Pick <b>one</b>", sameMenu),
    ).rejects.toThrow(/message is not modified/);
    await expect(bot.telegram.sendMessage(alice.id, "<b>open", { parse_mode: "HTML" })).rejects.toThrow(
      /can't parse entities: Can't find end tag corresponding to start tag "b"/,
    );
    await expect(bot.telegram.sendMessage(alice.id, "Score 4.5", { parse_mode: "MarkdownV2" })).rejects.toThrow(
      /Character '\.' is reserved/,
    );
    await expect(bot.telegram.sendMessage(alice.id, "x".repeat(4097))).rejects.toThrow(/message is too long/);
    await expect(
      bot.telegram.sendMessage(alice.id, "x", Markup.inlineKeyboard([Markup.button.callback("x", "y".repeat(65))])),
    ).rejects.toThrow(/BUTTON_DATA_INVALID/);
    await expect(bot.telegram.deleteMessage(alice.id, 9999)).rejects.toThrow(/message to delete not found/);
    await expect(bot.telegram.answerCbQuery("nope")).rejects.toThrow(/query is too old/);
    api.failNext("sendMessage", { error_code: 403, description: "Forbidden: bot was blocked by the user" });
    await expect(bot.telegram.sendMessage(alice.id, "hi")).rejects.toThrow(/blocked by the user/);

    // Commands per scope and language.
    await bot.telegram.setMyCommands([{ command: "menu", description: "Меню" }], { language_code: "ru" });
    await bot.telegram.setMyCommands([{ command: "menu", description: "Menu" }]);
    expect(await bot.telegram.getMyCommands({ language_code: "ru" })).toEqual([{ command: "menu", description: "Меню" }]);
    expect(await bot.telegram.getMyCommands({ scope: { type: "all_private_chats" } })).toEqual([]);
    expect(api.commands()).toEqual([{ command: "menu", description: "Menu" }]);
    await bot.telegram.setChatMenuButton({ menuButton: { type: "commands" } });
    expect(api.menuButton()).toEqual({ type: "commands" });

    // Every injected update was handled exactly once, in order.
    expect(handled).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(errors).toEqual([]);

    await stop();
    await api.stop();
    expect(api.pendingUpdates()).toHaveLength(0); // the final offset sync confirmed everything
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it("reports what happened when waitFor times out", async () => {
    const { api } = await startApi();
    await expect(api.waitFor("sendVoice", undefined, 100)).rejects.toThrow(
      /waitFor\(sendVoice\) timed out after 100 ms[\s\S]*No getUpdates poll is pending/,
    );
  });
});

interface RawAnswer {
  ok: boolean;
  result?: Update[];
  error_code?: number;
  description?: string;
  parameters?: { retry_after?: number };
}

/** The local API called over plain HTTP, as a bot would, without telegraf. */
async function rawClient(options: LocalBotApiOptions = {}) {
  const { api, apiRoot } = await startApi(options);
  const call = async (method: string, body: Record<string, unknown> = {}) => {
    const res = await fetch(`${apiRoot}/bot${api.token}/${method}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    const answer = (await res.json()) as RawAnswer;
    expect(res.status).toBe(answer.ok ? 200 : answer.error_code);
    return answer;
  };
  const ids = (r: { result?: Update[] }) => (r.result ?? []).map((u) => u.update_id);
  return { api, apiRoot, call, ids };
}

describe("LocalBotApi getUpdates", () => {
  it("honours offset and limit: nothing is confirmed twice, unconfirmed updates come again", async () => {
    const { api, call, ids } = await rawClient();
    for (const text of ["a", "b", "c"]) api.sendText(alice, text);

    expect(ids(await call("getUpdates", { limit: 2 }))).toEqual([1, 2]);
    expect(ids(await call("getUpdates"))).toEqual([1, 2, 3]); // offset 0 confirms nothing
    expect(ids(await call("getUpdates", { offset: 3 }))).toEqual([3]);
    expect(ids(await call("getUpdates", { offset: 4 }))).toEqual([]);
    expect(ids(await call("getUpdates", { offset: 3 }))).toEqual([]); // 1–3 are gone for good

    for (const text of ["d", "e", "f"]) api.sendText(alice, text);
    expect(ids(await call("getUpdates", { offset: -1 }))).toEqual([6]); // negative: keep the last N
    expect(api.pendingUpdates().map((u) => u.update_id)).toEqual([6]);
  });

  it("long-polls: returns early on a new update, otherwise after the timeout", async () => {
    const { api, call, ids } = await rawClient();
    let t = Date.now();
    const pending = call("getUpdates", { timeout: 10 });
    setTimeout(() => api.sendText(alice, "late"), 50);
    expect(ids(await pending)).toEqual([1]);
    expect(Date.now() - t).toBeLessThan(1000);

    t = Date.now();
    expect(ids(await call("getUpdates", { offset: 2, timeout: 0.3 }))).toEqual([]);
    expect(Date.now() - t).toBeGreaterThanOrEqual(250);
  });

  it("releases a pending poll on stop()", async () => {
    const { api, call, ids } = await rawClient();
    const pending = call("getUpdates", { timeout: 30 });
    await api.waitFor("getUpdates");
    const t = Date.now();
    await api.stop();
    expect(ids(await pending)).toEqual([]);
    expect(Date.now() - t).toBeLessThan(1000);
  });

  it("accepts query-string and urlencoded params; rejects a wrong token and unknown methods", async () => {
    const { api, apiRoot, call } = await rawClient();
    api.sendText(alice, "q");
    const viaQuery = (await (await fetch(`${apiRoot}/bot${api.token}/getUpdates?offset=2`)).json()) as { result: Update[] };
    expect(viaQuery.result).toEqual([]);

    const form = await fetch(`${apiRoot}/bot${api.token}/sendMessage`, {
      method: "POST",
      body: new URLSearchParams({ chat_id: String(alice.id), text: "hi", reply_markup: '{"remove_keyboard":true}' }),
    });
    expect(((await form.json()) as { ok: boolean }).ok).toBe(true);
    expect(api.calls.at(-1)?.params).toEqual({ chat_id: alice.id, text: "hi", reply_markup: { remove_keyboard: true } });

    const wrong = await fetch(`${apiRoot}/bot123:wrong/getMe`);
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ ok: false, error_code: 401, description: "Unauthorized" });
    expect(await call("sendTelepathy")).toEqual({ ok: false, error_code: 404, description: "Not Found" });
    expect((await call("GETME")).ok).toBe(true); // method names are case-insensitive
  });
});

describe("LocalBotApi faults", () => {
  const send = (chatId: number, text = "hi") => ({ chat_id: chatId, text });

  it("answers a seeded share of sends with 429 retry_after, the same calls on every run", async () => {
    const { api, call } = await rawClient({ faults: { seed: 7, tooManyRequests: { share: 0.4, retryAfter: [1, 3] } } });
    // One chat per call, so no call meets an earlier call's retry_after.
    const chats = Array.from({ length: 12 }, (_, i) => 2001 + i);
    const run = async () => {
      const refused: number[] = [];
      for (const chat of chats) {
        const answer = await call("sendMessage", send(chat));
        expect((await call("getMe")).ok).toBe(true); // not a throttled method
        if (answer.ok) continue;
        refused.push(chat);
        const after = answer.parameters?.retry_after ?? 0;
        expect(answer).toEqual({
          ok: false,
          error_code: 429,
          description: `Too Many Requests: retry after ${after}`,
          parameters: { retry_after: after },
        });
        expect(after).toBeGreaterThanOrEqual(1);
        expect(after).toBeLessThanOrEqual(3);
      }
      return refused;
    };
    const first = await run();
    expect(first.length).toBeGreaterThan(0);
    expect(first.length).toBeLessThan(chats.length);

    api.setFaults({ seed: 7, tooManyRequests: { share: 0.4, retryAfter: [1, 3] } });
    expect(await run()).toEqual(first);

    // Every send is in sendTimes, the refused ones marked, in call order.
    const times = api.sendTimes();
    expect(times.map((t) => t.chatId)).toEqual([...chats, ...chats]);
    expect(times.filter((t) => !t.ok).map((t) => t.chatId)).toEqual([...first, ...first]);
    expect(api.calls.filter((c) => c.error).every((c) => c.fault === "tooManyRequests")).toBe(true);

    api.setFaults({});
    expect((await call("sendMessage", send(first[0] ?? 0))).ok).toBe(true);
  });

  it("refuses a chat until its retry_after has passed, as Telegram does", async () => {
    const { api, call } = await rawClient({ faults: { tooManyRequests: { share: 1, retryAfter: 5, methods: ["sendPhoto"] } } });
    expect((await call("sendMessage", send(alice.id))).ok).toBe(true); // only sendPhoto is throttled
    const photo = { chat_id: alice.id, photo: "https://example.org/chart.png" };
    expect((await call("sendPhoto", photo)).parameters?.retry_after).toBe(5);
    const again = await call("sendPhoto", photo);
    expect(again.error_code).toBe(429);
    expect(api.calls.filter((c) => c.method === "sendPhoto").map((c) => c.fault)).toEqual(["tooManyRequests", "retryAfter"]);
  });

  it("answers blocked chats 403 and unknown chats 400, whatever the method", async () => {
    const { api, call } = await rawClient({ faults: { blockedChats: [3001], unknownChats: [3002] } });
    expect(await call("sendMessage", send(3001))).toEqual({
      ok: false,
      error_code: 403,
      description: "Forbidden: bot was blocked by the user",
    });
    expect((await call("sendChatAction", { chat_id: 3001, action: "typing" })).error_code).toBe(403);
    expect(await call("sendMessage", send(3002))).toEqual({
      ok: false,
      error_code: 400,
      description: "Bad Request: chat not found",
    });
    expect((await call("sendMessage", send(3003))).ok).toBe(true);
    expect(api.messages(3001)).toEqual([]);
    expect(api.calls.map((c) => c.fault)).toEqual(["blocked", "blocked", "unknownChat", undefined]);
    expect(api.sendTimes().map(({ chatId, method, ok }) => ({ chatId, method, ok }))).toEqual([
      { chatId: 3001, method: "sendMessage", ok: false },
      { chatId: 3002, method: "sendMessage", ok: false },
      { chatId: 3003, method: "sendMessage", ok: true },
    ]);
  });

  it("keeps failNext, marked as such, ahead of the other faults", async () => {
    const { api, call } = await rawClient({ faults: { blockedChats: [alice.id] } });
    api.failNext("sendMessage", { error_code: 400, description: "Bad Request: message is too long" });
    expect((await call("sendMessage", send(alice.id))).description).toBe("Bad Request: message is too long");
    expect((await call("sendMessage", send(alice.id))).error_code).toBe(403);
    expect(api.calls.map((c) => c.fault)).toEqual(["failNext", "blocked"]);
  });

  it("delays calls by the configured latency", async () => {
    const { api, call } = await rawClient({ faults: { latencyMs: 150 } });
    const slow = call("sendMessage", send(alice.id));
    // A shorter wait, started first, ends before the delayed call is recorded.
    await expect(api.waitFor("sendMessage", undefined, 20)).rejects.toThrow(/timed out/);
    expect((await slow).ok).toBe(true);
    expect(api.calls.map((c) => c.method)).toEqual(["sendMessage"]);
  });
});
