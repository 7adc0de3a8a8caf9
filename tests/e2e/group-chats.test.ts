// Figures only in private chats: in a group or channel, where everyone would read a dean's
// figures, the bot answers what is addressed to it with one line (write to me privately).
import type { Update } from "telegraf/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ApiCall, LocalUser } from "../../bot/local-api/index.ts";
import { type Harness, startHarness } from "./harness.ts";

let h: Harness;
const dean: LocalUser = { id: 7001, firstName: "Dean", languageCode: "ru" };
const GROUP = -100700;
const CHANNEL = -100701;
let messageNo = 1;

beforeAll(async () => {
  h = await startHarness();
  await h.bindUser(dean, "dean", "МТФ");
});
afterAll(() => h?.stop());

/** A text from the dean in a group (or a post in a channel), with a command entity when it starts with one. */
function post(chat: number, text: string, kind: "group" | "channel" = "group"): Update {
  const command = /^\/\w+(@\w+)?/.exec(text);
  const entities = command ? [{ type: "bot_command" as const, offset: 0, length: command[0].length }] : undefined;
  const base = { message_id: messageNo++, date: Math.floor(Date.now() / 1000), text, ...(entities ? { entities } : {}) };
  if (kind === "channel")
    return h.api.pushUpdate({ channel_post: { ...base, chat: { id: chat, type: "channel", title: "News" } } });
  return h.api.pushUpdate({
    message: {
      ...base,
      chat: { id: chat, type: "supergroup", title: "Deans" },
      from: { id: dean.id, is_bot: false, first_name: "Dean", language_code: "ru" },
    },
  });
}

async function answersTo(update: Update, chat: number): Promise<ApiCall[]> {
  h.api.mark();
  await h.handled(update);
  return h.api.callsSinceMark().filter((c) => c.method !== "getUpdates" && c.params.chat_id === chat);
}

describe("a group chat", () => {
  it("gets one line saying to write privately for /debtors, with no figures and no keyboard", async () => {
    const ru = await h.t("ru");
    for (const text of ["/debtors", "/debtors@sapat_test_bot МТФ", "/stats", "/start", "/help"]) {
      const calls = await answersTo(post(GROUP, text), GROUP);
      expect(calls.map((c) => c.method)).toEqual(["sendMessage"]);
      expect(calls[0]?.params.text).toBe(ru("bot.privateOnly", { bot: "sapat_test_bot" }));
      expect(calls[0]?.params.reply_markup).toBeUndefined();
    }
    expect(h.api.messages(GROUP).some((m) => /525|\d+,\d%/.test(m.text ?? ""))).toBe(false);
  });

  it("says the same when mentioned, and ignores talk not meant for the bot", async () => {
    const ru = await h.t("ru");
    expect((await answersTo(post(GROUP, "@sapat_test_bot должники МТФ"), GROUP)).map((c) => c.params.text)).toEqual([
      ru("bot.privateOnly", { bot: "sapat_test_bot" }),
    ]);
    expect(await answersTo(post(GROUP, "должники МТФ"), GROUP)).toEqual([]);
    expect(await answersTo(post(GROUP, "📉 Должники"), GROUP)).toEqual([]);
  });

  it("a channel post with a command gets the line too, and the private chat still answers", async () => {
    const ky = await h.t("ky");
    const calls = await answersTo(post(CHANNEL, "/debtors", "channel"), CHANNEL);
    expect(calls.map((c) => c.params.text)).toEqual([ky("bot.privateOnly", { bot: "sapat_test_bot" })]);

    const reply = await h.say(dean, "/debtors");
    expect(
      String(h.api.messages(dean.id).find((m) => m.message_id === (reply.result as { message_id: number }).message_id)?.text),
    ).toContain("525");
  });
});

describe("a press from no chat", () => {
  it("(an inline message's, which this bot never sends) is answered, and nothing is sent anywhere", async () => {
    h.api.mark();
    const from = { id: dean.id, is_bot: false, first_name: "Dean", language_code: "ru" };
    // the data of a real chart button: without a chat its feature would have nowhere to reply
    const update = h.api.pushUpdate({
      callback_query: { id: "inline-1", from, inline_message_id: "AAA", chat_instance: "1", data: "pc:2019-2020:0" },
    });
    await h.handled(update);
    const calls = h.api.callsSinceMark().filter((c) => c.method !== "getUpdates");
    expect(calls.map((c) => [c.method, c.params.callback_query_id, c.error])).toEqual([
      ["answerCallbackQuery", "inline-1", undefined],
    ]);
  });
});
