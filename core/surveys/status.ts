// A survey's life: a draft until launched, then open between its dates, closed after the
// close instant or when closed by hand. Dates are days where the institution is: it opens
// at the start of the opening day and closes at the end of the closing day (or at a given time).
import { parseLocalDateTime } from "../delivery/quiet-hours.ts";
import { addDays, formatDay, localDay, parseDay } from "../requests/schedule.ts";
import { fail, type Outcome, ok, problem } from "../shared/problem.ts";

export const SURVEY_STATUSES = ["draft", "open", "closed"] as const;
export type SurveyStatus = (typeof SURVEY_STATUSES)[number];

/** What a survey is at an instant: stored status and dates together ('waiting': launched, not yet open). */
export type SurveyPhase = "draft" | "waiting" | "open" | "closed";

export interface SurveyTimes {
  status: SurveyStatus;
  opensAt: Date;
  closesAt: Date;
}

export function surveyPhase(s: SurveyTimes, now: Date): SurveyPhase {
  if (s.status === "closed" || now.getTime() >= s.closesAt.getTime()) return "closed";
  if (s.status === "draft") return "draft";
  return now.getTime() < s.opensAt.getTime() ? "waiting" : "open";
}

/** A survey may run at most this long (a longer one is taken for a typo, 2062 for 2026). */
export const MAX_SURVEY_DAYS = 366;

const DAY_MS = 24 * 3600 * 1000;

/**
 * "25.09.2026", "2026-09-25" (the day's start, or with `end` its end), "2026-09-25 18:00"
 * (that local time) or "+14d" (days from `now`) → an instant; null when it is no such day or time.
 */
export function parseSurveyInstant(text: string, edge: "start" | "end", timeZone: string, now?: Date): Date | null {
  const s = text.trim();
  // "+14d": that many days from today where the institution is
  const ahead = /^\+(\d{1,3})\s*[dд]?$/i.exec(s);
  if (ahead && now) return parseSurveyInstant(addDays(localDay(now, timeZone), Number(ahead[1])), edge, timeZone);
  const withTime = /^(.+?)[ T](\d{1,2}:\d{2})$/.exec(s);
  if (withTime) {
    const day = parseDay(withTime[1] as string);
    const time = (withTime[2] as string).padStart(5, "0");
    return day ? parseLocalDateTime(`${day} ${time}`, timeZone) : null;
  }
  const day = parseDay(s);
  if (!day) return null;
  return parseLocalDateTime(`${edge === "end" ? addDays(day, 1) : day} 00:00`, timeZone);
}

/** Why these dates cannot be a survey's: closing before opening, already closed, implausibly far. */
export function checkSurveyDates(opensAt: Date, closesAt: Date, now: Date, timeZone: string): Outcome<null> {
  const shown = formatDay(localDay(new Date(closesAt.getTime() - 1), timeZone));
  if (closesAt.getTime() <= now.getTime()) return fail(problem("surveyClosesPast", { closes: shown }));
  if (closesAt.getTime() <= opensAt.getTime())
    return fail(problem("surveyClosesBeforeOpens", { opens: formatDay(localDay(opensAt, timeZone)), closes: shown }));
  if (closesAt.getTime() - now.getTime() > (MAX_SURVEY_DAYS + 1) * DAY_MS)
    return fail(problem("surveyClosesFar", { closes: shown, max: MAX_SURVEY_DAYS }));
  return ok(null);
}

/** The closing day as users write it ("25.09.2026"): the local day of the last instant open. */
export function closingDay(closesAt: Date, timeZone: string): string {
  return formatDay(localDay(new Date(closesAt.getTime() - 1), timeZone));
}
