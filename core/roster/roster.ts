// The student roster (issue 11): who may join by his group's link, the words a registrar
// writes for the study form, and what a re-imported roster changes.
import type { Form } from "../session/domain.ts";

/** One student as the roster file gives him. */
export interface RosterStudent {
  studentId: string;
  fullName: string;
  groupName: string;
  /** the unit's code */
  unit: string;
  course: number;
  form: Form;
}

/** A stored entry: the student, and whether an account is bound to him. */
export interface StoredStudent extends RosterStudent {
  bound: boolean;
}

/** The longest student id kept; registrars' ids are short numbers, sometimes with letters or a dash. */
export const STUDENT_ID_MAX = 32;

/**
 * A student id as typed or imported: spaces dropped (a number pasted with a thousands space),
 * Latin letters upper-cased, leading zeros kept; null when it is empty or holds anything but
 * letters, digits and - / . _ .
 */
export function cleanStudentId(raw: string): string | null {
  const id = raw
    .normalize("NFC")
    .replace(/[\s\u00a0\u202f]+/gu, "")
    .toUpperCase();
  if (!id || [...id].length > STUDENT_ID_MAX) return null;
  return /^[\p{L}\p{N}][\p{L}\p{N}\-/._]*$/u.test(id) ? id : null;
}

/** Study-form words in English, Kyrgyz and Russian, folded (lower case, no spaces or hyphens). */
const FORM_WORDS: Record<Form, readonly string[]> = {
  "full-time": ["fulltime", "daytime", "күндүзгү", "күндүз", "очная", "очный", "очное", "очно", "дневная", "дневной"],
  "part-time": ["parttime", "extramural", "distance", "сырттан", "сырттанокуу", "заочная", "заочный", "заочное", "заочно"],
};

const foldWord = (s: string) =>
  s
    .normalize("NFC")
    .toLowerCase()
    .replace(/[\s\-_–—.]+/g, "");

/** The form a word names ("full-time", "күндүзгү", "заочная"), or null. */
export function parseStudyForm(word: string): Form | null {
  const w = foldWord(word);
  if (!w) return null;
  for (const form of ["full-time", "part-time"] as const) if (FORM_WORDS[form].includes(w)) return form;
  return null;
}

/** A group link lets in the group's roster and a tenth more (a student who changes account, a late transfer). */
export function defaultGroupUses(rosterSize: number): number {
  return Math.max(1, Math.ceil(rosterSize * 1.1));
}

export const ROSTER_FIELDS = ["fullName", "groupName", "unit", "course", "form"] as const;
export type RosterField = (typeof ROSTER_FIELDS)[number];

export interface RosterMove {
  studentId: string;
  fullName: string;
  /** the file's line */
  line: number;
  bound: boolean;
  changes: { field: RosterField; from: string | number; to: string | number }[];
}

export interface RosterDiff<R> {
  added: R[];
  moved: (RosterMove & { row: R })[];
  unchanged: number;
  /** stored students the file no longer lists: kept (and still bound), named to the importer */
  missing: StoredStudent[];
}

/** What importing `rows` over the stored roster would change; nothing is ever removed. */
export function rosterDiff<R extends RosterStudent & { line: number }>(
  stored: readonly StoredStudent[],
  rows: readonly R[],
): RosterDiff<R> {
  const byId = new Map(stored.map((s) => [s.studentId, s]));
  const inFile = new Set(rows.map((r) => r.studentId));
  const diff: RosterDiff<R> = { added: [], moved: [], unchanged: 0, missing: stored.filter((s) => !inFile.has(s.studentId)) };
  for (const row of rows) {
    const before = byId.get(row.studentId);
    if (!before) {
      diff.added.push(row);
      continue;
    }
    const changes = ROSTER_FIELDS.filter((f) => before[f] !== row[f]).map((field) => ({
      field,
      from: before[field],
      to: row[field],
    }));
    if (!changes.length) diff.unchanged++;
    else diff.moved.push({ studentId: row.studentId, fullName: row.fullName, line: row.line, bound: before.bound, changes, row });
  }
  return diff;
}

/** What a roster file would do (or did): shown before anything that moves a student is written. */
export interface RosterPreview {
  added: number;
  /** the first new students, for a preview to show */
  addedRows: { line: number; studentId: string; fullName: string; groupName: string }[];
  moved: RosterMove[];
  unchanged: number;
  missing: { studentId: string; fullName: string; groupName: string; bound: boolean }[];
  /** names this preview: a confirmation carrying it writes only while the roster is as previewed */
  token: string;
}

/** Wrong student ids one chat may give within the window before it must wait (guessing ids is the attack). */
export const WRONG_STUDENT_IDS = { points: 3, durationSeconds: 600 } as const;
