// The vocabulary of DOMAIN.md §2–3: one place for the enumerations every layer shares.

export const TERMS = ["autumn", "spring"] as const;
export type Term = (typeof TERMS)[number];

export const STAGES = ["main", "after-retakes"] as const;
export type Stage = (typeof STAGES)[number];

export const FORMS = ["full-time", "part-time"] as const;
export type Form = (typeof FORMS)[number];

/** A department (кафедра) is a unit too, below its faculty: scope, names and sums work the same. */
export const UNIT_KINDS = ["faculty", "institute", "college", "branch", "lyceum", "department"] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

/** Every count of DOMAIN.md §3, in the order reports print them. */
export const COUNT_FIELDS = [
  "enrolled",
  "admitted",
  "notAdmittedExcused",
  "notAdmittedUnexcused",
  "passedAll",
  "excellentOnly",
  "excellentGood",
  "mixed",
  "satisfactoryOnly",
  "debts1",
  "debts2",
  "debts3plus",
  "noShow",
] as const;
export type CountField = (typeof COUNT_FIELDS)[number];

/** Counts of one result; null where the source does not give the figure. */
export type SessionCounts = Record<CountField, number | null>;

export const BASES = ["admitted", "enrolled"] as const;
export type Base = (typeof BASES)[number];

/** Per-institution methodology (DOMAIN.md §3). */
export interface Methodology {
  base: Base;
  debtorsIncludeNotAdmitted: boolean;
}

export const DEFAULT_METHODOLOGY: Methodology = { base: "admitted", debtorsIncludeNotAdmitted: true };

/** Figures as the source report printed them, kept only to be checked. */
export interface ReportedFigures {
  absolute: number | null;
  quality: number | null;
  debtors: number | null;
  debtorShare: number | null;
}

/** One unit × form × course × year × term × stage result, as the core sees it. */
export interface SessionResult {
  unit: string;
  unitKind: UnitKind;
  year: string;
  term: Term;
  stage: Stage;
  form: Form;
  /** 1–6, or 0 for all courses together */
  course: number;
  countedInTotal: boolean;
  counts: SessionCounts;
  reported: ReportedFigures;
}

export function emptyCounts(): SessionCounts {
  return Object.fromEntries(COUNT_FIELDS.map((f) => [f, null])) as SessionCounts;
}

export const NO_REPORTED: ReportedFigures = { absolute: null, quality: null, debtors: null, debtorShare: null };

/** "2019-2020" → "2018-2019". */
export function previousYear(year: string): string | null {
  const m = /^(\d{4})-(\d{4})$/.exec(year);
  if (!m) return null;
  return `${Number(m[1]) - 1}-${Number(m[2]) - 1}`;
}
