// When a request is due and when it reminds. A deadline is a day where the institution is:
// figures are due by the end of that day. A reminder "N days before" goes out at a morning
// hour N days before (later when quiet hours end later); reminders whose time has passed
// when the request is made are left out, each lead time is used once.
import { afterQuietHours, parseLocalDateTime, type QuietHours, utcOffsetMinutes } from "../delivery/quiet-hours.ts";
import { type Problem, problem } from "../shared/problem.ts";

/** Reminders and the overdue list go out at this local time (or when quiet hours end, if later). */
export const REMINDER_TIME = "09:00";
export const DEFAULT_LEAD_DAYS: readonly number[] = [7, 3, 1];
/** Lead times are whole days, 0 (the morning of the deadline) to this many. */
export const MAX_LEAD_DAYS = 60;
/** A deadline further than this is taken for a typo (2062 for 2026). */
export const MAX_DEADLINE_DAYS = 366;

const DAY_MS = 24 * 3600 * 1000;

/** A day as stored: "2026-09-25". */
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

function validDay(y: number, m: number, d: number): string | null {
  const t = new Date(Date.UTC(y, m - 1, d));
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== m - 1 || t.getUTCDate() !== d) return null;
  return t.toISOString().slice(0, 10);
}

/** "25.09.2026", "25/09/2026", "2026-09-25" (as people write them) → "2026-09-25"; null when no such day. */
export function parseDay(text: string): string | null {
  const s = text.trim();
  const iso = ISO_DAY.exec(s);
  if (iso) return validDay(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const dmy = /^(\d{1,2})[./](\d{1,2})[./](\d{4})$/.exec(s);
  return dmy ? validDay(Number(dmy[3]), Number(dmy[2]), Number(dmy[1])) : null;
}

/** "2026-09-25" → "25.09.2026", the way users write dates. */
export function formatDay(day: string): string {
  const m = ISO_DAY.exec(day);
  return m ? `${m[3]}.${m[2]}.${m[1]}` : day;
}

export function addDays(day: string, n: number): string {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d) + n * DAY_MS).toISOString().slice(0, 10);
}

/** The local day an instant falls on in a zone. */
export function localDay(at: Date, timeZone: string): string {
  return new Date(at.getTime() + utcOffsetMinutes(at, timeZone) * 60_000).toISOString().slice(0, 10);
}

/** Whole days from one day to another ("2026-09-22" → "2026-09-25": 3). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** A local time of a day ("09:00") as an instant. */
function at(day: string, time: string, timeZone: string): Date {
  return parseLocalDateTime(`${day} ${time}`, timeZone) as Date;
}

/** The instant the deadline day ends where the institution is (the next day's midnight). */
export function deadlineEnd(day: string, timeZone: string): Date {
  return at(addDays(day, 1), "00:00", timeZone);
}

/** The deadline day of a stored deadline (the instant it ends). */
export function deadlineDay(end: Date, timeZone: string): string {
  return localDay(new Date(end.getTime() - 1), timeZone);
}

/** Why this day cannot be a deadline now: gone already, or implausibly far. */
export function deadlineProblem(day: string, now: Date, timeZone: string): Problem | null {
  const end = deadlineEnd(day, timeZone);
  if (end.getTime() <= now.getTime()) return problem("requestDeadlinePast", { deadline: formatDay(day) });
  if (end.getTime() - now.getTime() > (MAX_DEADLINE_DAYS + 1) * DAY_MS)
    return problem("requestDeadlineFar", { deadline: formatDay(day), max: MAX_DEADLINE_DAYS });
  return null;
}

/** Lead times as given, checked and without repeats, longest first; a problem naming a bad one. */
export function leadDaysOf(values: readonly number[]): { ok: true; days: number[] } | { ok: false; problem: Problem } {
  const bad = values.find((n) => !Number.isInteger(n) || n < 0 || n > MAX_LEAD_DAYS);
  if (bad !== undefined) return { ok: false, problem: problem("requestBadLead", { value: String(bad), max: MAX_LEAD_DAYS }) };
  return { ok: true, days: [...new Set(values)].sort((a, b) => b - a) };
}

export interface ReminderTime {
  /** days before the deadline day */
  lead: number;
  at: Date;
}

/** When the reminder `lead` days before goes out: the morning hour, moved past quiet hours. */
export function reminderTime(day: string, lead: number, quiet: QuietHours): Date {
  return afterQuietHours(at(addDays(day, -lead), REMINDER_TIME, quiet.timeZone), quiet);
}

/** The reminders still to come after `now`, earliest first (one per lead time). */
export function reminderTimes(day: string, leadDays: readonly number[], quiet: QuietHours, now: Date): ReminderTime[] {
  return [...new Set(leadDays)]
    .map((lead) => ({ lead, at: reminderTime(day, lead, quiet) }))
    .filter((r) => r.at.getTime() > now.getTime())
    .sort((a, b) => a.at.getTime() - b.at.getTime());
}

/** The overdue list goes out the morning after the deadline day. */
export function overdueTime(day: string, quiet: QuietHours): Date {
  return reminderTime(day, -1, quiet);
}

/**
 * Whether a lead reminder coming due now is still worth sending: not after the deadline,
 * and not when a nearer one is due as well (a worker that was down for days sends one
 * reminder, the latest, not three at once).
 */
export function reminderStillDue(day: string, lead: number, leadDays: readonly number[], quiet: QuietHours, now: Date): boolean {
  if (now.getTime() >= deadlineEnd(day, quiet.timeZone).getTime()) return false;
  return !leadDays.some((other) => other < lead && reminderTime(day, other, quiet).getTime() <= now.getTime());
}
