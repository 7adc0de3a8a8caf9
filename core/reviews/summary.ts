// The conclusion's summary table, computed: per standard the number of criteria and how many
// meet, partially meet and do not meet, whether the standard is fulfilled under the agency's
// rule, and the outcome — recommended for the agency's term when no more standards than
// allowed are unfulfilled (DOMAIN.md §5).
import type { Review, ReviewStandard } from "./review.ts";

export const FULFILLED_RULES = ["no-not-meets", "majority-meets", "all-meet"] as const;
export type FulfilledRule = (typeof FULFILLED_RULES)[number];

export interface ReviewRules {
  /** no-not-meets: no criterion does not meet; majority-meets: more than half meet; all-meet */
  fulfilled: FulfilledRule;
  /** how many standards may be unfulfilled with the review still recommending */
  allowUnfulfilled: number;
  /** the agency's term in years when recommended */
  termYears: number;
}

export const DEFAULT_REVIEW_RULES: ReviewRules = { fulfilled: "no-not-meets", allowUnfulfilled: 0, termYears: 5 };

export const isFulfilledRule = (s: string): s is FulfilledRule => (FULFILLED_RULES as readonly string[]).includes(s);

export interface Counts {
  criteria: number;
  meets: number;
  partial: number;
  notMeets: number;
}

export interface StandardSummary extends Counts {
  standard: string;
  fulfilled: boolean;
}

export interface ReviewOutcome {
  recommended: boolean;
  termYears: number | null;
  /** the standards not fulfilled, as labelled */
  unfulfilled: string[];
}

/** A standard's strengths, weaknesses and recommendations as the report words them. */
export interface StandardNotes {
  standard: string;
  strengths: string[];
  weaknesses: string[];
  recommendations: string[];
}

export interface ReviewSummary {
  standards: StandardSummary[];
  notes: StandardNotes[];
  total: Counts;
  outcome: ReviewOutcome;
  rules: ReviewRules;
}

export function countRatings(s: ReviewStandard): Counts {
  const n = (r: string) => s.criteria.filter((c) => c.rating === r).length;
  return { criteria: s.criteria.length, meets: n("meets"), partial: n("partial"), notMeets: n("notMeets") };
}

export function isFulfilled(c: Counts, rule: FulfilledRule): boolean {
  if (rule === "all-meet") return c.meets === c.criteria;
  if (rule === "majority-meets") return c.meets * 2 > c.criteria;
  return c.notMeets === 0;
}

export function summarizeReview(review: Review, rules: ReviewRules = DEFAULT_REVIEW_RULES): ReviewSummary {
  const standards = review.standards.map((s) => {
    const c = countRatings(s);
    return { standard: s.label, ...c, fulfilled: isFulfilled(c, rules.fulfilled) };
  });
  const sum = (k: keyof Counts) => standards.reduce((a, s) => a + s[k], 0);
  const unfulfilled = standards.filter((s) => !s.fulfilled).map((s) => s.standard);
  const recommended = unfulfilled.length <= rules.allowUnfulfilled;
  return {
    standards,
    total: { criteria: sum("criteria"), meets: sum("meets"), partial: sum("partial"), notMeets: sum("notMeets") },
    notes: review.standards.map((s) => ({ standard: s.label, ...s.notes })),
    outcome: { recommended, termYears: recommended ? rules.termYears : null, unfulfilled },
    rules,
  };
}

/** One item per recommendation, for action plans: the standard it is under and its text. */
export function reviewRecommendations(summary: Pick<ReviewSummary, "notes">): { standard: string; text: string }[] {
  return summary.notes.flatMap((s) => s.recommendations.map((text) => ({ standard: s.standard, text })));
}
