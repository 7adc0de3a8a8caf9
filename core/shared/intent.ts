// A small free-text intent parser for ky/ru/en: "МТФ карызкорлор", "должники МТФ",
// "debtors MTF", "ЭТИ успеваемость после пересдач 2019-2020".
import type { Form, Stage } from "../session/domain.ts";

export const INTENTS = ["debtors", "stats", "practice"] as const;
export type IntentKind = (typeof INTENTS)[number];

export interface Intent {
  kind: IntentKind | null;
  unit?: string;
  stage?: Stage;
  form?: Form;
  year?: string;
}

/** Word stems (matched at the start of a word, so Kyrgyz and Russian endings pass). */
const KIND_STEMS: Record<IntentKind, string[]> = {
  debtors: ["карызкор", "карыздар", "карыз", "должник", "задолж", "долг", "debtor", "debt"],
  stats: [
    "жетишкендик",
    "жетишүү",
    "көрсөткүч",
    "статист",
    "успеваем",
    "показател",
    "achievement",
    "stat",
    "performance",
    "results",
  ],
  practice: ["практик", "практика", "internship", "practice"],
};
const STAGE_PATTERNS: [Stage, RegExp][] = [
  ["after-retakes", /(кайра\s*тапшыр|пересдач|re-?takes?|\bfx\b|after)/],
  ["main", /(негизги|основн|\bmain\b)/],
];
const FORM_PATTERNS: [Form, RegExp][] = [
  ["part-time", /(сырттан|заочн|part[-\s]?time)/],
  ["full-time", /(күндүзгү|очн|full[-\s]?time)/],
];

const LATIN: Record<string, string> = {
  а: "a",
  б: "b",
  в: "v",
  г: "g",
  д: "d",
  е: "e",
  ё: "e",
  ж: "zh",
  з: "z",
  и: "i",
  й: "i",
  к: "k",
  л: "l",
  м: "m",
  н: "n",
  ң: "n",
  о: "o",
  ө: "o",
  п: "p",
  р: "r",
  с: "s",
  т: "t",
  у: "u",
  ү: "u",
  ф: "f",
  х: "h",
  ц: "c",
  ч: "ch",
  ш: "sh",
  щ: "sh",
  ъ: "",
  ы: "y",
  ь: "",
  э: "e",
  ю: "yu",
  я: "ya",
};

/** Case-, script- and punctuation-insensitive form of a unit code or word: "МТФ" and "mtf" meet. */
export function normalizeName(s: string): string {
  return [...s.toLowerCase()]
    .map((c) => LATIN[c] ?? c)
    .join("")
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

export interface UnitName {
  code: string;
  /** other names users may type (names in ky/ru/en) */
  names?: readonly (string | null | undefined)[];
}

/**
 * The longest unit code or name that appears as whole words in the text, or a code with a
 * lower-case grammatical ending glued on, as Kyrgyz and Russian write it ("МТФтын", "МТФе").
 */
export function findUnit(text: string, units: readonly UnitName[]): string | undefined {
  const hay = ` ${normalizeName(text)} `;
  const tokens = text.split(/[^\p{L}\p{N}.]+/u);
  let best: { code: string; length: number } | undefined;
  const consider = (code: string, length: number) => {
    if (!best || length > best.length) best = { code, length };
  };
  for (const u of units) {
    for (const name of [u.code, ...(u.names ?? [])]) {
      const needle = name ? normalizeName(name) : "";
      if (needle && hay.includes(` ${needle} `)) consider(u.code, needle.length);
    }
    const glued = (t: string) => t.startsWith(u.code) && /^\p{Ll}+$/u.test(t.slice(u.code.length));
    if (tokens.some(glued)) consider(u.code, normalizeName(u.code).length);
  }
  return best?.code;
}

export function parseIntent(text: string, units: readonly UnitName[]): Intent {
  const lower = text.toLowerCase();
  const words = lower.split(/[^\p{L}\p{N}-]+/u).filter(Boolean);
  let kind: IntentKind | null = null;
  for (const k of ["debtors", "practice", "stats"] as const)
    if (!kind && words.some((w) => KIND_STEMS[k].some((stem) => w.startsWith(stem)))) kind = k;
  const intent: Intent = { kind };
  const unit = findUnit(text, units);
  if (unit) intent.unit = unit;
  const stage = STAGE_PATTERNS.find(([, re]) => re.test(lower))?.[0];
  if (stage) intent.stage = stage;
  const form = FORM_PATTERNS.find(([, re]) => re.test(lower))?.[0];
  if (form) intent.form = form;
  const year = /\b(\d{4})-(\d{4})\b/.exec(lower);
  if (year && Number(year[2]) === Number(year[1]) + 1) intent.year = year[0];
  return intent;
}
