// Figures typed in a chat, read before anything is checked: the one-line /practice entry, a
// line of session counts, the steps the dialogues wait on, the academic year at an instant,
// and the buttons' data (≤ 64 bytes, read back as written).
import { describe, expect, it } from "vitest";
import { parseVersionRef } from "../../bot/app/entry/restore.ts";
import { type PracticeState, practiceStep } from "../../bot/app/practice/practice-dialogue.ts";
import { readCount, readKind } from "../../bot/app/practice/submit-practice.ts";
import { applyCountsLine, missingCount, noCounts } from "../../bot/app/session/session-counts.ts";
import { decode as decodeAnnounce } from "../../bot/features/announce/callback-data.ts";
import { decodeRestore } from "../../bot/features/history/callback-data.ts";
import * as practiceData from "../../bot/features/practice-entry/callback-data.ts";
import { decode as decodeRequest } from "../../bot/features/requests/callback-data.ts";
import * as sessionData from "../../bot/features/session-entry/callback-data.ts";
import { decode as decodeResults } from "../../bot/features/survey-results/callback-data.ts";
import { decode as decodeUpload } from "../../bot/features/upload/callback-data.ts";
import {
  academicYearAt,
  COUNT_FIELDS,
  countFieldOf,
  isLaterYear,
  parseCountsLine,
  parsePracticeLine,
  readCountsText,
  termAt,
} from "../../core/index.ts";

describe("the one-line practice entry", () => {
  it.each([
    [
      "production 45/50 2025-2026",
      { unit: "", kind: "production", counts: { completed: "45", assigned: "50" }, year: "2025-2026" },
    ],
    ["өндүрүштүк 45/50", { unit: "", kind: "production", counts: { completed: "45", assigned: "50" }, year: null }],
    ["ТФ-ТМ производственная 45 / 50", { unit: "ТФ-ТМ", kind: "production", counts: { completed: "45", assigned: "50" } }],
    ["окуу-өндүрүштүк практика 12/20 2024 - 2025", { kind: "educational-production", year: "2024-2025" }],
    ["production 51/50", { counts: { completed: "51", assigned: "50" } }],
    ["production -1/50", { counts: { completed: "-1", assigned: "50" } }],
    ["production abc/50", { counts: { completed: "abc", assigned: "50" } }],
    ["Тамак-аш технологиясы кафедрасы дипломалды 9/10", { unit: "Тамак-аш технологиясы кафедрасы", kind: "pre-diploma" }],
    ["production ТФ-ТМ 45/50", { unit: "ТФ-ТМ", kind: "production" }],
    // counts as people say them after the kind
    ["производственная практика 45 из 50", { unit: "", kind: "production", counts: { completed: "45", assigned: "50" } }],
    ["өндүрүштүк 50дөн 45", { unit: "", kind: "production", counts: { completed: "45", assigned: "50" } }],
    ["production 45 50", { unit: "", kind: "production", counts: { completed: "45", assigned: "50" } }],
  ])("%s", (text, expected) => expect(parsePracticeLine(text)).toMatchObject(expected));

  it("an unknown kind keeps its words to be named back", () => {
    expect(parsePracticeLine("sports 45/50")).toEqual({
      unit: "",
      kind: null,
      kindText: "sports",
      counts: { completed: "45", assigned: "50" },
      year: null,
    });
  });

  it("a kind without counts starts the dialogue; a unit or a year alone asks for the report", () => {
    expect(parsePracticeLine("production")).toMatchObject({ kind: "production", counts: null });
    expect(parsePracticeLine("ТФ 2019-2020")).toBeNull();
    expect(parsePracticeLine("2019/2020")).toBeNull();
    expect(parsePracticeLine("")).toBeNull();
  });
});

describe("a count as people type it in the dialogue", () => {
  it.each([
    ["50", { one: "50" }],
    ["50 студент", { one: "50" }],
    ["students: 50", { one: "50" }],
    ["-1", { one: "-1" }],
    ["45/50", { completed: "45", assigned: "50" }],
    ["45 из 50", { completed: "45", assigned: "50" }],
    ["45 of 50 students", { completed: "45", assigned: "50" }],
    ["50дөн 45", { completed: "45", assigned: "50" }],
    ["50 студенттен 45", { completed: "45", assigned: "50" }],
  ])("%s", (text, expected) => expect(readCountsText(text)).toEqual(expected));

  it("words alone, or numbers that are not one count, are no count", () => {
    for (const text of ["кырк беш", "abc", "1e3", "45 50", "2025-2026"]) expect(readCountsText(text)).toBeNull();
  });
});

describe("values of the practice entry", () => {
  it("counts are whole numbers from 0 to 100 000", () => {
    expect(readCount("assigned", "50")).toEqual({ ok: true, value: 50 });
    expect(readCount("assigned", 0)).toEqual({ ok: true, value: 0 });
    for (const bad of ["abc", "-1", "4.5", "", "1e3"])
      expect(readCount("assigned", bad)).toEqual({
        ok: false,
        problem: { code: "practiceNotCount", params: { field: "assigned", value: bad } },
      });
    expect(readCount("completed", "100001")).toMatchObject({ ok: false, problem: { code: "practiceTooLarge" } });
  });

  it("kinds in three languages; an unknown word named back", () => {
    expect(readKind("дипломалды")).toEqual({ ok: true, value: "pre-diploma" });
    expect(readKind("pre-diploma")).toEqual({ ok: true, value: "pre-diploma" });
    expect(readKind("sports")).toEqual({ ok: false, problem: { code: "practiceUnknownKind", params: { kind: "sports" } } });
    expect(readKind(" ")).toMatchObject({ ok: false, problem: { code: "practiceKindMissing" } });
  });
});

describe("the academic year and term where the institution is", () => {
  it("the year starts on 1 September, Bishkek time (UTC+6)", () => {
    expect(academicYearAt(new Date("2026-08-31T17:59:00Z"), "Asia/Bishkek")).toBe("2025-2026");
    expect(academicYearAt(new Date("2026-08-31T18:00:00Z"), "Asia/Bishkek")).toBe("2026-2027");
    expect(academicYearAt(new Date("2026-08-31T18:00:00Z"), "UTC")).toBe("2025-2026");
  });

  it("autumn from September to January, spring from February", () => {
    expect(termAt(new Date("2027-01-20T06:00:00Z"), "Asia/Bishkek")).toBe("autumn");
    expect(termAt(new Date("2027-02-01T06:00:00Z"), "Asia/Bishkek")).toBe("spring");
    expect(isLaterYear("2027-2028", "2026-2027")).toBe(true);
    expect(isLaterYear("2025-2026", "2026-2027")).toBe(false);
  });
});

describe("session counts typed in", () => {
  it("a line of numbers fills the counts in report order, the rest stays to come", () => {
    const r = applyCountsLine(noCounts(), "120 110 4 6 80");
    expect(r.ok && r.value).toMatchObject({ cursor: 5, finished: true });
    expect(r.ok && r.value.counts).toMatchObject({ enrolled: 120, admitted: 110, passedAll: 80, excellentOnly: null });
  });

  it("one number at a time goes on to the next count; '-' leaves one empty", () => {
    const first = applyCountsLine(noCounts(), "120");
    expect(first.ok && first.value).toMatchObject({ cursor: 1, finished: false });
    if (!first.ok) return;
    const second = applyCountsLine(first.value, "110, -, -");
    expect(second.ok && second.value).toMatchObject({ cursor: 4, finished: true });
    expect(second.ok && second.value.counts.notAdmittedExcused).toBeNull();
  });

  it("all thirteen finish the counts; a fourteenth is refused", () => {
    const thirteen = Array.from({ length: 13 }, (_, i) => String(i)).join(" ");
    const r = applyCountsLine(noCounts(), thirteen);
    expect(r.ok && r.value).toMatchObject({ cursor: COUNT_FIELDS.length, finished: true });
    expect(applyCountsLine(noCounts(), `${thirteen} 13`)).toEqual({
      ok: false,
      problem: { code: "entryTooManyValues", params: { max: 13 } },
    });
  });

  it("counts by name in three languages, and the columns of files", () => {
    expect(parseCountsLine("admitted 110 passed all 80")).toEqual({
      kind: "named",
      values: [
        ["admitted", "110"],
        ["passedAll", "80"],
      ],
    });
    expect(countFieldOf("уруксат")).toBe("admitted");
    expect(countFieldOf("сдали")).toBe("passedAll");
    expect(countFieldOf("no_show")).toBe("noShow");
    expect(countFieldOf("attended")).toBeNull();
    const r = applyCountsLine(noCounts(), "контингент 120; допущено 110");
    expect(r.ok && r.value.counts).toMatchObject({ enrolled: 120, admitted: 110 });
  });

  it("a wrong value refuses the whole line, naming the count", () => {
    expect(applyCountsLine(noCounts(), "120 abc 4")).toEqual({
      ok: false,
      problem: { code: "entryNotCount", params: { field: "admitted", value: "abc" } },
    });
    expect(applyCountsLine(noCounts(), "admitted -5")).toMatchObject({
      ok: false,
      problem: { code: "entryNotCount", params: { field: "admitted", value: "-5" } },
    });
    expect(applyCountsLine(noCounts(), "attended 5")).toEqual({
      ok: false,
      problem: { code: "entryUnknownField", params: { words: "attended" } },
    });
  });

  it("a summary needs enrolled, admitted and passed all", () => {
    expect(missingCount(noCounts().counts)).toEqual({ code: "sessionEntryMissing", params: { field: "enrolled" } });
    const r = applyCountsLine(noCounts(), "120 110");
    expect(r.ok && missingCount(r.value.counts)).toEqual({ code: "sessionEntryMissing", params: { field: "passedAll" } });
  });
});

describe("the step a practice entry waits on", () => {
  const s: PracticeState = {
    token: "abc",
    year: "2025-2026",
    yearFixed: false,
    unit: null,
    kind: null,
    assigned: null,
    completed: null,
  };
  it("the first thing missing, then the summary", () => {
    expect(practiceStep(s)).toBe("unit");
    expect(practiceStep({ ...s, unit: "ТФ-ТМ" })).toBe("kind");
    expect(practiceStep({ ...s, unit: "ТФ-ТМ", kind: "production" })).toBe("assigned");
    expect(practiceStep({ ...s, unit: "ТФ-ТМ", kind: "production", assigned: 50 })).toBe("completed");
    expect(practiceStep({ ...s, unit: "ТФ-ТМ", kind: "production", assigned: 50, completed: 0 })).toBe("summary");
  });
});

describe("button data", () => {
  it("practice presses read back as written, within 64 bytes", () => {
    const presses = [
      { op: "unit", unitId: 123456789 },
      { op: "kind", kind: "educational-production" },
      { op: "year", year: "2025-2026" },
      { op: "confirm" },
      { op: "edit" },
      { op: "cancel" },
    ] as const;
    for (const press of presses) {
      const data = practiceData.encodePress("Ab3_-x", press);
      expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
      expect(practiceData.decodePress(data)).toEqual({ token: "Ab3_-x", press });
    }
    // "u:0" has the digits of an id but is none (the fuzz found it thrown instead of refused)
    for (const bad of [
      "pe:tok:k:4",
      "pe:tok:u:abc",
      "pe:tok:u:0",
      "pe:tok:u:000",
      "pe:to k:ok",
      "pe:tok:ok:1",
      "pe:tok",
      "ann:s:1",
    ])
      expect(practiceData.decodePress(bad)).toBeNull();
  });

  it("an id past what the 32-bit id columns hold is no button's: every decoder refuses it", () => {
    const big = ["2147483648", "4294967296", "9007199254740993"];
    for (const id of big) {
      expect(practiceData.decodePress(`pe:tok:u:${id}`)).toBeNull();
      expect(sessionData.decodePress(`se:tok:u:${id}`)).toBeNull();
      expect(decodeRestore(`rs:p:${id}`)).toBeNull();
      expect(parseVersionRef(id)).toBeNull();
      expect(decodeUpload(`up:x:${id}`)).toBeNull();
      expect(decodeResults(`svr:r:${id}`)).toBeNull();
      expect(decodeAnnounce(`ann:s:${id}`)).toBeNull();
      expect(decodeRequest(`rq:x:${id}`)).toBeNull();
    }
    // the largest nine-digit id still reads
    expect(decodeUpload("up:x:999999999")).toEqual({ op: "cancel", uploadId: 999_999_999 });
  });

  it("a request's start button: the year and the kind, both optional", () => {
    expect(practiceData.decodeStart("entry:practice")).toEqual({});
    expect(practiceData.decodeStart("entry:practice:2025-2026")).toEqual({ year: "2025-2026" });
    expect(practiceData.decodeStart("entry:practice:2025-2026:pre-diploma")).toEqual({ year: "2025-2026", kind: "pre-diploma" });
    expect(practiceData.decodeStart("entry:practice:2025-2026:sports")).toBeNull();
    expect(practiceData.startData("2025-2026", "educational-production")).toBe("entry:practice:2025-2026:educational-production");
    expect(sessionData.decodeStart("entry:session:2025-2026:autumn:main:part-time")).toEqual({
      year: "2025-2026",
      term: "autumn",
      stage: "main",
      form: "part-time",
    });
    expect(sessionData.decodeStart("entry:session:2025-2026:winter:main")).toBeNull();
  });

  it("session presses read back as written", () => {
    const presses = [
      { op: "unit", unitId: 7 },
      { op: "year", year: "2024-2025" },
      { op: "term", term: "spring" },
      { op: "stage", stage: "after-retakes" },
      { op: "form", form: "part-time" },
      { op: "course", course: 6 },
      { op: "next" },
      { op: "confirm" },
      { op: "edit" },
      { op: "cancel" },
    ] as const;
    for (const press of presses)
      expect(sessionData.decodePress(sessionData.encodePress("tok", press))).toEqual({ token: "tok", press });
    expect(sessionData.decodePress("se:tok:c:7")).toBeNull();
  });

  it("/restore takes a practice version's id, or s and a session result's", () => {
    expect(parseVersionRef("12")).toEqual({ table: "practice", id: 12 });
    expect(parseVersionRef("#12")).toEqual({ table: "practice", id: 12 });
    expect(parseVersionRef("s7")).toEqual({ table: "session", id: 7 });
    expect(parseVersionRef("#s7")).toEqual({ table: "session", id: 7 });
    expect(parseVersionRef("twelve")).toBeNull();
  });
});
