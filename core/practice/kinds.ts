// Practice kinds (DOMAIN.md §4) and the words people type for them in three languages.

export const PRACTICE_KINDS = ["introductory", "educational-production", "production", "pre-diploma"] as const;
export type PracticeKind = (typeof PRACTICE_KINDS)[number];

/**
 * Words for each kind, folded (lower case, ё→е, spaces and hyphens dropped). A longer word
 * is tried first, so "окуу-өндүрүштүк" is not read as "өндүрүштүк".
 */
const WORDS: Record<PracticeKind, readonly string[]> = {
  introductory: [
    "introductory",
    "intro",
    "familiarization",
    "таанышуу",
    "ознакомительная",
    "ознакомительный",
    "ознакомительная практика",
  ],
  "educational-production": [
    "educational-production",
    "educationalproduction",
    "educational",
    "окуу-өндүрүштүк",
    "окуу",
    "учебно-производственная",
    "учебная",
  ],
  production: ["production", "industrial", "өндүрүштүк", "производственная", "производственный"],
  "pre-diploma": ["pre-diploma", "prediploma", "pregraduation", "дипломалды", "дипломалдындагы", "диплом алды", "преддипломная"],
};

const fold = (s: string) =>
  s
    .normalize("NFC")
    .toLowerCase()
    .replace(/ё/g, "е")
    .replace(/[\s\-_–—.]+/g, "")
    .replace(/практика(сы)?$|practice$/u, "");

const TABLE: [string, PracticeKind][] = PRACTICE_KINDS.flatMap((k) => WORDS[k].map((w): [string, PracticeKind] => [fold(w), k]))
  .filter(([w]) => w.length > 0)
  .sort((a, b) => b[0].length - a[0].length);

/** The kind a typed word names ("өндүрүштүк", "производственная практика", "production"), or null. */
export function parsePracticeKind(word: string): PracticeKind | null {
  const w = fold(word);
  if (!w) return null;
  if ((PRACTICE_KINDS as readonly string[]).includes(word.trim().toLowerCase())) return word.trim().toLowerCase() as PracticeKind;
  return TABLE.find(([k]) => k === w)?.[1] ?? null;
}
