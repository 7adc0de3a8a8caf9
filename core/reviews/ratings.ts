// The words an agency's report rates a criterion with, and the section words that head a
// standard's strengths, weaknesses and recommendations — in Kyrgyz, Russian and English, as
// they are typed from the reports: any case, any dash or none, Latin look-alikes in Cyrillic
// words, and the spellings that occur ("Жарым – жартылай", "жарым-жартылайт").
import { lowerWord } from "../shared/names.ts";

export const RATINGS = ["meets", "partial", "notMeets"] as const;
export type Rating = (typeof RATINGS)[number];

/** How bad a rating is: the worst of a criterion's sub-items is the criterion's. */
export const RATING_RANK: Record<Rating, number> = { meets: 0, partial: 1, notMeets: 2 };

export const worstRating = (a: Rating, b: Rating): Rating => (RATING_RANK[a] >= RATING_RANK[b] ? a : b);

/** A phrase folded to one key: lower case, look-alikes made Cyrillic, dashes and punctuation as spaces. */
export function phraseKey(raw: string): string {
  return raw
    .normalize("NFKC")
    .replace(/['’ʼ`]/g, "")
    .split(/[^\p{L}\p{M}\p{N}]+/u)
    .filter(Boolean)
    .map(lowerWord)
    .join(" ");
}

const RATING_WORDS: Record<Rating, readonly string[]> = {
  meets: [
    "ылайык келет",
    "толук ылайык келет",
    "соответствует",
    "полностью соответствует",
    "meets",
    "met",
    "meet",
    "fully meets",
    "compliant",
  ],
  partial: [
    "жарым жартылай ылайык келет",
    "жарым жартылайт ылайык келет",
    "жарым жартылай",
    "жарым жартылайт",
    "жартылай ылайык келет",
    "частично соответствует",
    "частично",
    "partially meets",
    "partially met",
    "partly meets",
    "partial",
    "partially compliant",
  ],
  notMeets: [
    "ылайык келбейт",
    "не соответствует",
    "does not meet",
    "doesnt meet",
    "not met",
    "not meets",
    "does not meets",
    "non compliant",
    "not compliant",
  ],
};

const RATING_BY_KEY = new Map<string, Rating>(
  RATINGS.flatMap((r) => RATING_WORDS[r].map((w) => [phraseKey(w), r] as [string, Rating])),
);

/** The rating a cell gives, or null when it is no rating word. */
export function parseRating(raw: string): Rating | null {
  return RATING_BY_KEY.get(phraseKey(raw)) ?? null;
}

export const SECTIONS = ["strengths", "weaknesses", "recommendations"] as const;
export type ReviewSection = (typeof SECTIONS)[number];

const SECTION_WORDS: Record<ReviewSection, readonly string[]> = {
  strengths: ["күчтүү жактары", "күчтүү жагы", "сильные стороны", "strengths", "strength", "strong points"],
  weaknesses: ["алсыз жактары", "алсыз жагы", "слабые стороны", "weaknesses", "weakness", "weak points"],
  recommendations: ["сунуштар", "сунуш", "рекомендации", "рекомендация", "recommendations", "recommendation"],
};

const SECTION_BY_KEY = new Map<string, ReviewSection>(
  SECTIONS.flatMap((s) => SECTION_WORDS[s].map((w) => [phraseKey(w), s] as [string, ReviewSection])),
);

/** The section a criterion cell names ("Күчтүү жактары:"), or null. */
export function parseSection(raw: string): ReviewSection | null {
  return SECTION_BY_KEY.get(phraseKey(raw)) ?? null;
}
