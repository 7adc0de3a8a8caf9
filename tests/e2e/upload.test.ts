// Spreadsheets sent to the real bot through the local Bot API: an admin's workbook is
// previewed (new, corrected with old → new, unchanged), written only on ✅ Write, once
// however often it is pressed, even across a restart; a dean's rows stay in his faculty;
// students, strangers and a leader's import, PDFs and pictures, and bad rows are refused, and
// every refusal writes nothing.
import ExcelJS from "exceljs";
import type { TFunction } from "i18next";
import JSZip from "jszip";
import type { InlineKeyboardMarkup } from "telegraf/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ApiCall, LocalUser } from "../../bot/local-api/index.ts";
import { type Harness, startHarness } from "./harness.ts";

let h: Harness;
let t: TFunction;

const admin: LocalUser = { id: 8001, firstName: "Admin", languageCode: "en" };
const dean: LocalUser = { id: 8101, firstName: "Dean", languageCode: "en" };
const leader: LocalUser = { id: 8201, firstName: "Rector", languageCode: "en" };
const student: LocalUser = { id: 8301, firstName: "Student", languageCode: "en" };
const stranger: LocalUser = { id: 8901, firstName: "Guest", languageCode: "en" };

beforeAll(async () => {
  h = await startHarness();
  t = await h.t("en");
  await h.bindUser(admin, "admin");
  await h.bindUser(dean, "dean", "МТФ");
  await h.bindUser(leader, "leader");
  await h.bindUser(student, "student", "МТФ");
});
afterAll(() => h?.stop());

// the demo's session columns, so that a row changes only what the test changes
const HEADER = [
  ..."year,term,stage,form,unit,unit_kind,counted_in_total,enrolled,admitted,passed_all".split(","),
  ..."absolute_reported,quality_reported,debtors_reported,debtor_share_reported,course1_abs,course2_abs,course3_abs,course4_abs".split(
    ",",
  ),
];
/** МТФ after re-takes as the demo stores it, with passed_all replaced. */
const mtf = (passed: number) => [
  ..."2019-2020,spring,after-retakes,full-time,МТФ,faculty,yes,873,819".split(","),
  passed,
  ..."42.5,27.0,525,60.1,45,46,32,69".split(","),
];
const CORRECTED = mtf(350);
/** A new session of МТФ. */
const NEW = ["2020-2021", "autumn", "main", "full-time", "МТФ", "faculty", "yes", 880, 830, 400];

async function workbook(...rows: (string | number)[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const ws = book.addWorksheet("Sheet1");
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await book.xlsx.writeBuffer());
}

const textOf = (call: ApiCall) => String(call.params.text);
const messageId = (call: ApiCall) => (call.result as { message_id: number }).message_id;
function buttons(user: LocalUser, id: number): [string, string][] {
  const m = h.api.messages(user.id).find((x) => x.message_id === id);
  const rows = (m?.reply_markup as InlineKeyboardMarkup | undefined)?.inline_keyboard ?? [];
  return rows.flat().map((b) => [b.text, "callback_data" in b ? b.callback_data : ""]);
}
const messageText = (user: LocalUser, id: number) => h.api.messages(user.id).find((x) => x.message_id === id)?.text;

/** МТФ's after-re-takes full-time versions: [version, passedAll, current]. */
async function mtfVersions() {
  const unitId = await h.unitId("МТФ");
  const rows = await h.db.sessionResult.findMany({
    where: { unitId, year: "2019-2020", stage: "after-retakes", form: "full-time" },
    orderBy: { version: "asc" },
  });
  return rows.map((r) => [r.version, r.passedAll, r.supersededAt === null]);
}
const newSessionRows = async () => h.db.sessionResult.count({ where: { year: "2020-2021" } });

describe("an admin's workbook", () => {
  it("is previewed, nothing written, then written once on ✅ Write", async () => {
    const reply = await h.sendFile(admin, { fileName: "mtf.xlsx", bytes: await workbook(HEADER, CORRECTED, NEW) });
    const preview = textOf(reply).split("\n");
    expect(preview[0]).toBe("mtf.xlsx (session results): 2 rows — 1 new, 1 corrected, 0 unchanged.");
    expect(preview).toContain("• line 3: МТФ, 2020-2021, autumn, main session, full-time");
    expect(preview).toContain("• line 2: МТФ, 2019-2020, spring, after re-takes, full-time");
    expect(preview).toContain("   passed_all 348 → 350");
    expect(await mtfVersions()).toEqual([[1, 348, true]]);
    expect(await newSessionRows()).toBe(0);
    const id = messageId(reply);
    const [write, cancel] = buttons(admin, id);
    expect(write?.[0]).toBe(t("upload.confirm"));
    expect(cancel?.[0]).toBe(t("upload.cancel"));

    await h.press(admin, { messageId: id, data: write?.[1] as string });
    expect(messageText(admin, id)).toBe("Written: 1 new, 1 corrected (earlier versions kept), 0 unchanged.");
    expect(buttons(admin, id)).toEqual([]);
    expect(await mtfVersions()).toEqual([
      [1, 348, false],
      [2, 350, true],
    ]);
    // the same press again (a client with the old buttons): nothing more is written
    await h.forgePress(admin, id, write?.[1] as string);
    expect(await mtfVersions()).toHaveLength(2);
    expect(await newSessionRows()).toBe(1);
    expect(messageText(admin, id)).toBe(t("upload.already"));
  });

  it("survives a restart between the preview and ✅ Write", async () => {
    const reply = await h.sendFile(admin, { fileName: "again.xlsx", bytes: await workbook(HEADER, mtf(349)) });
    expect(textOf(reply)).toContain("passed_all 350 → 349");
    const id = messageId(reply);
    const [write] = buttons(admin, id);
    await h.restart();
    await h.press(admin, { messageId: id, data: write?.[1] as string });
    expect(messageText(admin, id)).toBe("Written: 0 new, 1 corrected (earlier versions kept), 0 unchanged.");
    expect((await mtfVersions()).at(-1)).toEqual([3, 349, true]);
  });

  it("is cancelled with nothing written, and a preview older than a day can no longer be written", async () => {
    const row = mtf(300);
    const first = await h.sendFile(admin, { fileName: "no.xlsx", bytes: await workbook(HEADER, row) });
    const [, cancel] = buttons(admin, messageId(first));
    await h.press(admin, { messageId: messageId(first), data: cancel?.[1] as string });
    expect(messageText(admin, messageId(first))).toBe(t("upload.cancelled"));

    const late = await h.sendFile(admin, { fileName: "late.xlsx", bytes: await workbook(HEADER, row) });
    const [write] = buttons(admin, messageId(late));
    h.clock.now = new Date(h.clock.now.getTime() + 25 * 3600 * 1000);
    const answer = await h.press(admin, { messageId: messageId(late), data: write?.[1] as string });
    expect(answer.params).toMatchObject({ text: t("problems.uploadGone"), show_alert: true });
    expect((await mtfVersions()).at(-1)).toEqual([3, 349, true]);
  });

  it("asks what a figures file's percentages are, then previews and writes it", async () => {
    const reply = await h.sendFile(admin, {
      fileName: "practice.xlsx",
      bytes: await workbook(["unit", "2020-2021"], ["ТФ", 97], ["ЭФ", 95.5]),
    });
    expect(textOf(reply)).toBe("practice.xlsx: published percentages by unit. What are they?");
    const id = messageId(reply);
    const practice = buttons(admin, id).find(([label]) => label === "practice completion");
    await h.press(admin, { messageId: id, data: practice?.[1] as string });
    expect(messageText(admin, id)).toMatch(/^practice\.xlsx \(published percentages\): 2 rows — 2 new, 0 corrected/);
    await h.press(admin, { messageId: id, data: buttons(admin, id)[0]?.[1] as string });
    const stored = await h.db.publishedFigure.findMany({
      where: { metric: "practice", year: "2020-2021" },
      orderBy: { value: "asc" },
    });
    expect(stored.map((f) => f.value)).toEqual([95.5, 97]);
  });
});

describe("files that are refused, with nothing written", () => {
  it("refuses students and strangers without downloading anything, and a leader's import once it is no review", async () => {
    const bytes = await workbook(HEADER, NEW);
    for (const [user, text] of [
      [student, t("problems.importForbidden")],
      [stranger, t("problems.needInvite")],
    ] as const) {
      const reply = await h.sendFile(user, { fileName: "x.xlsx", bytes });
      expect(textOf(reply)).toBe(text);
      expect(h.api.callsSinceMark("getFile")).toEqual([]);
    }
    // a leader sees figures, so his file is looked at (a review is summarised for him: reviews.test.ts)
    expect(textOf(await h.sendFile(leader, { fileName: "x.xlsx", bytes }))).toBe(t("problems.importForbidden"));
    expect(await newSessionRows()).toBe(1);
  });

  it.each([
    ["a PDF", "report.pdf", Buffer.from("%PDF-1.7\n%\u00e2\u00e3\n1 0 obj\n", "latin1")],
    [
      "a PNG named .xlsx",
      "table.xlsx",
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]),
    ],
  ])("says %s is not a CSV or XLSX file", async (_, fileName, bytes) => {
    const reply = await h.sendFile(admin, { fileName, bytes });
    expect(textOf(reply).split("\n")).toEqual([
      `${fileName} was not accepted; nothing was written:`,
      "• this is not a CSV or XLSX file: save the table from Excel as .xlsx or .csv and send that",
    ]);
  });

  it("a header of 16 000 columns is named in a line that fits the message, not one Telegram refuses", async () => {
    const columns = Array.from({ length: 16_000 }, (_, i) => `c${i}`);
    const reply = await h.sendFile(admin, { fileName: "wide.xlsx", bytes: await workbook(columns, columns) });
    expect(reply.error).toBeUndefined();
    const lines = textOf(reply).split("\n");
    expect(lines[0]).toBe("wide.xlsx was not accepted; nothing was written:");
    expect(lines[1]).toContain("c0, c1, c2");
    expect(lines[1]).toContain("…)");
    expect(textOf(reply).length).toBeLessThan(1000);
  });

  it("a zip bomb is refused before it is unpacked whole", async () => {
    const zip = await JSZip.loadAsync(await workbook(HEADER, NEW));
    zip.file("xl/worksheets/sheet1.xml", "x".repeat(61 * 1024 * 1024));
    const bytes = await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" });
    const reply = await h.sendFile(admin, { fileName: "bomb.xlsx", bytes });
    expect(textOf(reply).split("\n")[1]).toBe(`• ${t("problems.workbookTooLarge", { max: 60 })}`);
  });

  it("names bad rows by their line and writes none of the file", async () => {
    const csv = [
      HEADER.slice(0, 10).join(","),
      NEW.join(","),
      "2020-2021,autumn,main,full-time,ЭФ,faculty,yes,500,600,100",
      "2020-2021,autumn,main,full-time,ТФ,faculty,yes,x,1,1",
    ];
    const reply = await h.sendFile(admin, { fileName: "bad.csv", bytes: Buffer.from(`${csv.join("\n")}\n`) });
    expect(textOf(reply).split("\n")).toEqual([
      "bad.csv was not accepted; nothing was written:",
      "• line 3: admitted (600) exceeds enrolled (500)",
      "• line 4: “enrolled”: “x” is not a whole number",
    ]);
    expect(await newSessionRows()).toBe(1);
    expect(buttons(admin, messageId(reply))).toEqual([]);
  });

  it("keeps a dean to his faculty: rows of another are named, totals and units files refused", async () => {
    const other = ["2020-2021", "autumn", "main", "full-time", "ЭФ", "faculty", "yes", 500, 400, 300];
    const reply = await h.sendFile(dean, { fileName: "two.xlsx", bytes: await workbook(HEADER, NEW, other) });
    expect(textOf(reply).split("\n")).toEqual([
      "two.xlsx was not accepted; nothing was written:",
      "• line 3: unit ЭФ is outside your scope (МТФ)",
    ]);
    const units = await h.sendFile(dean, { fileName: "units.csv", bytes: Buffer.from("code,name_en\nМТФ,Mechanics\n") });
    expect(textOf(units)).toContain("this file speaks for the whole institution; you may import figures of МТФ only");
    // his own faculty's rows are previewed as anyone's
    const own = await h.sendFile(dean, { fileName: "own.xlsx", bytes: await workbook(HEADER, NEW) });
    expect(textOf(own).split("\n")[0]).toBe("own.xlsx (session results): 1 rows — 0 new, 0 corrected, 1 unchanged.");
    expect(textOf(own)).toContain(t("upload.nothingToWrite"));
  });
});

describe("/export", () => {
  it("sends the session table of the user's scope as a workbook that comes back as nothing new", async () => {
    const reply = await h.say(dean, "/export", "sendDocument");
    expect(String(reply.params.caption)).toMatch(/^KSTU .*, МТФ: Session results: 2020-2021 academic year, autumn session/);
    const doc = h.api.messages(dean.id).at(-1)?.document;
    if (!doc) throw new Error("no document");
    expect(doc.fileName).toBe("sapat-2020-2021-autumn-main-МТФ.xlsx");
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(doc.bytes as never);
    expect(book.worksheets.map((s) => s.name)).toEqual(["Session", "Checks"]);
    const back = await h.sendFile(dean, { fileName: doc.fileName, bytes: doc.bytes });
    expect(textOf(back)).toContain(t("upload.nothingToWrite"));
  });

  it("takes a unit and a stage in words, and refuses students and strangers politely", async () => {
    const reply = await h.say(admin, "/export ЭФ after re-takes 2019-2020", "sendDocument");
    expect(String(reply.params.caption)).toMatch(
      /, ЭФ: Session results: 2019-2020 academic year, spring session, after re-takes, all forms\. Flags: 0\.$/,
    );
    expect(textOf(await h.say(student, "/export"))).toBe(t("problems.notForStudents"));
    expect(textOf(await h.say(stranger, "/export"))).toBe(t("problems.needInvite"));
  });
});
