// An action item's deadline as a resolution writes it (DOMAIN.md §5): a day ("30.09.2026",
// "by 30 September", "30-сентябрга чейин", "до 30 сентября"), a range ("16.11–20.11.2026",
// due at its end) or stages ("schedule by 20.09.2026; final report by 10.06.2027"), each
// stage its own deadline. A day written without a year takes it from the plan's academic
// year: September–December the first calendar year, January–August the second.
import { formatDay, parseDay } from "../requests/schedule.ts";
import { type Problem, problem } from "../shared/problem.ts";

export interface DeadlineStage {
  /** what is due ("schedule", "final report"); null for a plain day or range */
  label: string | null;
  /** a range's first day */
  from: string | null;
  /** the day it is due by, "YYYY-MM-DD" */
  due: string;
}

export type DeadlineKind = "day" | "range" | "stages";

export interface Deadline {
  kind: DeadlineKind;
  /** in time order; one for a day or a range */
  stages: DeadlineStage[];
}

/** Month words by stem, ky/ru/en ("сентябрга", "сентября", "September", "Sept."). */
const MONTH_STEMS: readonly (readonly string[])[] = [
  ["январ", "jan"],
  ["феврал", "feb"],
  ["мартт", "марта", "март", "mar"],
  ["апрел", "apr"],
  ["май", "мая", "may"],
  ["июн", "jun"],
  ["июл", "jul"],
  ["август", "aug"],
  ["сентяб", "sep"],
  ["октяб", "oct"],
  ["нояб", "nov"],
  ["декаб", "dec"],
];

function monthOf(word: string): number | null {
  const w = word.toLowerCase().replace(/ё/g, "е");
  const i = MONTH_STEMS.findIndex((stems) => stems.some((s) => w.startsWith(s)));
  return i < 0 ? null : i + 1;
}

/** Words around a date that only say "by": en, ru, ky (ky puts "чейин" after the date). */
const BEFORE = /(?:^|\s)(?:by|until|till|not later than|до|не позднее|в срок до|срок)\s*:?\s*$/iu;
const DASH = "[-‐‑‒–—―]";

const pad = (n: number) => String(n).padStart(2, "0");

/** The calendar year of a month in an academic year ("2026-2027": September → 2026, June → 2027). */
function yearIn(academicYear: string | null, month: number): number | null {
  const start = academicYear ? Number(academicYear.slice(0, 4)) : Number.NaN;
  if (!Number.isInteger(start)) return null;
  return month >= 9 ? start : start + 1;
}

type Read = { ok: true; day: string } | { ok: false; problem: Problem };

function dayOf(d: number, m: number, y: number | null, raw: string): Read {
  if (y === null) return { ok: false, problem: problem("planDeadlineNoYear", { value: raw }) };
  const day = parseDay(`${y}-${pad(m)}-${pad(d)}`);
  return day ? { ok: true, day } : { ok: false, problem: problem("planBadDeadline", { value: raw }) };
}

/** A date expression at the end of `text`: where it starts, and the day. */
interface Found {
  start: number;
  read: Read;
}

const NUMERIC = /(\d{4}-\d{2}-\d{2}|\d{1,2}[./]\d{1,2}[./]\d{4})$/u;
const SHORT = /(\d{1,2})[./](\d{1,2})$/u;
const WORDED = /(\d{1,2})(?:\s*-\s*|\s+)(\p{L}+)\.?(?:\s+(\d{4}))?$/u;
const WORDED_MONTH_FIRST = /(\p{L}+)\.?\s+(\d{1,2})(?:,?\s+(\d{4}))?$/u;

/** The date written at the end of a text, the year from `academicYear` where it is left out. */
function dateAtEnd(text: string, academicYear: string | null): Found | null {
  const numeric = NUMERIC.exec(text);
  if (numeric) {
    const day = parseDay(numeric[1] as string);
    return {
      start: numeric.index,
      read: day ? { ok: true, day } : { ok: false, problem: problem("planBadDeadline", { value: text }) },
    };
  }
  const worded = WORDED.exec(text);
  if (worded) {
    const month = monthOf(worded[2] as string);
    if (month !== null) {
      const y = worded[3] ? Number(worded[3]) : yearIn(academicYear, month);
      return { start: worded.index, read: dayOf(Number(worded[1]), month, y, text) };
    }
  }
  const monthFirst = WORDED_MONTH_FIRST.exec(text);
  if (monthFirst) {
    const month = monthOf(monthFirst[1] as string);
    if (month !== null) {
      const y = monthFirst[3] ? Number(monthFirst[3]) : yearIn(academicYear, month);
      return { start: monthFirst.index, read: dayOf(Number(monthFirst[2]), month, y, text) };
    }
  }
  const short = SHORT.exec(text);
  if (short) {
    const month = Number(short[2]);
    return { start: short.index, read: dayOf(Number(short[1]), month, yearIn(academicYear, month), text) };
  }
  return null;
}

/** Trailing words that follow a date ("чейин", "г.") cut off. */
function withoutAfterWords(text: string): string {
  let t = text.trim().replace(/[.;,]+$/u, "");
  for (;;) {
    const m = /\s+(?:чейин|дейре|дейин|г\.?|года|жылга|жыл)$/iu.exec(t);
    if (!m) return t;
    t = t.slice(0, m.index).trim();
  }
}

/** "16.11–20.11.2026", "16–20.11.2026", "16.11.2026 - 20.11.2026": the first day and the last. */
function rangeOf(text: string, academicYear: string | null): { from: string; due: string } | Problem | null {
  const m = new RegExp(
    `^(?:.*?\\s)?(\\d{1,2})(?:[./](\\d{1,2}))?(?:[./](\\d{4}))?\\s*${DASH}\\s*(\\d{1,2})[./](\\d{1,2})(?:[./](\\d{4}))?$`,
    "u",
  ).exec(text);
  if (!m) return null;
  const [, d1, m1, y1, d2, m2, y2] = m;
  const endMonth = Number(m2);
  const endYear = y2 ? Number(y2) : yearIn(academicYear, endMonth);
  const end = dayOf(Number(d2), endMonth, endYear, text);
  if (!end.ok) return end.problem;
  const startMonth = m1 ? Number(m1) : endMonth;
  const startYear = y1 ? Number(y1) : endYear !== null && startMonth > endMonth ? endYear - 1 : endYear;
  const start = dayOf(Number(d1), startMonth, startYear, text);
  if (!start.ok) return start.problem;
  if (start.day > end.day) return problem("planRangeBackwards", { value: text });
  return { from: start.day, due: end.day };
}

/** One part of a deadline: an optional label, then the date (or a range). */
function stageOf(
  part: string,
  academicYear: string | null,
): { ok: true; stage: DeadlineStage } | { ok: false; problem: Problem } {
  const text = withoutAfterWords(part);
  if (!text) return { ok: false, problem: problem("planBadDeadline", { value: part.trim() }) };
  const iso = parseDay(text);
  if (iso) return { ok: true, stage: { label: null, from: null, due: iso } };
  const range = rangeOf(text, academicYear);
  if (range && "code" in range) return { ok: false, problem: range };
  if (range) {
    const label = labelOf(text.slice(0, text.search(/\d{1,2}(?:[./]\d{1,2})?(?:[./]\d{4})?\s*[-‐‑‒–—―]\s*\d/u)));
    return { ok: true, stage: { label, from: range.from, due: range.due } };
  }
  const found = dateAtEnd(text, academicYear);
  if (!found) return { ok: false, problem: problem("planBadDeadline", { value: part.trim() }) };
  if (!found.read.ok) return { ok: false, problem: found.read.problem };
  return { ok: true, stage: { label: labelOf(text.slice(0, found.start)), from: null, due: found.read.day } };
}

/** What stands before a date, without its "by": the stage's name, or null. */
function labelOf(before: string): string | null {
  const label = before
    .replace(BEFORE, "")
    .replace(/[\s:,–—-]+$/u, "")
    .trim();
  return label || null;
}

export type DeadlineRead = { ok: true; deadline: Deadline } | { ok: false; problem: Problem };

/**
 * A deadline as written, the year of a day written without one taken from `academicYear`
 * ("2026-2027"; null: every date must carry its year). Stages are separated by ";" or a new
 * line, or by "," when each part holds a date; they must follow one another in time.
 */
export function parseDeadline(raw: string, academicYear: string | null): DeadlineRead {
  const text = raw.normalize("NFC").replace(/\s+/gu, " ").trim();
  if (!text) return { ok: false, problem: problem("planNoDeadline") };
  let parts = raw
    .split(/[;\n]/u)
    .map((p) => p.replace(/\s+/gu, " ").trim())
    .filter(Boolean);
  if (parts.length === 1) {
    const byComma = text.split(/,\s*(?=\D)/u).filter((p) => p.trim());
    if (byComma.length > 1 && byComma.every((p) => /\d/u.test(p))) parts = byComma;
  }
  const stages: DeadlineStage[] = [];
  for (const part of parts) {
    const r = stageOf(part, academicYear);
    if (!r.ok) return r;
    stages.push(r.stage);
  }
  for (let i = 1; i < stages.length; i++)
    if ((stages[i] as DeadlineStage).due <= (stages[i - 1] as DeadlineStage).due)
      return { ok: false, problem: problem("planStagesOrder", { value: text }) };
  const only = stages[0] as DeadlineStage;
  const kind: DeadlineKind = stages.length > 1 ? "stages" : only.from ? "range" : "day";
  return { ok: true, deadline: { kind, stages } };
}

/** A deadline as users read it: "30.09.2026", "16.11.2026–20.11.2026", "schedule 20.09.2026; final report 10.06.2027". */
export function planDeadlineText(d: Deadline): string {
  return d.stages
    .map((s) => {
      const when = s.from ? `${formatDay(s.from)}–${formatDay(s.due)}` : formatDay(s.due);
      return s.label ? `${s.label} ${when}` : when;
    })
    .join("; ");
}
