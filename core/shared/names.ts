// Names as people type them and as files bring them. A stored name is clean (NFC, trimmed,
// no invisible characters, bounded); a typed word folds to one key, so "МТФ", "mtf" and
// "МTФ" (a Latin T) meet, and so do "Кара-Көл" and "Kara-Kol".
import { fail, type Outcome, ok, problem } from "./problem.ts";

/** Longest unit code, name or alias a file may give, in characters. */
export const NAME_MAX = 120;

/**
 * Controls (tabs, newlines, terminal escapes), format characters (zero-width spaces and
 * joiners, bidi embeddings and isolates, the BOM, soft hyphens) and fillers that render as
 * nothing: a name holding one would look like another name and match nothing typed.
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\u2028\u2029\u115F\u1160\u3164\uFFA0]/u;

/** The one form a name is stored in, or why it cannot be. */
export function cleanName(raw: string, max = NAME_MAX): Outcome<string> {
  const s = raw.normalize("NFC");
  const bad = INVISIBLE.exec(s);
  if (bad)
    return fail(
      problem("nameInvisible", { char: `U+${(bad[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}` }),
    );
  const value = s.replace(/\s+/gu, " ").trim();
  const length = [...value].length;
  if (length > max) return fail(problem("nameTooLong", { max, length }));
  return ok(value);
}

/** Latin letters that look like Cyrillic ones (after lower-casing). */
const LOOK_ALIKE: Record<string, string> = {
  a: "а",
  b: "в",
  c: "с",
  e: "е",
  h: "н",
  k: "к",
  m: "м",
  o: "о",
  p: "р",
  t: "т",
  x: "х",
  y: "у",
};

/** Cyrillic (Kyrgyz and Russian) to Latin, the way users type names without a Cyrillic keyboard. */
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

const CYRILLIC = /\p{Script=Cyrillic}/u;

/**
 * A word in lower case with Latin look-alikes made Cyrillic, but only in a word that has
 * Cyrillic letters too: "MTF" or "Tokmok" are transliterations, not look-alikes.
 */
export function lowerWord(word: string): string {
  const w = word.normalize("NFKC").toLowerCase().replace(/ё/g, "е");
  return CYRILLIC.test(w) ? [...w].map((c) => LOOK_ALIKE[c] ?? c).join("") : w;
}

/** The key a word is compared by: lower case, look-alikes folded, then in Latin letters. */
export function wordKey(word: string): string {
  return [...lowerWord(word)].map((c) => LATIN[c] ?? c).join("");
}

export interface Token {
  /** the word as typed */
  raw: string;
  /** lower case, Latin look-alikes in Cyrillic words made Cyrillic */
  lower: string;
  key: string;
  /** where it is in the text (UTF-16 offsets) */
  start: number;
  end: number;
}

/** Words and numbers of a text; hyphens, dots and spaces separate ("Кара-Балта" is two words). */
export function tokens(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(/[\p{L}\p{M}\p{N}]+/gu)) {
    const raw = m[0];
    const key = wordKey(raw);
    if (key) out.push({ raw, lower: lowerWord(raw), key, start: m.index, end: m.index + raw.length });
  }
  return out;
}

/** A whole name's key: its word keys joined by spaces ("Кара-Көл" → "kara kol"). */
export function nameKey(name: string): string {
  return tokens(name)
    .map((t) => t.key)
    .join(" ");
}

/** Case-, script- and punctuation-insensitive form of a unit code or word: "МТФ" and "mtf" meet. */
export const normalizeName = nameKey;

/** Labels reports print on their total line (Жалпы, Итого, Всего, Total). */
const TOTAL_LABELS = new Set(["жалпы", "бардыгы", "жыйынтык", "итого", "всего", "total", "overall"]);

/** Whether a row's unit cell is a total line's label rather than a unit. */
export function isTotalLabel(raw: string): boolean {
  return TOTAL_LABELS.has(raw.normalize("NFC").trim().toLowerCase().replace(/[:.]$/, ""));
}
