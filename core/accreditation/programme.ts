// Programmes as the registry holds them (DOMAIN.md §5): a level from the words people use in
// ky/ru/en, and a code kept as printed text (leading zeros, inner spaces of lyceum codes).

export const PROGRAMME_LEVELS = [
  "initial-vocational",
  "secondary-vocational",
  "bachelor",
  "specialist",
  "master",
  "phd",
  "short-course",
] as const;
export type ProgrammeLevel = (typeof PROGRAMME_LEVELS)[number];

export const PROGRAMME_FORMS = ["full-time", "part-time", "evening", "distance"] as const;

/** The words files and people use for each level, lower-cased (the level's own name included). */
const LEVEL_WORDS: Record<ProgrammeLevel, readonly string[]> = {
  "initial-vocational": [
    "initial vocational",
    "lyceum",
    "нпо",
    "бкбб",
    "лицей",
    "баштапкы кесиптик",
    "начальное профессиональное",
  ],
  "secondary-vocational": ["secondary vocational", "спо", "окбб", "орто кесиптик", "среднее профессиональное"],
  bachelor: ["бакалавр", "бакалавриат"],
  specialist: ["адис", "специалист", "специалитет"],
  master: ["магистр", "магистратура"],
  phd: ["аспирантура", "докторантура", "phd доктор"],
  "short-course": [
    "short course",
    "кыска мөөнөттүү курс",
    "кыска мөөнөттүү курстар",
    "краткосрочные курсы",
    "краткосрочный курс",
  ],
};

/** Trailing words that add nothing ("среднее профессиональное образование"). */
const FILLER = /\s+(образование|билим берүү|билим берүүсү|билими|education)$/u;

const foldLevel = (raw: string) =>
  raw.normalize("NFC").toLowerCase().replace(/ё/g, "е").replace(/[_-]+/g, " ").replace(/\s+/g, " ").trim().replace(FILLER, "");

/** A level as written (its id, or a ky/ru/en word) → the level; null when it is none. */
export function parseLevel(raw: string): ProgrammeLevel | null {
  const word = foldLevel(raw);
  if (!word) return null;
  for (const level of PROGRAMME_LEVELS) {
    if (word === level.replace(/-/g, " ") || LEVEL_WORDS[level].includes(word)) return level;
  }
  return null;
}

/** Levels whose state codes are six digits (580500, 050709): a number read from a cell is padded back. */
export const SIX_DIGIT_LEVELS: readonly ProgrammeLevel[] = ["secondary-vocational", "bachelor", "specialist", "master"];

/** A code as printed: trimmed, inner runs of spaces made one, leading zeros kept. */
export function programmeCode(raw: string): string {
  return raw.normalize("NFC").replace(/\s+/gu, " ").trim();
}

/**
 * A code that reached us as a bare number (a spreadsheet cell typed as a number loses
 * "050709"'s zero): padded to six digits where the level's codes have six, with `padded` so
 * the import can warn. Other levels keep the digits as they are.
 */
export function codeFromNumber(value: number, level: ProgrammeLevel | null): { code: string; padded: boolean } {
  const digits = String(Math.trunc(Math.abs(value)));
  if (level && SIX_DIGIT_LEVELS.includes(level) && digits.length < 6) return { code: digits.padStart(6, "0"), padded: true };
  return { code: digits, padded: false };
}

/** A programme in the registry, as the core sees it. */
export interface Programme {
  code: string;
  level: ProgrammeLevel;
  nameKy: string;
  nameRu: string | null;
  nameEn: string | null;
  /** the unit's code */
  unit: string;
  forms: string[];
  durationYears: number | null;
  /** the leader as given (a name, @username or Telegram id) */
  leader: string | null;
}

/** What identifies a programme within an institution: code and level. */
export const programmeKey = (p: { code: string; level: string }): string => `${p.level}|${p.code}`;

/** The programme's name in a language, falling back to Kyrgyz. */
export function programmeName(p: Pick<Programme, "nameKy" | "nameRu" | "nameEn">, lang: string): string {
  if (lang === "ru") return p.nameRu ?? p.nameKy;
  if (lang === "en") return p.nameEn ?? p.nameRu ?? p.nameKy;
  return p.nameKy;
}
