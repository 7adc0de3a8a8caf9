// Answers over more than one year: the year button opens its default stage, a change between
// years over different units says which, and /practice shows every unit's latest figure.
import { writeFileSync } from "node:fs";
import path from "node:path";
import type { TFunction } from "i18next";
import type { InlineKeyboardMarkup } from "telegraf/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importFile } from "../../bot/app/imports/import-file.ts";
import { decode } from "../../bot/features/figures/callback-data.ts";
import type { ApiCall, LocalMessage, LocalUser } from "../../bot/local-api/index.ts";
import { tempDir } from "../helpers.ts";
import { type Harness, startHarness } from "./harness.ts";

let h: Harness;
let t: TFunction;
const tmp = tempDir("sapat-history-");

const rector: LocalUser = { id: 5001, firstName: "Ректор", languageCode: "ky" };
const dean: LocalUser = { id: 5002, firstName: "Декан", languageCode: "ky" };

async function load(name: string, text: string, extra: { kind: "session" | "figures"; metric?: "practice" }) {
  const file = path.join(tmp.dir, name);
  writeFileSync(file, text);
  const o = await importFile(h.db, {
    ...extra,
    file,
    institutionId: h.institution.id,
    enteredBy: "test",
    createUnits: true,
    confirm: true,
  });
  if (o.status !== "written") throw new Error(JSON.stringify(o));
}

beforeAll(async () => {
  h = await startHarness();
  t = await h.t("ky");
  await h.bindUser(rector, "leader");
  await h.bindUser(dean, "dean", "МТФ");
  // МТФ alone reported 2018-2019 with counts (made-up figures); ТФ alone reported practice for 2020-2021
  await load(
    "mtf-2018-2019.csv",
    [
      "year,term,stage,form,unit,enrolled,admitted,passed_all",
      "2018-2019,spring,main,full-time,МТФ,900,850,300",
      "2018-2019,spring,after-retakes,full-time,МТФ,900,850,400",
    ].join("\n"),
    { kind: "session" },
  );
  await load("practice-2020-2021.csv", "unit,2020-2021\nТФ,97.5\n", { kind: "figures", metric: "practice" });
});
afterAll(async () => {
  await h?.stop();
  tmp.cleanup();
});

function messageOf(user: LocalUser, call: ApiCall): LocalMessage {
  const id = (call.result as { message_id: number } | undefined)?.message_id ?? call.params.message_id;
  return h.api.messages(user.id).find((m) => m.message_id === id) as LocalMessage;
}
const buttonData = (m: LocalMessage, label: string) =>
  (m.reply_markup as InlineKeyboardMarkup).inline_keyboard
    .flat()
    .map((b) => ("callback_data" in b ? { text: b.text, data: b.callback_data } : null))
    .find((b) => b?.text === label)?.data ?? "";

describe("the year buttons", () => {
  it("open the year's default stage (after re-takes), not the stage shown", async () => {
    const a = messageOf(dean, await h.say(dean, "МТФ карызкорлор негизги сессия"));
    expect(a.text).toContain("2019-2020 окуу жылы, жазгы сессия, негизги сессия");
    const data = buttonData(a, "2018-2019, жазгы");
    expect(decode(data)?.state).toMatchObject({ year: "2018-2019", stage: "after-retakes" });
    await h.press(dean, { messageId: a.message_id, data });
    const edit = h.sent(dean, "editMessageText").find((c) => !c.error) as ApiCall;
    const before = messageOf(dean, edit);
    expect(before.text).toContain("2018-2019 окуу жылы, жазгы сессия, кайра тапшыруудан кийин");
    expect(before.text).toContain("Күндүзгү: 500 карызкор (55,6%), контингент 900");
  });
});

describe("a change between years over different units", () => {
  it("the whole university against last year is over the units both years report, and says which", async () => {
    const a = messageOf(rector, await h.say(rector, "/debtors"));
    expect(a.text).toContain(
      `  ${t("debtors.lastYearCountsUnits", { year: "2018-2019", units: "МТФ", previous: 500, previousShare: "55,6%", pp: "+4,5 п.п." })}`,
    );
  });
});

describe("/practice after one unit reports a newer year", () => {
  it("shows the newest year, every other unit with its last figure beside a dash (none is hidden)", async () => {
    const lines = messageOf(rector, await h.say(rector, "/practice")).text?.split("\n") ?? [];
    expect(lines[0]).toBe(t("practice.title", { year: "2020-2021" }));
    expect(lines).toContain("ТФ: 97,5% * (өткөн жылы 96,0%, +1,5 п.п.)");
    expect(lines).toContain("ЭФ: — (өткөн жылы 94,0%*)");
    expect(lines.filter((l) => l.includes("өткөн жылы"))).toHaveLength(10);
  });

  it("a dean's own unit, with its latest year", async () => {
    const reply = messageOf(dean, await h.say(dean, "/practice"));
    expect(reply.text?.split("\n")).toEqual([
      t("practice.title", { year: "2019-2020" }),
      "",
      "МТФ: 81,0% * (өткөн жылы 86,0%, −5,0 п.п.)",
      t("practice.publishedMark"),
    ]);
  });
});
