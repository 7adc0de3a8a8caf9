// Criterion and standard cells as reports print them. "1.7", "1.7а", "1.7 a", "1.7a)",
// "Критерий 1.7": a number, and maybe a letter making it a sub-item of that number — the
// sub-items of one criterion are rated together as one. A standard is "1", "Стандарт 1",
// "Standard 1." or a name.
import { lowerWord } from "../shared/names.ts";

export interface CriterionId {
  /** the criterion the row counts towards: "1.7" */
  number: string;
  /** the sub-item's place in its list (а, б, в … or a, b, c …: 0, 1, 2 …); null for the criterion itself */
  sub: number | null;
}

// Russian and Kyrgyz lists skip й, ъ, ы, ь; Latin lists go a, b, c…
const CYRILLIC_ORDER = "абвгдежзиклмнопрстуфхцчшщэюя";
const LATIN_ORDER = "abcdefghijklmnopqrstuvwxyz";

/** A leading word ("Критерий", "Criterion", "Критерийи") before the number is not part of it. */
const LEAD = /^[\p{L}.]+\s+(?=\d)/u;
const ID = /^(\d+(?:\.\d+)*)\.?\s*(?:([\p{L}])\s*[).]?)?$/u;

export function parseCriterion(raw: string): CriterionId | null {
  const s = raw.normalize("NFKC").trim().replace(/^№\s*/, "").replace(LEAD, "").replace(/\s+/g, " ");
  const m = ID.exec(s);
  if (!m) return null;
  const number = m[1] as string;
  if (!m[2]) return { number, sub: null };
  const letter = m[2].toLowerCase();
  const latin = LATIN_ORDER.indexOf(letter);
  if (latin >= 0) return { number, sub: latin };
  const cyrillic = CYRILLIC_ORDER.indexOf(lowerWord(letter));
  return cyrillic >= 0 ? { number, sub: cyrillic } : null;
}

/** The sub-item's letter as the report's language prints it (for messages): 0 → "а". */
export const subLetter = (sub: number) => CYRILLIC_ORDER[sub] ?? String(sub + 1);

export interface StandardId {
  /** what the standard is compared by: its number ("1"), else its name folded */
  key: string;
  /** how it is shown: its number, else its name as typed */
  label: string;
}

const NUMBERED = /^(?:[\p{L}]+\s+)?(\d+)(?:[.):]\s*.*)?$/u;

export function parseStandard(raw: string): StandardId | null {
  const s = raw.normalize("NFKC").trim().replace(/\s+/g, " ");
  if (!s) return null;
  const m = NUMBERED.exec(s);
  if (m) return { key: m[1] as string, label: m[1] as string };
  return { key: s.split(" ").map(lowerWord).join(" "), label: s };
}

/** The standard a criterion's number belongs to when the row names none: "1.7" → "1". */
export function standardOfCriterion(id: CriterionId): StandardId | null {
  const head = id.number.split(".");
  return head.length > 1 ? { key: head[0] as string, label: head[0] as string } : null;
}
