// A campaign message with inline buttons and translated parameters, rendered in each
// recipient's language; messages stored before buttons existed read as before.
import { describe, expect, it } from "vitest";
import { decodeMessage, encodeMessage } from "../../bot/app/delivery/message.ts";
import { translator } from "../../bot/present/i18n.ts";
import { renderMessage } from "../../bot/worker/render.ts";

describe("campaign messages", () => {
  it("a message stored before buttons reads and renders as before", async () => {
    const m = decodeMessage(JSON.stringify({ key: "delivery.progress", params: { sent: 1, total: 2 } }));
    expect(m).not.toBeNull();
    const rendered = renderMessage(m as NonNullable<typeof m>, await translator("en"));
    expect(rendered).toEqual({ text: "📨 Sending: delivered 1 / 2" });
  });

  it("parameters given as locale keys and button labels are rendered in the recipient's language", async () => {
    const stored = encodeMessage({
      key: "delivery.unreachableLine",
      params: { who: "ЭФ-1", reason: { t: ["delivery.reason.blocked", "delivery.reason.notStarted"] } },
      buttons: [
        [{ label: { key: "delivery.reason.optedOut" }, data: "entry:practice:2025-2026" }],
        [{ label: { text: "OK" }, data: "x" }],
      ],
    });
    const m = decodeMessage(stored);
    if (!m) throw new Error("not decoded");
    const en = renderMessage(m, await translator("en"));
    expect(en.text).toBe("ЭФ-1 — blocked the bot, never started the bot");
    expect(en.reply_markup?.inline_keyboard).toEqual([
      [{ text: "switched these notices off", callback_data: "entry:practice:2025-2026" }],
      [{ text: "OK", callback_data: "x" }],
    ]);
    const ky = renderMessage(m, await translator("ky"));
    expect(ky.text).not.toBe(en.text);
    expect(ky.reply_markup?.inline_keyboard[0]?.[0]).toMatchObject({ callback_data: "entry:practice:2025-2026" });
  });

  it("callback data over Telegram's 64 bytes is refused when the message is made", () => {
    const data = "entry:practice:2025-2026:кафедра-өндүрүштүк-практика";
    expect(new TextEncoder().encode(data).length).toBeGreaterThan(64);
    expect(() => encodeMessage({ text: "x", buttons: [[{ label: { text: "b" }, data }]] })).toThrow();
    expect(decodeMessage(JSON.stringify({ text: "x", buttons: [[{ label: { text: "b" }, data }]] }))).toBeNull();
  });
});
