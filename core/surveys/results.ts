// A survey's results: the response rate overall and per unit and course (over everyone in
// the audience and over those the link reached), and each question's answer distribution.
//
// Anonymity: a unit×course group with fewer than MIN_GROUP responses is not shown on its own.
// Its responses go into one row per unit, "other courses together" (with responses whose
// course is unknown: poster answers, staff); when that pooled row would itself be under
// MIN_GROUP, the unit's smallest shown groups join it until it is not (so a hidden group can
// never be had back by subtracting the shown rows from the unit's total), and a pool still
// under MIN_GROUP is left out. Everything counts in the overall rate. Distributions are shown
// only over at least MIN_GROUP responses.
import { type ResponseRate, responseRate } from "./rates.ts";
import { type Distribution, distribution } from "./scales.ts";

export const MIN_GROUP = 5;

export interface ResultRecipient {
  unitCode: string | null;
  course: number | null;
  /** the link reached them (not blocked, not unreachable, not opted out) */
  reachable: boolean;
}

export interface ResultResponse {
  unitCode: string | null;
  course: number | null;
  answers: Readonly<Record<string, string>>;
}

export interface GroupRate {
  unitCode: string | null;
  /** null: the unit's pooled row (small groups and unknown courses together) */
  course: number | null;
  responses: number;
  audience: number;
  reachable: number;
}

export interface QuestionResult extends Distribution {
  question: string;
}

export interface SurveyResults {
  rate: ResponseRate;
  /** shown rows, by unit (in the order given) then course */
  groups: GroupRate[];
  /** unit×course groups not shown on their own */
  hiddenGroups: number;
  /** false when fewer than MIN_GROUP responses: the distributions are not shown */
  distributionsShown: boolean;
  questions: QuestionResult[];
}

const keyOf = (unit: string | null, course: number | null) => `${unit ?? ""}\u0000${course ?? ""}`;

function emptyGroup(unitCode: string | null, course: number | null): GroupRate {
  return { unitCode, course, responses: 0, audience: 0, reachable: 0 };
}

function tally(recipients: readonly ResultRecipient[], responses: readonly ResultResponse[]): GroupRate[] {
  const groups = new Map<string, GroupRate>();
  const at = (unit: string | null, course: number | null) => {
    const k = keyOf(unit, course);
    const g = groups.get(k) ?? emptyGroup(unit, course);
    groups.set(k, g);
    return g;
  };
  for (const r of recipients) {
    const g = at(r.unitCode, r.course);
    g.audience++;
    if (r.reachable) g.reachable++;
  }
  for (const r of responses) at(r.unitCode, r.course).responses++;
  return [...groups.values()];
}

const add = (into: GroupRate, g: GroupRate) => {
  into.responses += g.responses;
  into.audience += g.audience;
  into.reachable += g.reachable;
};

/** One unit's rows: groups of at least MIN_GROUP shown by course, the rest pooled (see above). */
export function unitRows(groups: readonly GroupRate[]): { shown: GroupRate[]; hidden: number } {
  const unit = groups[0]?.unitCode ?? null;
  const pool = emptyGroup(unit, null);
  const shown: GroupRate[] = [];
  let hidden = 0;
  for (const g of groups) {
    if (g.course === null) add(pool, g);
    else if (g.responses < MIN_GROUP) {
      add(pool, g);
      hidden++;
    } else shown.push(g);
  }
  shown.sort((a, b) => a.responses - b.responses || (a.course ?? 0) - (b.course ?? 0));
  // a small pool beside shown groups: the smallest join it, else the unit total gives it away
  while (pool.responses > 0 && pool.responses < MIN_GROUP && shown.length) {
    add(pool, shown.shift() as GroupRate);
    hidden++;
  }
  shown.sort((a, b) => (a.course ?? 0) - (b.course ?? 0));
  if (pool.responses >= MIN_GROUP || (pool.responses === 0 && pool.audience > 0)) shown.push(pool);
  return { shown, hidden };
}

/** Questions in the order the export has them (first seen across the responses). */
export function questionOrder(responses: readonly ResultResponse[]): string[] {
  const seen = new Set<string>();
  for (const r of responses) for (const q of Object.keys(r.answers)) seen.add(q);
  return [...seen];
}

export function surveyResults(
  recipients: readonly ResultRecipient[],
  responses: readonly ResultResponse[],
  unitOrder: readonly string[] = [],
): SurveyResults {
  const all = tally(recipients, responses);
  const units = [...new Set(all.map((g) => g.unitCode))].sort((a, b) => {
    const ia = a === null ? Number.MAX_SAFE_INTEGER : unitOrder.indexOf(a) + 1 || Number.MAX_SAFE_INTEGER - 1;
    const ib = b === null ? Number.MAX_SAFE_INTEGER : unitOrder.indexOf(b) + 1 || Number.MAX_SAFE_INTEGER - 1;
    return ia - ib || String(a).localeCompare(String(b));
  });
  const groups: GroupRate[] = [];
  let hiddenGroups = 0;
  for (const unit of units) {
    const { shown, hidden } = unitRows(all.filter((g) => g.unitCode === unit));
    groups.push(...shown);
    hiddenGroups += hidden;
  }
  const rate = responseRate({
    responses: responses.length,
    audience: recipients.length,
    reachable: recipients.filter((r) => r.reachable).length,
  });
  const distributionsShown = responses.length >= MIN_GROUP;
  const questions = questionOrder(responses).map((question) => ({
    question,
    ...distribution(distributionsShown ? responses.map((r) => r.answers[question] ?? "") : []),
  }));
  return { rate, groups, hiddenGroups, distributionsShown, questions };
}
