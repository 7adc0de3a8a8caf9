// The student roster file: student_id, full_name, group, unit, course, form — one row per
// student. Ids are text (leading zeros kept); forms in English, Kyrgyz or Russian words
// (full-time, күндүзгү, очная); the unit as written (a code, name or alias), resolved later.
import { cleanName, cleanStudentId, type Form, parseStudyForm, type RosterStudent } from "../../../core/index.ts";
import type { ImportIssue, Table } from "../../io/table.ts";
import { checkColumns, enoughIssues } from "./fields.ts";

export const ROSTER_COLUMNS = ["student_id", "full_name", "group", "unit", "course", "form"] as const;

/** Longest group name ("ЭЭ-1-23", "ПОВТ(б)-2-21"), as `sapat invite create --group` takes it. */
export const GROUP_MAX = 40;

export type RosterRow = RosterStudent & { line: number };

const issue = (line: number, code: string, params: ImportIssue["params"]): ImportIssue => ({ line, code, params });

/** One cleaned text cell, or an issue naming its line and column. */
function text(line: number, column: string, raw: string, max: number, issues: ImportIssue[]): string | null {
  if (raw.trim() === "") {
    issues.push(issue(line, "required", { column }));
    return null;
  }
  const r = cleanName(raw, max);
  if (r.ok && r.value) return r.value;
  issues.push(issue(line, r.ok ? "required" : r.problem.code, { column, ...(r.ok ? {} : r.problem.params) }));
  return null;
}

function studentId(line: number, raw: string, issues: ImportIssue[]): string | null {
  if (raw.trim() === "") {
    issues.push(issue(line, "required", { column: "student_id" }));
    return null;
  }
  const id = cleanStudentId(raw);
  if (!id) issues.push(issue(line, "badStudentId", { column: "student_id", value: raw }));
  return id;
}

function course(line: number, raw: string, issues: ImportIssue[]): number | null {
  const n = /^\d{1,2}$/.test(raw.trim()) ? Number(raw.trim()) : Number.NaN;
  if (n >= 1 && n <= 6) return n;
  issues.push(issue(line, "courseRange", { column: "course", value: raw }));
  return null;
}

function form(line: number, raw: string, issues: ImportIssue[]): Form | null {
  const f = parseStudyForm(raw);
  if (!f) issues.push(issue(line, "notStudyForm", { column: "form", value: raw }));
  return f;
}

/** Every row checked; any issue refuses the file (the caller writes nothing). */
export function parseRosterRows(table: Table): {
  rows: RosterRow[];
  issues: ImportIssue[];
  /** every row's unit as written, bad rows included: unknown units are named along with the rest */
  unitLines: { line: number; unit: string }[];
} {
  const issues = checkColumns(table.header, table.headerLine, ROSTER_COLUMNS, (c) =>
    (ROSTER_COLUMNS as readonly string[]).includes(c),
  );
  if (issues.length) return { rows: [], issues, unitLines: [] };
  const rows: RosterRow[] = [];
  const unitLines: { line: number; unit: string }[] = [];
  const seen = new Map<string, number>();
  for (const { line, values } of table.records) {
    if (enoughIssues(issues)) break;
    const before = issues.length;
    const v = (c: (typeof ROSTER_COLUMNS)[number]) => values[c] ?? "";
    const id = studentId(line, v("student_id"), issues);
    const fullName = text(line, "full_name", v("full_name"), 200, issues);
    const groupName = text(line, "group", v("group"), GROUP_MAX, issues);
    const unit = text(line, "unit", v("unit"), 120, issues);
    if (unit) unitLines.push({ line, unit });
    const c = course(line, v("course"), issues);
    const f = form(line, v("form"), issues);
    if (id) {
      const first = seen.get(id);
      if (first !== undefined) issues.push(issue(line, "duplicateStudentId", { value: id, first }));
      else seen.set(id, line);
    }
    if (issues.length > before || !id || !fullName || !groupName || !unit || c === null || !f) continue;
    rows.push({ line, studentId: id, fullName, groupName, unit, course: c, form: f });
  }
  return { rows, issues, unitLines };
}
