// A review file sent to the real bot through the local Bot API: anyone who sees figures gets
// the summary table (monospace, in their language), the chart and the workbook; a file with
// errors gets one message naming the lines and nothing else; students are refused unread.
import { readFileSync } from "node:fs";
import ExcelJS from "exceljs";
import type { TFunction } from "i18next";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalUser } from "../../bot/local-api/index.ts";
import { type Harness, startHarness } from "./harness.ts";

let h: Harness;
let t: TFunction;

const leader: LocalUser = { id: 8501, firstName: "Rector", languageCode: "en" };
const dean: LocalUser = { id: 8502, firstName: "Декан", languageCode: "ky" };
const student: LocalUser = { id: 8503, firstName: "Student", languageCode: "en" };

const SAMPLE = readFileSync(new URL("../../data/reviews/lyceum-review-sample.csv", import.meta.url));

beforeAll(async () => {
  h = await startHarness();
  t = await h.t("en");
  await h.bindUser(leader, "leader");
  await h.bindUser(dean, "dean", "МТФ");
  await h.bindUser(student, "student", "МТФ");
});
afterAll(() => h?.stop());

async function sheets(user: LocalUser) {
  const doc = h.api.messages(user.id).at(-1)?.document;
  if (!doc) throw new Error("no document");
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(doc.bytes as never);
  return { fileName: doc.fileName, book };
}

describe("a review file sent to the bot", () => {
  it("answers a leader with the summary table, the outcome, the chart and the workbook", async () => {
    await h.sendFile(leader, { fileName: "lyceum-review.csv", bytes: SAMPLE }, "sendDocument");
    const [text] = h.sent(leader, "sendMessage");
    expect(text?.params.parse_mode).toBe("HTML");
    const body = String(text?.params.text);
    expect(body).toContain("<b>External review summary</b>\nOrder: 45-А\nOrder date: 20.05.2024");
    expect(body).toContain(
      [
        "<pre>Std    Crit  Meets  Part  Not  Fulf.",
        "────────────────────────────────────",
        "1         8      6     2    0  yes",
        "2         6      5     1    0  yes",
        "3         6      4     1    1  no",
        "4         5      4     1    0  yes",
        "5         5      3     2    0  yes",
        "────────────────────────────────────",
        "Total    30     22     7    1</pre>",
        "<b>Not recommended: standard 3 not fulfilled.</b>",
      ].join("\n"),
    );
    expect(body).toContain("⚠️ line 29: criterion 2.4 is typed again with the same rating (first on line 28): counted once");
    const photos = h.sent(leader, "sendPhoto");
    expect(photos).toHaveLength(1);
    expect(String(photos[0]?.params.caption)).toBe(t("review.chart.caption"));
    const { fileName, book } = await sheets(leader);
    expect(fileName).toBe("lyceum-review-summary.xlsx");
    expect(book.worksheets.map((s) => s.name)).toEqual(["Summary", "Criteria", "Findings"]);
  });

  it("answers a dean in Kyrgyz, his chart and workbook too", async () => {
    await h.sendFile(dean, { fileName: "review.csv", bytes: SAMPLE }, "sendDocument");
    const body = String(h.sent(dean, "sendMessage")[0]?.params.text);
    expect(body).toContain("<b>Сунушталбайт: 3-стандарт аткарылган жок.</b>");
    expect(body).toContain("Жалпы    30    22      7    1</pre>");
    const { book } = await sheets(dean);
    expect(book.worksheets.map((s) => s.name)).toEqual(["Жыйынтык", "Критерийлер", "Корутундулар"]);
    expect(h.sent(dean, "sendPhoto")).toHaveLength(1);
  });

  it("names the line of an unknown rating in one message, and sends nothing else", async () => {
    const bad = "standard,criterion,rating,comment\n1,1.1,Ылайык келет,\n1,1.2,жакшы,\n1,1.3,Соответствует,\n";
    const reply = await h.sendFile(leader, { fileName: "bad.csv", bytes: Buffer.from(bad) });
    expect(String(reply.params.text).split("\n")).toEqual([
      "bad.csv: the review cannot be summarised:",
      `• line 3: ${t("problems.reviewUnknownRating", { value: "жакшы" })}`,
    ]);
    expect(h.sent(leader, ["sendPhoto", "sendDocument"])).toEqual([]);
    expect(h.sent(leader, "sendMessage")).toHaveLength(1);
  });

  it("refuses a student without downloading the file", async () => {
    const reply = await h.sendFile(student, { fileName: "review.csv", bytes: SAMPLE });
    expect(String(reply.params.text)).toBe(t("problems.importForbidden"));
    expect(h.api.callsSinceMark("getFile")).toEqual([]);
  });
});
