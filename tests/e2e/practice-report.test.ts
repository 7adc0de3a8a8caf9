// /practice on the demo (KSTU's published 2019-2020 practice table): each unit against last
// year, the institution's printed total kept as published and said to be a mean of rates,
// and the chart of completion by unit against last year.
import { writeFileSync } from "node:fs";
import type { TFunction } from "i18next";
import type { InlineKeyboardMarkup } from "telegraf/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ApiCall, LocalMessage, LocalUser } from "../../bot/local-api/index.ts";
import { type Harness, startHarness } from "./harness.ts";

let h: Harness;
let t: TFunction;
const rector: LocalUser = { id: 4101, firstName: "Ректор", languageCode: "ky" };
const dean: LocalUser = { id: 4102, firstName: "Декан", languageCode: "ky" };
const student: LocalUser = { id: 4103, firstName: "Студент", languageCode: "ky" };

beforeAll(async () => {
  h = await startHarness();
  t = await h.t("ky");
  await h.bindUser(rector, "leader");
  await h.bindUser(dean, "dean", "ТФ");
  await h.bindUser(student, "student");
});
afterAll(() => h?.stop());

function messageOf(user: LocalUser, call: ApiCall): LocalMessage {
  const id = (call.result as { message_id: number } | undefined)?.message_id;
  const m = h.api.messages(user.id).find((x) => x.message_id === id);
  if (!m) throw new Error(`no bot message ${String(id)}`);
  return m;
}

describe("/practice on the demo", () => {
  it("ТФ 96,0% (last year 95,2%) and the institution's published 90,0% (89,0%), marked as published", async () => {
    const m = messageOf(rector, await h.say(rector, "/practice"));
    const lines = m.text?.split("\n") ?? [];
    expect(lines[0]).toBe(t("practice.title", { year: "2019-2020" }));
    expect(lines).toContain("ТФ: 96,0% * (өткөн жылы 95,2%, +0,8 п.п.)");
    expect(lines).toContain("KSTU, жалпы: 90,0% * (өткөн жылы 89,0%, +1,0 п.п.)");
    expect(lines).toContain(t("practice.totalPublished"));
    expect(lines).toContain(t("practice.publishedMark"));
    expect(lines.some((l) => l.includes("90,1%"))).toBe(true); // the printed total is the mean of the rates
  });

  it("the chart: completion by unit against last year", async () => {
    const m = messageOf(rector, await h.say(rector, "/practice"));
    const button = (m.reply_markup as InlineKeyboardMarkup).inline_keyboard.flat()[0];
    expect(button?.text).toBe(t("keyboard.chart"));
    await h.press(rector, { messageId: m.message_id, data: (button as { callback_data: string }).callback_data });
    const photo = h.api.lastBotMessage(rector.id)?.photo as Buffer;
    expect(photo.subarray(1, 4).toString()).toBe("PNG");
    if (process.env.SAPAT_KEEP_CHARTS) writeFileSync(`${process.env.SAPAT_KEEP_CHARTS}/practice.png`, photo);
  });

  it("a dean sees his own faculty; a forged chart button for another unit is refused", async () => {
    const m = messageOf(dean, await h.say(dean, "/practice"));
    expect(m.text?.split("\n")[2]).toBe("ТФ: 96,0% * (өткөн жылы 95,2%, +0,8 п.п.)");
    const other = await h.unitId("МТФ");
    await h.forgePress(dean, m.message_id, `pc:2019-2020:${other}`);
    expect(h.api.lastBotMessage(dean.id)?.text).toContain("МТФ");
    expect(h.api.lastBotMessage(dean.id)?.photo).toBeUndefined();
  });

  it("a student is not shown figures", async () => {
    const m = messageOf(student, await h.say(student, "/practice"));
    expect(m.text).not.toContain("96,0%");
  });
});
