// Where each programme stands on a day: valid, expiring (within a window), expired, or never
// accredited. The boundary: an accreditation is valid up to the day before expiresOn and
// expired from expiresOn on (daysLeft 0 on that day, negative after it); it is "expiring"
// while expiresOn ≤ the window's end (on + 12 months by default, the end day included).
import { academicYearOf, parseAcademicYear } from "../practice/academic-year.ts";
import { daysBetween } from "../requests/schedule.ts";
import { DEFAULT_WINDOW, type ExpiryWindow, windowEnd } from "./dates.ts";
import { type Programme, type ProgrammeLevel, programmeKey } from "./programme.ts";

export const ACCREDITATION_KINDS = ["programmatic", "institutional"] as const;
export type AccreditationKind = (typeof ACCREDITATION_KINDS)[number];
export const ACCREDITATION_STATUSES = ["valid", "expiring", "expired", "never"] as const;
export type AccreditationStatus = (typeof ACCREDITATION_STATUSES)[number];

/** One decision as the core sees it. */
export interface Accreditation {
  kind: AccreditationKind;
  /** programmatic: the programme (code and level); institutional: null */
  programme: { code: string; level: ProgrammeLevel } | null;
  /** institutional: the unit's code; programmatic: null */
  unit: string | null;
  /** the agency's code */
  agency: string;
  framework: string | null;
  decisionDate: string;
  termYears: number;
  expiresOn: string;
  conditions: string | null;
}

export interface StatusOn {
  status: AccreditationStatus;
  /** days from `on` to expiresOn: 0 on the expiry day, negative after; null when never accredited */
  daysLeft: number | null;
}

export function accreditationStatus(
  current: Pick<Accreditation, "expiresOn"> | null,
  on: string,
  window: ExpiryWindow = DEFAULT_WINDOW,
): StatusOn {
  if (!current) return { status: "never", daysLeft: null };
  const daysLeft = daysBetween(on, current.expiresOn);
  if (daysLeft <= 0) return { status: "expired", daysLeft };
  return { status: current.expiresOn <= windowEnd(on, window) ? "expiring" : "valid", daysLeft };
}

/**
 * The decision in force for each programme: the latest decision date (a newer decision
 * supersedes the older one; on the same day the one given later wins). Keyed by programmeKey.
 */
export function currentAccreditations<A extends Accreditation>(decisions: readonly A[]): Map<string, A> {
  const current = new Map<string, A>();
  for (const d of decisions) {
    if (!d.programme) continue;
    const key = programmeKey(d.programme);
    const held = current.get(key);
    if (!held || d.decisionDate >= held.decisionDate) current.set(key, d);
  }
  return current;
}

export interface RegistryRow<P extends Programme = Programme, A extends Accreditation = Accreditation> extends StatusOn {
  programme: P;
  current: A | null;
}

const byUrgency = (a: RegistryRow, b: RegistryRow) =>
  (a.daysLeft ?? Number.POSITIVE_INFINITY) - (b.daysLeft ?? Number.POSITIVE_INFINITY) ||
  a.programme.unit.localeCompare(b.programme.unit) ||
  a.programme.code.localeCompare(b.programme.code) ||
  a.programme.level.localeCompare(b.programme.level);

/** One row per programme with its current accreditation and status; soonest expiry first, never accredited last. */
export function registryRows<P extends Programme, A extends Accreditation>(
  programmes: readonly P[],
  decisions: readonly A[],
  on: string,
  window: ExpiryWindow = DEFAULT_WINDOW,
): RegistryRow<P, A>[] {
  const current = currentAccreditations(decisions);
  return programmes
    .map((programme) => {
      const cur = current.get(programmeKey(programme)) ?? null;
      return { programme, current: cur, ...accreditationStatus(cur, on, window) };
    })
    .sort(byUrgency);
}

export type StatusCounts = Record<AccreditationStatus, number>;

export function statusCounts(rows: readonly StatusOn[]): StatusCounts {
  const counts: StatusCounts = { valid: 0, expiring: 0, expired: 0, never: 0 };
  for (const r of rows) counts[r.status] += 1;
  return counts;
}

export type DueReason = "expires" | "expired" | "never";
export interface DueRow<P extends Programme = Programme, A extends Accreditation = Accreditation> {
  programme: P;
  current: A | null;
  reason: DueReason;
}

/** An academic year's first and last day: 01.09 to 31.08. */
export function academicYearDays(year: string): { from: string; to: string } | null {
  const y = parseAcademicYear(year);
  if (!y) return null;
  const start = Number(y.slice(0, 4));
  return { from: `${start}-09-01`, to: `${start + 1}-08-31` };
}

/**
 * What must be accredited in an academic year: current accreditations expiring within it,
 * those expired before it began, and programmes never accredited; soonest first.
 */
export function dueInYear<P extends Programme, A extends Accreditation>(
  rows: readonly RegistryRow<P, A>[],
  academicYear: string,
): DueRow<P, A>[] | null {
  const span = academicYearDays(academicYear);
  if (!span) return null;
  const due: DueRow<P, A>[] = [];
  for (const r of rows) {
    if (!r.current) due.push({ programme: r.programme, current: null, reason: "never" });
    else if (r.current.expiresOn < span.from) due.push({ programme: r.programme, current: r.current, reason: "expired" });
    else if (r.current.expiresOn <= span.to) due.push({ programme: r.programme, current: r.current, reason: "expires" });
  }
  const order: Record<DueReason, number> = { expired: 0, expires: 1, never: 2 };
  return due.sort(
    (a, b) =>
      order[a.reason] - order[b.reason] ||
      (a.current?.expiresOn ?? "").localeCompare(b.current?.expiresOn ?? "") ||
      a.programme.unit.localeCompare(b.programme.unit) ||
      a.programme.code.localeCompare(b.programme.code),
  );
}

export interface DecisionCount {
  agency: string;
  /** the programme's level; "institutional" for institutional accreditations */
  level: ProgrammeLevel | "institutional";
  /** the academic year of the decision */
  year: string;
  count: number;
}

/** Decisions per agency × level × academic year of the decision (every decision, superseded ones too). */
export function decisionCounts(decisions: readonly Accreditation[]): DecisionCount[] {
  const counts = new Map<string, DecisionCount>();
  for (const d of decisions) {
    const [y, m] = d.decisionDate.split("-").map(Number) as [number, number];
    const year = academicYearOf({ year: y, month: m });
    const level = d.programme?.level ?? "institutional";
    const key = `${d.agency}|${level}|${year}`;
    const held = counts.get(key) ?? { agency: d.agency, level, year, count: 0 };
    held.count += 1;
    counts.set(key, held);
  }
  return [...counts.values()].sort(
    (a, b) => a.year.localeCompare(b.year) || a.agency.localeCompare(b.agency) || a.level.localeCompare(b.level),
  );
}
