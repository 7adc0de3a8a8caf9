// One selection type from the core to the button: what a figures answer shows.
import { type Form, STAGES, type Stage, TERMS, type Term } from "./domain.ts";
import type { SummaryQuery } from "./rows.ts";

/** A session with data: year × term × stage. */
export interface Period {
  year: string;
  term: Term;
  stage: Stage;
}

export interface Selection extends Period {
  form: Form | "all";
  /** a unit code (the unit and everything below it); null = the whole institution */
  unit: string | null;
}

/** What a user asked for; anything missing is chosen by defaultSelection. */
export interface SelectionWish {
  year?: string;
  term?: Term;
  stage?: Stage;
  form?: Form | "all";
}

/** Newest first: year, then spring before autumn, then after re-takes before main. */
export function sortPeriods(periods: readonly Period[]): Period[] {
  return [...periods].sort(
    (a, b) =>
      b.year.localeCompare(a.year) ||
      TERMS.indexOf(b.term) - TERMS.indexOf(a.term) ||
      STAGES.indexOf(b.stage) - STAGES.indexOf(a.stage),
  );
}

/**
 * The latest session with data (of the year and term asked, where given), after re-takes
 * where that stage exists unless another stage is asked for and exists; null when there is none.
 */
export function defaultSelection(periods: readonly Period[], unit: string | null, wish: SelectionWish = {}): Selection | null {
  const fits = sortPeriods(periods).filter((p) => (!wish.year || p.year === wish.year) && (!wish.term || p.term === wish.term));
  const latest = fits[0];
  if (!latest) return null;
  const stages = fits.filter((p) => p.year === latest.year && p.term === latest.term).map((p) => p.stage);
  const stage =
    wish.stage && stages.includes(wish.stage) ? wish.stage : stages.includes("after-retakes") ? "after-retakes" : latest.stage;
  return { year: latest.year, term: latest.term, stage, form: wish.form ?? "all", unit };
}

/** The stages a session has data for, in report order. */
export function stagesOf(periods: readonly Period[], s: Pick<Period, "year" | "term">): Stage[] {
  return STAGES.filter((st) => periods.some((p) => p.year === s.year && p.term === s.term && p.stage === st));
}

/** Year × term sessions, newest first, at most `max`. */
export function sessionsOf(periods: readonly Period[], max: number): Pick<Period, "year" | "term">[] {
  const seen = new Map<string, Pick<Period, "year" | "term">>();
  for (const p of sortPeriods(periods)) seen.set(`${p.year}|${p.term}`, seen.get(`${p.year}|${p.term}`) ?? p);
  return [...seen.values()].slice(0, max).map(({ year, term }) => ({ year, term }));
}

/** The core's query for a selection; `units` is the selected unit's subtree (absent for the institution). */
export function queryOf(s: Selection, units: readonly string[] | null): SummaryQuery {
  return {
    year: s.year,
    term: s.term,
    stage: s.stage,
    ...(s.form === "all" ? {} : { form: s.form }),
    ...(units ? { units } : {}),
  };
}
