// A form's export sent to the real bot through the local Bot API: recognised by its header,
// the survey chosen with a button, previewed with nothing written, imported once on ✅ Import
// (a second file adds nothing), and /survey_results answers with the rates (the group of 4
// not shown on its own), the 34/53/7/3/3 distribution, a chart per question and the workbook.
import { readFileSync } from "node:fs";
import type { TFunction } from "i18next";
import type { InlineKeyboardMarkup } from "telegraf/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ApiCall, LocalUser } from "../../bot/local-api/index.ts";
import { SAMPLE_EXPORT, sampleSurvey } from "../support/survey-responses.ts";
import { type Harness, startHarness } from "./harness.ts";

let h: Harness;
let t: TFunction;
let id: number;

const admin: LocalUser = { id: 8601, firstName: "Quality", languageCode: "en" };
const leader: LocalUser = { id: 8602, firstName: "Rector", languageCode: "en" };
const stranger: LocalUser = { id: 8603, firstName: "Guest", languageCode: "en" };

beforeAll(async () => {
  h = await startHarness();
  t = await h.t("en");
  await h.bindUser(admin, "admin");
  await h.bindUser(leader, "leader");
  id = await sampleSurvey(h.db, h.institution.id);
});
afterAll(() => h?.stop());

const textOf = (call: ApiCall) => String(call.params.text);
const messageId = (call: ApiCall) => (call.result as { message_id: number }).message_id;
function buttons(user: LocalUser, messageId: number): [string, string][] {
  const m = h.api.messages(user.id).find((x) => x.message_id === messageId);
  const rows = (m?.reply_markup as InlineKeyboardMarkup | undefined)?.inline_keyboard ?? [];
  return rows.flat().map((b) => [b.text, "callback_data" in b ? b.callback_data : ""]);
}
const messageText = (user: LocalUser, id: number) => h.api.messages(user.id).find((x) => x.message_id === id)?.text;
const sample = () => ({ fileName: "responses.csv", bytes: readFileSync(SAMPLE_EXPORT) });

async function importSample(): Promise<string> {
  const ask = await h.sendFile(admin, sample());
  expect(textOf(ask)).toBe(t("surveyResults.bot.choose", { fileName: "responses.csv" }));
  const choice = buttons(admin, messageId(ask)).find(([label]) => label.startsWith(`#${id} `));
  expect(choice).toBeDefined();
  await h.press(admin, { messageId: messageId(ask), data: choice?.[1] as string });
  const preview = messageText(admin, messageId(ask)) ?? "";
  const [confirm] = buttons(admin, messageId(ask));
  expect(confirm?.[0]).toBe(t("surveyResults.bot.confirm"));
  expect(await h.db.surveyResponse.count({ where: { surveyId: id } })).toBe(preview.includes("New 0,") ? 100 : 0);
  await h.press(admin, { messageId: messageId(ask), data: confirm?.[1] as string });
  expect(buttons(admin, messageId(ask))).toEqual([]);
  return messageText(admin, messageId(ask)) ?? "";
}

describe("a response export sent to the bot", () => {
  it("is imported into the survey chosen, after a preview, once however often it is sent", async () => {
    const first = await importSample();
    expect(first).toContain("100 responses in the file — 96 matched to recipients, 2 with a code no recipient holds");
    expect(first).toContain("✅ Imported into survey #");
    expect(await h.db.surveyResponse.count({ where: { surveyId: id } })).toBe(100);
    expect(await h.db.surveyRecipient.count({ where: { surveyId: id, respondedAt: { not: null } } })).toBe(96);
    const second = await importSample();
    expect(second).toContain("New 0, changed 0, already imported 100.");
    expect(await h.db.surveyResponse.count({ where: { surveyId: id } })).toBe(100);
  });

  it("is cancelled with nothing written", async () => {
    const ask = await h.sendFile(admin, sample());
    const cancel = buttons(admin, messageId(ask)).at(-1);
    await h.press(admin, { messageId: messageId(ask), data: cancel?.[1] as string });
    expect(messageText(admin, messageId(ask))).toBe(t("surveyResults.bot.cancelled"));
  });
});

describe("/survey_results", () => {
  it("shows the rate with both denominators, the rows, the distributions, a chart per question and the workbook", async () => {
    await h.say(leader, `/survey_results ${id}`);
    const texts = h.sent(leader, "sendMessage").map(textOf);
    const all = texts.join("\n");
    expect(all).toContain("Responses: 100 of 140 (71.4%), reachable 126 (79.4% of them)");
    expect(all).toContain("ЭФ, course 2: 30 of 40 (75.0%), reachable 36");
    expect(all).toContain("ЭФ, other courses together: 29 of 45");
    expect(all).not.toContain("course 4");
    expect(all).toContain("34.0% / 53.0% / 7.0% / 3.0% / 3.0%");
    expect(all).toContain("8 × Китепкананы кеңейтүү керек");
    expect(h.sent(leader, "sendPhoto")).toHaveLength(4);
    const docs = h.sent(leader, "sendDocument");
    expect(docs).toHaveLength(1);
  });

  it("opens from the 📊 button under /surveys", async () => {
    await h.say(admin, "/surveys");
    await h.press(admin, t("surveyResults.bot.resultsButton", { id }));
    expect(h.sent(admin, "sendMessage").map(textOf).join("\n")).toContain("Responses: 100 of 140 (71.4%)");
    expect(h.sent(admin, "sendPhoto")).toHaveLength(4);
  });

  it("asks for the number, and refuses strangers and unknown surveys", async () => {
    expect(textOf(await h.say(leader, "/survey_results"))).toBe(t("surveyResults.bot.usage"));
    expect(textOf(await h.say(leader, "/survey_results 999"))).toContain("#999");
    expect(h.sent(leader, "sendPhoto")).toHaveLength(0);
    const refused = textOf(await h.say(stranger, `/survey_results ${id}`));
    expect(refused).not.toContain("100");
  });
});
