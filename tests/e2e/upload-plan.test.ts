// Action-plan and registry files sent to the real bot through the local Bot API: an admin's
// plan CSV is previewed, written on ✅ Write and listed by /plans; a dean's programmes file is
// refused as the quality department's, with nothing written.
import type { TFunction } from "i18next";
import type { InlineKeyboardMarkup } from "telegraf/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ApiCall, LocalUser } from "../../bot/local-api/index.ts";
import { type Harness, startHarness } from "./harness.ts";

let h: Harness;
let t: TFunction;
const admin: LocalUser = { id: 8401, firstName: "Quality", languageCode: "en" };
const dean: LocalUser = { id: 8402, firstName: "Dean", languageCode: "en" };

beforeAll(async () => {
  h = await startHarness();
  h.clock.now = new Date("2026-09-10T06:00:00Z");
  t = await h.t("en");
  await h.bindUser(admin, "admin");
  await h.bindUser(dean, "dean", "МТФ");
});
afterAll(() => h?.stop());

const textOf = (call: ApiCall) => String(call.params.text);
const messageId = (call: ApiCall) => (call.result as { message_id: number }).message_id;
function buttons(user: LocalUser, id: number): [string, string][] {
  const m = h.api.messages(user.id).find((x) => x.message_id === id);
  const rows = (m?.reply_markup as InlineKeyboardMarkup | undefined)?.inline_keyboard ?? [];
  return rows.flat().map((b) => [b.text, "callback_data" in b ? b.callback_data : ""]);
}
const messageText = (user: LocalUser, id: number) => h.api.messages(user.id).find((x) => x.message_id === id)?.text;
const csv = (text: string) => Buffer.from(text);

describe("a plan file sent to the bot", () => {
  it("is previewed, written on ✅ Write, and listed by /plans", async () => {
    const plan = [
      "item,text,responsible,controller,deadline",
      "1,Approve the working group,отдел качества,Vice-rector,30.09.2026",
      "2,Internal audit of МТФ,декан МТФ,Vice-rector,30.11.2026",
    ].join("\n");
    const reply = await h.sendFile(admin, { fileName: "Council resolution 5.csv", bytes: csv(plan) });
    const lines = textOf(reply).split("\n");
    expect(lines[0]).toBe("Council resolution 5.csv (action plan):");
    expect(lines[1]).toBe("Plan “Council resolution 5”: 2 items, controller: Vice-rector, academic year 2026-2027");
    expect(lines[2]).toContain("1 Approve the working group — 30.09.2026");
    expect(await h.db.actionPlan.count({ where: { title: "Council resolution 5" } })).toBe(0);
    const id = messageId(reply);
    const [write] = buttons(admin, id);
    expect(write?.[0]).toBe(t("upload.confirm"));
    await h.press(admin, { messageId: id, data: write?.[1] as string });
    const stored = await h.db.actionPlan.findFirstOrThrow({ where: { title: "Council resolution 5" } });
    expect(messageText(admin, id)).toBe(t("upload.planWritten", { id: stored.id, count: 2 }));
    // a second press (an old client's buttons) writes nothing more
    await h.forgePress(admin, id, write?.[1] as string);
    expect(await h.db.actionPlan.count({ where: { title: "Council resolution 5" } })).toBe(1);
    const list = await h.say(admin, "/plans");
    const titles = ((list.params.reply_markup as InlineKeyboardMarkup).inline_keyboard.flat() as { text: string }[]).map(
      (b) => b.text,
    );
    expect(titles.some((x) => x.startsWith(`#${stored.id} Council resolution 5`))).toBe(true);
  });
});

describe("a registry file sent to the bot", () => {
  it("is refused to a dean as the quality department's, nothing written", async () => {
    const reply = await h.sendFile(dean, {
      fileName: "programmes.csv",
      bytes: csv("code,name,level,unit\n590100,Test programme,bachelor,МТФ\n"),
    });
    expect(textOf(reply)).toContain(t("problems.importNeedsInstitution", { scope: "МТФ" }));
    expect(buttons(dean, messageId(reply))).toEqual([]);
    expect(await h.db.programme.count({ where: { code: "590100" } })).toBe(0);
  });
});
