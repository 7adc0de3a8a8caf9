// Finding a unit in what someone typed: by code, name or alias, in any case and script,
// with the endings Kyrgyz and Russian put on a name ("Токмокто", "в Токмоке", "МТФтын").
import { editDistance } from "./closest.ts";
import { nameKey, type Token, tokens } from "./names.ts";

export interface UnitName {
  code: string;
  /** other names users may type: names in ky/ru/en, aliases */
  names?: readonly (string | null | undefined)[];
}

// Endings in the Latin key form (ө → o, ү → u): "да/дө" are both "da/do".
const KYRGYZ = [
  ...["da", "de", "do", "ta", "te", "to"],
  ...["dagy", "degi", "dogu", "tagy", "tegi", "togu"],
  ...["nyn", "nin", "nun", "dyn", "din", "dun", "tyn", "tin", "tun"],
  ...["ga", "ge", "go", "ka", "ke", "ko", "na", "ne", "no"],
  ...["ny", "ni", "nu", "dy", "di", "du", "ty", "ti", "tu"],
  ...["dan", "den", "don", "tan", "ten", "ton", "nan", "nen", "non"],
  ...["tyk", "tik", "tuk", "dyk", "dik", "duk", "lyk", "lik", "luk"],
];
const RUSSIAN = ["a", "u", "e", "y", "i", "om", "oi", "ym", "em", "ah", "am", "ov", "ami", "ei", "yu", "ya"];
const ADJECTIVE = ["ii", "yi", "aya", "oe", "ogo", "omu", "om", "ie", "ih", "im", "imi", "oi", "uyu"].flatMap((e) =>
  ["sk", "isk", "insk"].map((s) => s + e),
);
const ENDINGS = new Set([...KYRGYZ, ...RUSSIAN, ...ADJECTIVE]);
/** Russian declines "Кара-Балта" as "Кара-Балте", "Кара-Балтинский": the final vowel goes. */
const AFTER_VOWEL = new Set([...RUSSIAN, ...ADJECTIVE]);

/** Whether a typed word is this name word, maybe with an ending. */
function wordMatches(t: Token, word: string): boolean {
  if (t.key === word) return true;
  // An ending on a two-letter code only when it is written as one ("ТФтын", not "тфы").
  const abbreviation = /^\p{Lu}{2}/u.test(t.raw);
  if (t.key.startsWith(word) && (word.length >= 3 || abbreviation) && ENDINGS.has(t.key.slice(word.length))) return true;
  const stem = word.replace(/(ya|a)$/, "");
  return stem !== word && stem.length >= 3 && t.key.startsWith(stem) && AFTER_VOWEL.has(t.key.slice(stem.length));
}

export interface UnitMatch {
  code: string;
  /** token indexes [first, last) the name covers */
  first: number;
  last: number;
}

function keysOf(u: UnitName): string[][] {
  const names = [u.code, ...(u.names ?? [])].filter((n): n is string => Boolean(n));
  return names.map((n) => tokens(n).map((t) => t.key)).filter((k) => k.length > 0);
}

/** The longest unit name that the tokens hold as consecutive words. */
export function matchUnit(toks: readonly Token[], units: readonly UnitName[]): UnitMatch | undefined {
  let best: (UnitMatch & { length: number }) | undefined;
  for (const u of units)
    for (const words of keysOf(u))
      for (let i = 0; i + words.length <= toks.length; i++) {
        if (!words.every((w, j) => wordMatches(toks[i + j] as Token, w))) continue;
        const length = words.join(" ").length;
        if (!best || length > best.length) best = { code: u.code, first: i, last: i + words.length, length };
      }
  return best && { code: best.code, first: best.first, last: best.last };
}

/** The unit a text names, if any. */
export function findUnit(text: string, units: readonly UnitName[]): string | undefined {
  return matchUnit(tokens(text), units)?.code;
}

/**
 * Units whose code, name or alias is close to what was typed (a few letters apart, or
 * starting with it: "Кара" → both Кара- branches), closest first, at most `max`.
 */
export function closestUnits(text: string, units: readonly UnitName[], max = 3): string[] {
  const typed = nameKey(text);
  const flat = typed.replace(/ /g, "");
  if (!flat) return [];
  const scored: { code: string; score: number; order: number }[] = [];
  units.forEach((u, order) => {
    let score = Number.POSITIVE_INFINITY;
    for (const words of keysOf(u)) {
      const key = words.join(" ");
      if (key.startsWith(`${typed} `)) score = Math.min(score, 0.5);
      const d = editDistance(flat, words.join(""));
      if (d <= Math.max(1, Math.floor(Math.max(flat.length, 3) / 3))) score = Math.min(score, d);
    }
    if (Number.isFinite(score)) scored.push({ code: u.code, score, order });
  });
  return scored
    .sort((a, b) => a.score - b.score || a.order - b.order)
    .slice(0, max)
    .map((s) => s.code);
}

/** A name or alias to check, and where it came from (a file's line and column). */
export interface NamedEntry<W> {
  value: string;
  where?: W;
}

export interface NameClash<W> {
  where: W;
  value: string;
  /** the other unit and its name that fold to the same key */
  unit: string;
  other: string;
}

/**
 * Names (codes, names, aliases) that fold to another unit's: users could not tell the
 * units apart by typing them. Only entries with `where` (the file's) are reported.
 */
export function nameClashes<W>(units: readonly { code: string; names: readonly NamedEntry<W>[] }[]): NameClash<W>[] {
  const owners = new Map<string, { code: string; value: string }[]>();
  for (const u of units)
    for (const n of [{ value: u.code }, ...u.names]) {
      const key = nameKey(n.value);
      if (!key) continue;
      const list = owners.get(key) ?? [];
      list.push({ code: u.code, value: n.value });
      owners.set(key, list);
    }
  const out: NameClash<W>[] = [];
  for (const u of units)
    for (const n of u.names) {
      if (n.where === undefined) continue;
      const other = owners.get(nameKey(n.value))?.find((o) => o.code !== u.code);
      if (other) out.push({ where: n.where, value: n.value, unit: other.code, other: other.value });
    }
  return out;
}
