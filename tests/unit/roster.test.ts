// The student roster's pure parts: ids, form words, the default link size, what a re-import changes,
// and the roster file's rows checked line by line.
import { describe, expect, it } from "vitest";
import { parseRosterRows } from "../../bot/app/imports/roster-rows.ts";
import { tableKind } from "../../bot/app/imports/table-kinds.ts";
import type { Table } from "../../bot/io/table.ts";
import { cleanStudentId, defaultGroupUses, parseAudience, parseStudyForm, rosterDiff } from "../../core/index.ts";

const HEADER = ["student_id", "full_name", "group", "unit", "course", "form"];
const table = (...rows: string[][]): Table => ({
  header: HEADER,
  headerLine: 1,
  records: rows.map((r, i) => ({ line: i + 2, values: Object.fromEntries(HEADER.map((h, j) => [h, r[j] ?? ""])) })),
});

describe("roster basics", () => {
  it("keeps leading zeros, drops spaces, refuses junk", () => {
    expect(cleanStudentId(" 000123 ")).toBe("000123");
    expect(cleanStudentId("12 345")).toBe("12345");
    expect(cleanStudentId("ab-12")).toBe("AB-12");
    expect(cleanStudentId("")).toBeNull();
    expect(cleanStudentId("12;DROP")).toBeNull();
    expect(cleanStudentId("1".repeat(33))).toBeNull();
  });

  it("reads form words in three languages", () => {
    for (const w of ["full-time", "Full time", "күндүзгү", "очная", "Очно"]) expect(parseStudyForm(w)).toBe("full-time");
    for (const w of ["part-time", "сырттан", "заочная", "extramural"]) expect(parseStudyForm(w)).toBe("part-time");
    for (const w of ["", "вечерняя", "full"]) expect(parseStudyForm(w)).toBeNull();
  });

  it("a group link holds the group and a tenth more", () => {
    expect(defaultGroupUses(25)).toBe(28);
    expect(defaultGroupUses(20)).toBe(22);
    expect(defaultGroupUses(1)).toBe(2);
    expect(defaultGroupUses(0)).toBe(1);
  });

  it("a re-import adds, moves, keeps the missing ones", () => {
    const s = { fullName: "A", groupName: "G1", unit: "ЭФ", course: 1, form: "full-time" as const };
    const stored = [
      { ...s, studentId: "1", bound: true },
      { ...s, studentId: "2", bound: false },
      { ...s, studentId: "3", bound: false },
    ];
    const diff = rosterDiff(stored, [
      { ...s, studentId: "1", groupName: "G2", course: 2, line: 2 },
      { ...s, studentId: "2", line: 3 },
      { ...s, studentId: "4", line: 4 },
    ]);
    expect(diff.added.map((r) => r.studentId)).toEqual(["4"]);
    expect(diff.unchanged).toBe(1);
    expect(diff.missing.map((m) => m.studentId)).toEqual(["3"]);
    expect(diff.moved).toHaveLength(1);
    expect(diff.moved[0]).toMatchObject({
      studentId: "1",
      bound: true,
      changes: [
        { field: "groupName", from: "G1", to: "G2" },
        { field: "course", from: 1, to: 2 },
      ],
    });
  });

  it("teaching staff in an audience", () => {
    for (const a of [
      "role:teacher",
      "role:окутуучулар",
      "role:преподаватели",
      "all teaching staff",
      "окутуучулар",
      "Преподаватели",
    ]) {
      const r = parseAudience(a);
      expect(r.ok && r.value.roles).toEqual(["teacher"]);
    }
  });
});

describe("roster rows", () => {
  it("a header with student_id is a roster, never a units file", () => {
    expect(tableKind(HEADER)).toBe("roster");
    expect(tableKind(["code", "student_id"])).toBe("roster");
    expect(tableKind(["code", "kind"])).toBe("units");
  });

  it("reads good rows with ids as text", () => {
    const { rows, issues } = parseRosterRows(table(["007", "Асанов Бакыт", "ЭЭ-1-23", "ЭФ", "2", "күндүзгү"]));
    expect(issues).toEqual([]);
    expect(rows).toEqual([
      { line: 2, studentId: "007", fullName: "Асанов Бакыт", groupName: "ЭЭ-1-23", unit: "ЭФ", course: 2, form: "full-time" },
    ]);
  });

  it("names every bad cell by line and column", () => {
    const { rows, issues } = parseRosterRows(
      table(
        ["", "No Id", "G", "ЭФ", "1", "full-time"],
        ["5", "Bad Course", "G", "ЭФ", "7", "full-time"],
        ["6", "Bad Form", "G", "ЭФ", "1", "вечерняя"],
        ["6", "Duplicate", "G", "ЭФ", "1", "очная"],
        ["7", "", "", "ЭФ", "0", "full-time"],
      ),
    );
    expect(rows).toHaveLength(0);
    expect(issues.map((i) => [i.line, i.code, i.params.column ?? i.params.value])).toEqual([
      [2, "required", "student_id"],
      [3, "courseRange", "course"],
      [4, "notStudyForm", "form"],
      [5, "duplicateStudentId", "6"],
      [6, "required", "full_name"],
      [6, "required", "group"],
      [6, "courseRange", "course"],
    ]);
  });

  it("refuses a file without the roster's columns", () => {
    const { issues } = parseRosterRows({ header: ["student_id", "name"], headerLine: 1, records: [] });
    expect(issues.map((i) => i.code)).toContain("missingColumn");
    expect(issues.map((i) => i.code)).toContain("unknownColumn");
  });
});
