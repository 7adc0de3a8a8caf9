// Academic years ("2025-2026"): the one in progress starts on 1 September.
import { utcOffsetMinutes } from "../delivery/quiet-hours.ts";

const YEAR = /^(\d{4})-(\d{4})$/;

/** The academic year a day falls in, by the calendar date where the institution is. */
export function academicYearOf(localDate: { year: number; month: number }): string {
  const start = localDate.month >= 9 ? localDate.year : localDate.year - 1;
  return `${start}-${start + 1}`;
}

/** "2025-2026" (and "2025/2026", "2025–26") as stored, or null when it is not an academic year. */
export function parseAcademicYear(raw: string): string | null {
  const m = /^\s*(\d{4})\s*[-–—/]\s*(\d{2}|\d{4})\s*$/.exec(raw);
  if (!m) return null;
  const start = Number(m[1]);
  const end = (m[2] as string).length === 2 ? Math.floor(start / 100) * 100 + Number(m[2]) : Number(m[2]);
  if (end !== start + 1 || start < 1990 || start > 2100) return null;
  return `${start}-${end}`;
}

export function isAcademicYear(s: string): boolean {
  const m = YEAR.exec(s);
  return !!m && Number(m[2]) === Number(m[1]) + 1;
}

/** The calendar month and year where the institution is, at an instant. */
export function localMonth(at: Date, timeZone: string): { year: number; month: number } {
  const local = new Date(at.getTime() + utcOffsetMinutes(at, timeZone) * 60_000);
  return { year: local.getUTCFullYear(), month: local.getUTCMonth() + 1 };
}

/** The academic year in progress at an instant, by the institution's calendar. */
export function academicYearAt(at: Date, timeZone: string): string {
  return academicYearOf(localMonth(at, timeZone));
}

/** The term in progress: autumn from September to January, spring from February to August. */
export function termAt(at: Date, timeZone: string): "autumn" | "spring" {
  const { month } = localMonth(at, timeZone);
  return month >= 9 || month === 1 ? "autumn" : "spring";
}

/** Whether an academic year starts after another ("2027-2028" after "2026-2027"). */
export function isLaterYear(year: string, than: string): boolean {
  return Number(year.slice(0, 4)) > Number(than.slice(0, 4));
}
