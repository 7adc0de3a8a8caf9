// When a survey reminds, and whom: at configured times before close (moved out of quiet
// hours), only people who neither pressed "I have answered" nor appear in imported
// responses, at least a minimum interval apart, at most N times each, never after close.
import { afterQuietHours, isQuiet, type QuietHours } from "../delivery/quiet-hours.ts";
import { fail, type Outcome, ok, problem } from "../shared/problem.ts";

export interface ReminderSettings {
  /** hours before close, e.g. [72, 24] */
  leadHours: number[];
  /** at least this many hours between two reminders to one person */
  gapHours: number;
  /** at most this many reminders per person */
  maxPerPerson: number;
}

export const DEFAULT_REMINDERS: ReminderSettings = { leadHours: [72, 24], gapHours: 24, maxPerPerson: 2 };

/** Lead times and gaps are whole hours, up to this many (60 days). */
export const MAX_REMINDER_HOURS = 24 * 60;
export const MAX_REMINDERS = 10;

/** "72h", "3d", "90" (hours) → hours; null when it is none of these or out of range. */
export function parseHours(text: string): number | null {
  const m = /^(\d{1,4})\s*([hdчд]?)$/i.exec(text.trim());
  if (!m) return null;
  const unit = (m[2] ?? "").toLowerCase();
  const hours = Number(m[1]) * (unit === "d" || unit === "д" ? 24 : 1);
  return hours >= 0 && hours <= MAX_REMINDER_HOURS ? hours : null;
}

/** "72h,24h" → [72, 24] (largest first, repeats dropped); an empty text is no reminders. */
export function parseLeadHours(text: string): Outcome<number[]> {
  const out = new Set<number>();
  for (const part of text.split(",")) {
    if (part.trim() === "") continue;
    const h = parseHours(part);
    if (h === null || h === 0) return fail(problem("surveyReminderBad", { value: part.trim() }));
    out.add(h);
  }
  if (out.size > MAX_REMINDERS) return fail(problem("surveyReminderTooMany", { max: MAX_REMINDERS }));
  return ok([...out].sort((a, b) => b - a));
}

export interface SurveyReminderTime {
  lead: number;
  at: Date;
}

/**
 * When each lead time's reminder goes: `closesAt − lead`, out of quiet hours; times not
 * after `from` (the launch) or not before close are left out.
 */
export function surveyReminderTimes(
  leadHours: readonly number[],
  from: Date,
  closesAt: Date,
  quiet: QuietHours,
): SurveyReminderTime[] {
  const out: SurveyReminderTime[] = [];
  for (const lead of [...new Set(leadHours)].sort((a, b) => b - a)) {
    const at = afterQuietHours(new Date(closesAt.getTime() - lead * 3600_000), quiet);
    if (at.getTime() > from.getTime() && at.getTime() < closesAt.getTime()) out.push({ lead, at });
  }
  return out;
}

export interface ReminderState {
  confirmedAt: Date | null;
  respondedAt: Date | null;
  remindersSent: number;
  lastRemindedAt: Date | null;
}

/** Why a person gets no reminder now; null when they do. */
export type NoReminder = "answered" | "max" | "gap" | "closed" | "quiet";

export function whyNoReminder(
  r: ReminderState,
  now: Date,
  settings: Pick<ReminderSettings, "gapHours" | "maxPerPerson">,
  closesAt: Date,
  quiet: QuietHours,
): NoReminder | null {
  if (now.getTime() >= closesAt.getTime()) return "closed";
  if (r.confirmedAt || r.respondedAt) return "answered";
  if (r.remindersSent >= settings.maxPerPerson) return "max";
  if (r.lastRemindedAt && now.getTime() - r.lastRemindedAt.getTime() < settings.gapHours * 3600_000) return "gap";
  if (isQuiet(now, quiet)) return "quiet";
  return null;
}

/** Those of `people` a reminder goes to now. */
export function dueForReminder<T extends ReminderState>(
  people: readonly T[],
  now: Date,
  settings: Pick<ReminderSettings, "gapHours" | "maxPerPerson">,
  closesAt: Date,
  quiet: QuietHours,
): T[] {
  return people.filter((p) => whyNoReminder(p, now, settings, closesAt, quiet) === null);
}
