// Licences (DOMAIN.md §5): applied, then granted or not; counts per year and level with the
// rate the reports print ("24 applied, 19 granted": 79,2%), and the licensed-programmes table
// per level × basis × unit.
import { academicYearOf } from "../practice/academic-year.ts";
import { percent } from "../shared/rounding.ts";
import type { ProgrammeLevel } from "./programme.ts";

export const LICENCE_BASES = ["ministry", "council"] as const;
export type LicenceBasis = (typeof LICENCE_BASES)[number];
export const LICENCE_STATES = ["applied", "granted", "not-granted"] as const;
export type LicenceState = (typeof LICENCE_STATES)[number];

export interface Licence {
  programme: { code: string; level: ProgrammeLevel };
  basis: LicenceBasis;
  /** the unit or branch's code */
  unit: string;
  state: LicenceState;
  appliedOn: string | null;
  decidedOn: string | null;
  /** null = indefinite */
  validUntil: string | null;
  number: string | null;
  /** the academic year it was applied in, when given */
  year: string | null;
}

/** The academic year a licence counts in: as given, else the year of its application or decision. */
export function licenceYear(l: Pick<Licence, "year" | "appliedOn" | "decidedOn">): string | null {
  if (l.year) return l.year;
  const day = l.appliedOn ?? l.decidedOn;
  if (!day) return null;
  const [y, m] = day.split("-").map(Number) as [number, number];
  return academicYearOf({ year: y, month: m });
}

export interface LicenceCount {
  year: string | null;
  level: ProgrammeLevel;
  /** every application, whatever became of it */
  applied: number;
  granted: number;
  notGranted: number;
  /** still waiting for a decision */
  pending: number;
  /** granted / applied in percent, one decimal; null with no applications */
  rate: number | null;
}

export function licenceCounts(licences: readonly Licence[]): LicenceCount[] {
  const counts = new Map<string, LicenceCount>();
  for (const l of licences) {
    const year = licenceYear(l);
    const key = `${year ?? ""}|${l.programme.level}`;
    const c = counts.get(key) ?? {
      year,
      level: l.programme.level,
      applied: 0,
      granted: 0,
      notGranted: 0,
      pending: 0,
      rate: null,
    };
    c.applied += 1;
    if (l.state === "granted") c.granted += 1;
    else if (l.state === "not-granted") c.notGranted += 1;
    else c.pending += 1;
    counts.set(key, c);
  }
  return [...counts.values()]
    .map((c) => ({ ...c, rate: percent(c.granted, c.applied) }))
    .sort((a, b) => (a.year ?? "").localeCompare(b.year ?? "") || a.level.localeCompare(b.level));
}

/** A granted licence in force on a day (indefinite ones always). */
export const licenceInForce = (l: Licence, on: string): boolean =>
  l.state === "granted" && (l.validUntil === null || l.validUntil >= on) && (l.decidedOn === null || l.decidedOn <= on);

export interface LicensedCell {
  level: ProgrammeLevel;
  basis: LicenceBasis;
  unit: string;
  /** distinct programmes licensed */
  programmes: number;
}

/** The licensed-programmes table: programmes with a licence in force, per level × basis × unit. */
export function licensedTable(licences: readonly Licence[], on: string): LicensedCell[] {
  const cells = new Map<string, { cell: Omit<LicensedCell, "programmes">; codes: Set<string> }>();
  for (const l of licences) {
    if (!licenceInForce(l, on)) continue;
    const key = `${l.programme.level}|${l.basis}|${l.unit}`;
    const held = cells.get(key) ?? { cell: { level: l.programme.level, basis: l.basis, unit: l.unit }, codes: new Set() };
    held.codes.add(l.programme.code);
    cells.set(key, held);
  }
  return [...cells.values()]
    .map(({ cell, codes }) => ({ ...cell, programmes: codes.size }))
    .sort((a, b) => a.level.localeCompare(b.level) || a.basis.localeCompare(b.basis) || a.unit.localeCompare(b.unit));
}

const INDEFINITE = new Set(["", "бессрочно", "бессрочная", "бессрочный", "мөөнөтсүз", "indefinite", "unlimited", "-", "—"]);

/** Whether a "valid until" cell says the licence has no end. */
export function isIndefinite(raw: string): boolean {
  return INDEFINITE.has(raw.trim().toLowerCase());
}

/** Per year, every level together: the line reports print ("24 applied, 19 granted: 79,2%"). */
export function licenceTotals(licences: readonly Licence[]): Omit<LicenceCount, "level">[] {
  const byYear = new Map<string, Omit<LicenceCount, "level">>();
  for (const c of licenceCounts(licences)) {
    const key = c.year ?? "";
    const t = byYear.get(key) ?? { year: c.year, applied: 0, granted: 0, notGranted: 0, pending: 0, rate: null };
    t.applied += c.applied;
    t.granted += c.granted;
    t.notGranted += c.notGranted;
    t.pending += c.pending;
    byYear.set(key, t);
  }
  return [...byYear.values()].map((t) => ({ ...t, rate: percent(t.granted, t.applied) }));
}
