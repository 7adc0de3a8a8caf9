// Nothing a user sends goes unanswered: a sticker gets a reply saying what the bot
// understands, a file Telegram cannot hand over is asked for again, and a press whose edit
// Telegram refuses still stops spinning.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalUser } from "../../bot/local-api/index.ts";
import { type Harness, startHarness } from "./harness.ts";

let h: Harness;
const dean: LocalUser = { id: 4501, firstName: "Декан", languageCode: "en" };

beforeAll(async () => {
  h = await startHarness();
  await h.bindUser(dean, "dean", "МТФ");
});
afterAll(() => h?.stop());

const base = () => ({
  message_id: Math.floor(Math.random() * 1e6),
  date: Math.floor(Date.now() / 1000),
  chat: { id: dean.id, type: "private" as const, first_name: "Декан" },
  from: { id: dean.id, is_bot: false, first_name: "Декан", language_code: "en" },
});

describe("anything else a user sends", () => {
  it("a sticker gets 'not understood', a file that cannot be downloaded is asked for again", async () => {
    const t = await h.t("en");
    h.api.mark();
    await h.handled(
      h.api.pushUpdate({
        message: {
          ...base(),
          sticker: {
            file_id: "s",
            file_unique_id: "s",
            type: "regular",
            width: 1,
            height: 1,
            is_animated: false,
            is_video: false,
          },
        },
      }),
    );
    expect(h.sent(dean, "sendMessage").map((c) => c.params.text)).toEqual([t("bot.notUnderstood")]);
    h.api.mark();
    await h.handled(
      h.api.pushUpdate({ message: { ...base(), document: { file_id: "d", file_unique_id: "d", file_name: "session.csv" } } }),
    );
    // a document is a file to import: one Telegram no longer has is asked for again
    expect(h.sent(dean, "sendMessage").map((c) => c.params.text)).toEqual([t("upload.downloadFailed")]);
  });

  it("a press whose edit is refused (the message is gone) is still answered", async () => {
    await h.say(dean, "/debtors");
    const message = h.api.messages(dean.id).find((m) => m.text?.includes("МТФ"));
    if (!message) throw new Error("no answer");
    h.api.failNext("editMessageText", { error_code: 400, description: "Bad Request: message to edit not found" });
    const data = (
      message.raw as { reply_markup?: { inline_keyboard: { callback_data?: string }[][] } }
    ).reply_markup?.inline_keyboard
      .flat()
      .map((b) => b.callback_data)
      .find((d) => d?.startsWith("v:s:"));
    const answer = await h.press(dean, { messageId: message.message_id, data: data as string });
    expect(answer.params.text).toBe((await h.t("en"))("bot.outdated"));
  });
});
