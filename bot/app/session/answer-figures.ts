// A dean's or rector's figures question, one way down: authorize → load the session asked
// for and the year before, in the asker's scope only → compute with the core. The bot, the
// console and (later) the Mini App word and lay out what this returns.
import {
  defaultSelection,
  effectiveScope,
  fail,
  type Methodology,
  type Outcome,
  ok,
  type Period,
  type PublishedPercent,
  previousYear,
  problem,
  queryOf,
  type Selection,
  type SelectionWish,
  type SessionSummary,
  sessionSummary,
  type UnitSeries,
  unitSeries,
} from "../../../core/index.ts";
import { methodologyOf } from "../../../prisma/store/institutions.ts";
import { loadFigures } from "../../../prisma/store/published.ts";
import { loadSessionResults, sessionPeriods, unitsWithResults } from "../../../prisma/store/session-results.ts";
import { authorizeUnit } from "../access/scoped-unit.ts";
import type { Actor, AppDeps } from "../deps.ts";

/** A unit as a keyboard offers it: the id rides in callback data, the code is shown. */
export interface UnitChoice {
  id: number;
  code: string;
}

export interface FiguresRequest extends SelectionWish {
  /** a unit code, name or alias; null = the whole institution; absent = the asker's own scope */
  unit?: string | null;
  /** a unit id from a button (0 = the whole institution); wins over `unit` */
  unitId?: number;
  /** 1–6: one course's figures */
  course?: number;
}

export interface FiguresAnswer {
  kind: "session";
  selection: Selection;
  /** the selected unit's id (0 = the whole institution), for the buttons */
  unitId: number;
  /** the course asked for, whose figures the summary has (null = all courses) */
  course: number | null;
  methodology: Methodology;
  summary: SessionSummary;
  /** bar groups for the chart */
  series: UnitSeries;
  /** every session with data in the asker's scope, newest first */
  periods: Period[];
  /** units in scope with results in this session, for the unit picker */
  units: UnitChoice[];
  /** whether "the whole institution" may be picked */
  institutionWide: boolean;
}

/** A year with no session results but published percentages (e.g. 2018-2019 in the demo). */
export interface PublishedYearAnswer {
  kind: "published";
  year: string;
  unit: string | null;
  unitId: number;
  /** published absolute achievement of that year, in scope */
  figures: PublishedPercent[];
  /** the sessions that have results, newest first */
  periods: Period[];
}

export async function answerFigures(
  deps: AppDeps,
  actor: Actor,
  req: FiguresRequest,
): Promise<Outcome<FiguresAnswer | PublishedYearAnswer>> {
  const { db } = deps;
  const scoped = await authorizeUnit(deps, actor, req);
  if (!scoped.ok) return scoped;
  const { institution, access, unit, units, subtree, unitIds, unitId } = scoped.value;

  const periods = await sessionPeriods(db, institution.id, unitIds);
  const selection = defaultSelection(periods, unit, req);
  if (!selection) {
    if (!req.year) return fail(problem("noData"));
    // No results for the year asked: its published percentages where there are, and the years there are.
    const figures = await loadFigures(db, institution.id, "absolute", { years: [req.year], ...(unitIds ? { unitIds } : {}) });
    if (figures.length) return ok({ kind: "published", year: req.year, unit, unitId, figures, periods });
    const years = [...new Set(periods.map((p) => p.year))];
    return fail(years.length ? problem("noYearData", { year: req.year, years: years.join(", ") }) : problem("noData"));
  }
  const years = [selection.year, previousYear(selection.year)].filter((y): y is string => y !== null);
  const [results, published, withData] = await Promise.all([
    loadSessionResults(db, institution.id, { years, term: selection.term, ...(unitIds ? { unitIds } : {}) }),
    loadFigures(db, institution.id, "absolute", { years, ...(unitIds ? { unitIds } : {}) }),
    unitsWithResults(db, institution.id, selection),
  ]);
  const methodology = methodologyOf(institution);
  const query = queryOf(selection, subtree);
  const summary = sessionSummary(results, published, query, methodology);
  const course = req.course ?? null;
  if (course !== null && !summary.forms.some((f) => f.byCourse.some((c) => c.course === course)))
    return fail(problem("noCourseData", { unit, course, year: selection.year, term: selection.term }));
  const scope = effectiveScope(access);
  return ok({
    kind: "session",
    selection,
    unitId,
    course,
    methodology,
    summary,
    series: unitSeries(results, published, query, methodology),
    periods,
    units: units
      .filter((u) => withData.has(u.id) && (scope.kind === "institution" || scope.units.includes(u.code)))
      .map((u) => ({ id: u.id, code: u.code })),
    institutionWide: scope.kind === "institution",
  });
}
