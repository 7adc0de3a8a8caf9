// Calendar arithmetic for terms and windows. Days are "yyyy-mm-dd" strings (as stored, see
// core/requests/schedule.ts parseDay/formatDay/daysBetween); a month step that lands past a
// month's end clamps to its last day, so 29.02.2024 + 5 years = 28.02.2029 and
// 31.08 − 6 months = 28.02 (29.02 in a leap year).
import { type Problem, problem } from "../shared/problem.ts";

const lastDayOf = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

export function addMonths(day: string, n: number): string {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + n;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  const date = Math.min(d, lastDayOf(year, month));
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(date).padStart(2, "0")}`;
}

export function addYears(day: string, n: number): string {
  return addMonths(day, n * 12);
}

/** Accreditations are granted for five years unless the decision says otherwise. */
export const DEFAULT_TERM_YEARS = 5;
export const MAX_TERM_YEARS = 10;

/** The day an accreditation stops being valid: the decision's day `termYears` later. */
export function expiryOf(decisionDate: string, termYears: number = DEFAULT_TERM_YEARS): string {
  return addYears(decisionDate, termYears);
}

/** How far ahead "expiring" looks: months (calendar, clamped) or days. */
export type ExpiryWindow = { months: number } | { days: number };
export const DEFAULT_WINDOW: ExpiryWindow = { months: 12 };
const MAX_WINDOW_MONTHS = 120;

const UNITS: [RegExp, "months" | "years" | "days"][] = [
  [/^(m|mo|mon|month|months|мес|месяц|месяца|месяцев|ай)$/u, "months"],
  [/^(y|yr|year|years|г|год|года|лет|жыл)$/u, "years"],
  [/^(d|day|days|д|дн|день|дня|дней|күн)$/u, "days"],
];

/** "12m", "6 мес", "12 ай", "1y", "1 жыл", "90d" → a window; a problem naming the text otherwise. */
export function parseWindow(raw: string): { ok: true; window: ExpiryWindow } | { ok: false; problem: Problem } {
  const bad = { ok: false as const, problem: problem("accreditationBadWindow", { value: raw.trim() }) };
  const m = /^(\d{1,4})\s*([\p{L}]+)\.?$/u.exec(raw.trim().toLowerCase());
  if (!m) return bad;
  const n = Number(m[1]);
  const unit = UNITS.find(([re]) => re.test(m[2] as string))?.[1];
  if (!unit || n < 1) return bad;
  const months = unit === "years" ? n * 12 : unit === "months" ? n : null;
  if (months !== null) return months > MAX_WINDOW_MONTHS ? bad : { ok: true, window: { months } };
  return n > MAX_WINDOW_MONTHS * 31 ? bad : { ok: true, window: { days: n } };
}

/** The last day a window starting on `on` reaches. */
export function windowEnd(on: string, window: ExpiryWindow): string {
  if ("months" in window) return addMonths(on, window.months);
  const [y, m, d] = on.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + window.days)).toISOString().slice(0, 10);
}
