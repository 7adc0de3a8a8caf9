// Session counts typed in a chat (DOMAIN.md §3): a line of numbers in report order
// ("120 110 4 6 80 10 30 25 15 12 10 8 2", fewer leave the rest to come), or fields by name
// ("admitted 110, passed 80", "уруксат 110"). Only the shape is read here; the values are
// checked where they are stored.
import { COUNT_FIELDS, type CountField } from "./domain.ts";

/** What a line gives: values in order from where the entry stands, or values by field. */
export type CountsLine =
  | { kind: "ordered"; values: string[] }
  | { kind: "named"; values: [CountField, string][] }
  /** words that name no field ("attended 5") */
  | { kind: "unknownField"; words: string };

/** Folded: lower case, ё→е, no spaces, hyphens, underscores or dots. */
const fold = (s: string) =>
  s
    .normalize("NFC")
    .toLowerCase()
    .replace(/ё/g, "е")
    .replace(/[\s\-_.:=]+/g, "");

/** Words for each field in en/ru/ky, besides its own name and its column in files. */
const WORDS: Record<CountField, readonly string[]> = {
  enrolled: ["enrolled", "roll", "контингент", "студентов", "студенттер", "саны"],
  admitted: ["admitted", "допущено", "допущены", "допущен", "допуск", "уруксат", "уруксатберилген"],
  notAdmittedExcused: ["excused", "уважительная", "уважит", "себептуу", "себептүү"],
  notAdmittedUnexcused: ["unexcused", "неуважительная", "неуважит", "себепсиз"],
  passedAll: ["passed", "passedall", "сдали", "сдавшие", "тапшыргандар", "тапшырган"],
  excellentOnly: ["excellent", "excellentonly", "отлично", "отличники", "эңжакшы", "энжакшы"],
  excellentGood: ["good", "excellentgood", "хорошо", "отличноихорошо", "жакшы", "эңжакшыжанажакшы"],
  mixed: ["mixed", "смешанные", "аралаш"],
  satisfactoryOnly: ["satisfactory", "satisfactoryonly", "удовлетворительно", "удовл", "канааттандырарлык"],
  debts1: ["debts1", "debt1", "долг1", "долги1", "карыз1"],
  debts2: ["debts2", "debt2", "долг2", "долги2", "карыз2"],
  debts3plus: ["debts3", "debts3plus", "debt3", "долг3", "долги3", "карыз3"],
  noShow: ["noshow", "неявка", "неявки", "келбегендер", "келбеген"],
};

const TABLE = new Map<string, CountField>(
  COUNT_FIELDS.flatMap((f) => [f, f.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), ...WORDS[f]].map((w) => [fold(w), f])),
);

/** The field a word names ("passed", "уруксат", "passed_all"), or null. */
export function countFieldOf(word: string): CountField | null {
  return TABLE.get(fold(word)) ?? null;
}

/** A token that stands for a value: digits (maybe signed or with a decimal part, to be refused later), or "-" for none. */
const VALUE = /^([-+]?\d[\d.,]*|-|—)$/;

export function parseCountsLine(text: string): CountsLine {
  const tokens = text
    .split(/[\s,;]+/)
    .map((t) => t.trim())
    .filter(Boolean);
  const first = tokens[0] ?? "";
  // a line that starts with a value is values in order; a stray word among them is a bad value
  if (VALUE.test(first) || !/\p{L}/u.test(first)) return { kind: "ordered", values: tokens };
  const values: [CountField, string][] = [];
  let words: string[] = [];
  for (const token of tokens) {
    if (!VALUE.test(token) || words.length === 0) {
      words.push(token);
      continue;
    }
    const field = countFieldOf(words.join(" "));
    if (!field) return { kind: "unknownField", words: words.join(" ") };
    values.push([field, token]);
    words = [];
  }
  if (words.length) {
    // "admitted abc": the field is known, its value is not a number
    const known = countFieldOf(words[0] as string);
    if (known && words.length === 2) values.push([known, words[1] as string]);
    else return { kind: "unknownField", words: words.join(" ") };
  }
  return { kind: "named", values };
}
