// The log keeps methods, errors and ids, never the text of a message (a dean's figures) nor
// the token: every logger call of the bot, at the most verbose level, through the
// production logger (createLogger), with Telegram refusing calls in the ways it does.
import { Writable } from "node:stream";
import { TelegramError } from "telegraf";
import type { Update } from "telegraf/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalUser } from "../../bot/local-api/index.ts";
import { createLogger } from "../../bot/logger.ts";
import { type Harness, startHarness } from "./harness.ts";

let h: Harness;
const lines: string[] = [];
const dean: LocalUser = { id: 8001, firstName: "Dean", languageCode: "ru" };
const SECRET_TEXT = "МТФ — должники: 525 (60,1%)";

/** What a handler could throw: errors carrying a refused send with its whole payload. */
function refusedSend(chat: number): TelegramError {
  return new TelegramError(
    { error_code: 400, description: "Bad Request: message is too long" },
    { method: "sendMessage", payload: { chat_id: chat, text: SECRET_TEXT } },
  );
}

/** An edited message, which no feature handles (a new one would get the fallback reply). */
function contactFrom(user: LocalUser, phone: string): Update {
  return h.api.pushUpdate({
    edited_message: {
      edit_date: Math.floor(Date.now() / 1000),
      message_id: Number(phone.slice(-3)),
      date: Math.floor(Date.now() / 1000),
      chat: { id: user.id, type: "private", first_name: user.firstName ?? "" },
      from: { id: user.id, is_bot: false, first_name: user.firstName ?? "", language_code: user.languageCode },
      contact: { phone_number: phone, first_name: "X" },
    },
  });
}

beforeAll(async () => {
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString().split("\n").filter(Boolean));
      done();
    },
  });
  h = await startHarness({ logger: createLogger("trace", sink) });
  await h.bindUser(dean, "dean", "МТФ");
  // bugs as a handler could have them: the refused send as a cause, or among several
  h.bot.use((ctx) => {
    const phone = ctx.editedMessage && "contact" in ctx.editedMessage ? ctx.editedMessage.contact.phone_number : "";
    if (phone.endsWith("001")) throw new Error("could not send the figures", { cause: refusedSend(dean.id) });
    if (phone.endsWith("002")) throw new AggregateError([refusedSend(dean.id), refusedSend(dean.id)], "two sends failed");
  });
});
afterAll(() => h?.stop());

describe("the log", () => {
  it("has no message text, whatever failed, and still says what and where", async () => {
    // an answer that goes through: its text is the figures
    const answer = await h.say(dean, "/debtors");
    const figures = String(answer.params.text);
    expect(figures).toContain("525");
    // refused answers: 500 and 403
    h.api.failNext("sendMessage", { error_code: 500, description: "Internal Server Error" });
    await h.handled(h.api.sendText(dean, "/debtors"));
    h.api.setFaults({ blockedChats: [dean.id] });
    await h.handled(h.api.sendText(dean, "/stats"));
    h.api.setFaults({});
    // handler bugs carrying a refused send
    await h.handled(contactFrom(dean, "+996000000001"));
    await h.handled(contactFrom(dean, "+996000000002"));

    const log = lines.join("\n");
    for (const text of [SECRET_TEXT, ...figures.split("\n").filter((l) => l.length > 12)]) {
      expect(log).not.toContain(text);
      expect(log).not.toContain(JSON.stringify(text).slice(1, -1));
    }
    expect(log).not.toContain('"payload"');
    expect(log).not.toContain(h.api.token.split(":")[1]);

    const entries = lines.map((l) => JSON.parse(l) as { msg: string; chat?: number; telegram?: object; err?: object });
    const refused = entries.filter((e) => e.msg === "telegram refused a call");
    expect(refused.map((e) => e.telegram)).toEqual([
      { method: "sendMessage", code: 500, description: "Internal Server Error", chat: dean.id },
      { method: "sendMessage", code: 403, description: "Forbidden: bot was blocked by the user", chat: dean.id },
    ]);
    const failed = entries.filter((e) => e.msg === "handler failed");
    expect(failed).toHaveLength(2);
    expect(failed[0]).toMatchObject({
      chat: dean.id,
      err: {
        type: "Error",
        message: "could not send the figures",
        cause: { type: "TelegramError", method: "sendMessage", code: 400 },
      },
    });
    expect(entries.filter((e) => e.msg === "update").length).toBeGreaterThan(0);
  });
});
