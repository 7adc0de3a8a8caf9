// When an accreditation's expiry reminders go out (issue 10, item 4). A reminder "N months
// before" goes out at the institution's morning hour on expiresOn − N months (month ends
// clamped: 31.08 − 6 months = 28.02), later when quiet hours end later. A lead whose time has
// passed when the reminders are planned is left out, except the nearest one: a registry
// loaded two months before expiry sends one reminder, not the 12-, 6- and 3-month ones at once.
import { afterQuietHours, parseLocalDateTime, type QuietHours } from "../delivery/quiet-hours.ts";
import { localDay, REMINDER_TIME } from "../requests/schedule.ts";
import { type Problem, problem } from "../shared/problem.ts";
import { addMonths } from "./dates.ts";

export const DEFAULT_LEAD_MONTHS: readonly number[] = [12, 6, 3, 1];
/** Lead times are whole months, 1 to this many. */
export const MAX_LEAD_MONTHS = 36;

/** Lead times as given, checked and without repeats, longest first; a problem naming a bad one. */
export function leadMonthsOf(values: readonly number[]): { ok: true; months: number[] } | { ok: false; problem: Problem } {
  const bad = values.find((n) => !Number.isInteger(n) || n < 1 || n > MAX_LEAD_MONTHS);
  if (bad !== undefined || !values.length)
    return { ok: false, problem: problem("accreditationBadLead", { value: String(bad ?? ""), max: MAX_LEAD_MONTHS }) };
  return { ok: true, months: [...new Set(values)].sort((a, b) => b - a) };
}

/** "12,6,3,1" or "12 6 3" as typed → lead months; a problem naming the first bad value. */
export function parseLeadMonths(text: string): { ok: true; months: number[] } | { ok: false; problem: Problem } {
  const parts = text.split(/[\s,;]+/).filter(Boolean);
  const bad = parts.find((p) => !/^\d{1,3}$/.test(p));
  if (bad !== undefined) return { ok: false, problem: problem("accreditationBadLead", { value: bad, max: MAX_LEAD_MONTHS }) };
  return leadMonthsOf(parts.map(Number));
}

/** The day the reminder `lead` months before expiry is due. */
export function accreditationReminderDay(expiresOn: string, lead: number): string {
  return addMonths(expiresOn, -lead);
}

/** When the reminder `lead` months before expiry goes out: the morning hour, past quiet hours. */
export function accreditationReminderTime(expiresOn: string, lead: number, quiet: QuietHours): Date {
  const morning = parseLocalDateTime(`${accreditationReminderDay(expiresOn, lead)} ${REMINDER_TIME}`, quiet.timeZone) as Date;
  return afterQuietHours(morning, quiet);
}

/** The accreditation has expired once its expiry day has begun where the institution is. */
export function accreditationExpired(expiresOn: string, now: Date, timeZone: string): boolean {
  return localDay(now, timeZone) >= expiresOn;
}

export interface AccreditationReminder {
  lead: number;
  /** when it goes out; now (after quiet hours) for the nearest lead that has already passed */
  at: Date;
}

/**
 * The reminders to plan for one accreditation at `now`, earliest first: every lead still to
 * come, and of those already passed only the nearest (sent now). None once it has expired.
 */
export function accreditationReminders(
  expiresOn: string,
  leads: readonly number[],
  quiet: QuietHours,
  now: Date,
): AccreditationReminder[] {
  if (accreditationExpired(expiresOn, now, quiet.timeZone)) return [];
  const all = [...new Set(leads)].map((lead) => ({ lead, at: accreditationReminderTime(expiresOn, lead, quiet) }));
  const future = all.filter((r) => r.at.getTime() > now.getTime());
  const passed = all.filter((r) => r.at.getTime() <= now.getTime()).sort((a, b) => a.lead - b.lead)[0];
  // the nearest passed one goes now, or when quiet hours end
  return [...(passed ? [{ lead: passed.lead, at: afterQuietHours(now, quiet) }] : []), ...future].sort(
    (a, b) => a.at.getTime() - b.at.getTime(),
  );
}

/**
 * Whether the reminder for `lead` coming due now is still worth sending: not once the
 * accreditation has expired, and not when a nearer lead is due as well (a worker down for
 * months sends the latest reminder, not each one it missed). Mirrors reminderStillDue.
 */
export function accreditationReminderStillDue(
  expiresOn: string,
  lead: number,
  leads: readonly number[],
  quiet: QuietHours,
  now: Date,
): boolean {
  if (accreditationExpired(expiresOn, now, quiet.timeZone)) return false;
  return !leads.some((other) => other < lead && accreditationReminderTime(expiresOn, other, quiet).getTime() <= now.getTime());
}

/** Whole calendar months from a day to the expiry day, rounded down (0 in the last month). */
export function monthsLeft(on: string, expiresOn: string): number {
  let months = 0;
  while (addMonths(on, months + 1) <= expiresOn) months += 1;
  return months;
}

/** The Monday on or before a day (the weekly summary's week). */
export function mondayOf(day: string): string {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d));
  const back = (t.getUTCDay() + 6) % 7;
  return new Date(t.getTime() - back * 86_400_000).toISOString().slice(0, 10);
}

/** When the weekly summary for the week starting `monday` goes out: that Monday's morning hour. */
export function summaryTime(monday: string, quiet: QuietHours): Date {
  return afterQuietHours(parseLocalDateTime(`${monday} ${REMINDER_TIME}`, quiet.timeZone) as Date, quiet);
}
