// Quiet hours: reminders are not sent at night. A reminder due inside the window moves to
// the window's end, local time of the institution.

export interface QuietHours {
  /** "HH:MM" local; equal start and end turn quiet hours off */
  start: string;
  end: string;
  /** IANA zone, e.g. Asia/Bishkek */
  timeZone: string;
}

export const DEFAULT_QUIET_HOURS: QuietHours = { start: "21:00", end: "08:00", timeZone: "Asia/Bishkek" };

const MINUTE = 60_000;
const DAY_MINUTES = 24 * 60;

export function parseClock(hhmm: string): number | null {
  const m = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(hhmm.trim());
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

/** The zone's offset from UTC at this instant, minutes (Asia/Bishkek: +360). */
export function utcOffsetMinutes(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
  }).formatToParts(at);
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const local = Date.UTC(n("year"), n("month") - 1, n("day"), n("hour"), n("minute"));
  return Math.round((local - Math.floor(at.getTime() / MINUTE) * MINUTE) / MINUTE);
}

/** Whether `at` falls in the quiet window. */
export function isQuiet(at: Date, quiet: QuietHours): boolean {
  return minutesUntilAllowed(at, quiet) > 0;
}

/** Minutes from `at` until the window ends (0 outside it). */
function minutesUntilAllowed(at: Date, quiet: QuietHours): number {
  const start = parseClock(quiet.start);
  const end = parseClock(quiet.end);
  if (start === null || end === null || start === end) return 0;
  const offset = utcOffsetMinutes(at, quiet.timeZone);
  const minuteOfDay = (((Math.floor(at.getTime() / MINUTE) + offset) % DAY_MINUTES) + DAY_MINUTES) % DAY_MINUTES;
  const inside = start < end ? minuteOfDay >= start && minuteOfDay < end : minuteOfDay >= start || minuteOfDay < end;
  if (!inside) return 0;
  return (end - minuteOfDay + DAY_MINUTES) % DAY_MINUTES;
}

/** `at` itself, or the end of the quiet window it falls in (seconds dropped). */
export function afterQuietHours(at: Date, quiet: QuietHours): Date {
  const wait = minutesUntilAllowed(at, quiet);
  if (wait === 0) return at;
  return new Date(Math.floor(at.getTime() / MINUTE) * MINUTE + wait * MINUTE);
}

/** "2026-09-20 09:00" read as local time in `timeZone`; null when it is no such time. */
export function parseLocalDateTime(text: string, timeZone: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T]([01]\d|2[0-3]):([0-5]\d)$/.exec(text.trim());
  if (!m) return null;
  const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
  const asUtc = Date.UTC(y, mo - 1, d, h, mi);
  const check = new Date(asUtc);
  if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return null;
  // the offset at that moment (a zone's offset changes at most by hours: one correction suffices)
  const offset = utcOffsetMinutes(new Date(asUtc), timeZone);
  return new Date(asUtc - offset * MINUTE);
}
