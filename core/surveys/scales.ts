// Answer scales found in a form's export: 5-point (ky/ru/en words or 1–5), 4-point agreement,
// yes/no. A question is on a scale when every answer it got is one of that scale's options
// (in any of the languages); anything else is free text, listed by count.
import { percent } from "../shared/rounding.ts";

export type ScaleKind = "five" | "four" | "yesNo" | "numeric" | "text";

interface Scale {
  kind: Exclude<ScaleKind, "text">;
  /** per language, the options best first */
  options: readonly (readonly string[])[];
}

// Best first: the published reports list "34% excellent … 3% very bad" in this order.
const SCALES: readonly Scale[] = [
  {
    kind: "yesNo",
    options: [
      ["ооба", "жок"],
      ["да", "нет"],
      ["yes", "no"],
    ],
  },
  {
    kind: "five",
    options: [
      ["эң жакшы", "жакшы", "канааттандырарлык", "жаман", "өтө жаман"],
      ["отлично", "хорошо", "удовлетворительно", "плохо", "очень плохо"],
      ["excellent", "good", "satisfactory", "bad", "very bad"],
    ],
  },
  {
    kind: "four",
    options: [
      ["толугу менен макулмун", "макулмун", "макул эмесмин", "такыр макул эмесмин"],
      ["полностью согласен", "скорее согласен", "скорее не согласен", "полностью не согласен"],
      ["strongly agree", "agree", "disagree", "strongly disagree"],
    ],
  },
  // a linear scale 1–5 in Google Forms: 5 read as the best, shown first like the worded scales
  { kind: "numeric", options: [["5", "4", "3", "2", "1"]] },
];

/** How answers are compared: trimmed, case folded, inner spaces collapsed, ё as е, a trailing dot dropped. */
export function answerKey(answer: string): string {
  return answer.trim().toLowerCase().replace(/\s+/g, " ").replace(/ё/g, "е").replace(/\.$/, "");
}

export interface AnswerCount {
  answer: string;
  count: number;
  /** percent of those who answered the question, one decimal */
  share: number;
}

export interface Distribution {
  scale: ScaleKind;
  /** non-empty answers */
  answered: number;
  /** scale options in scale order (zeros included); free text most frequent first */
  answers: AnswerCount[];
}

const counted = (answer: string, count: number, answered: number): AnswerCount => ({
  answer,
  count,
  share: percent(count, answered) ?? 0,
});

function onScale(keys: Map<string, number>, scale: Scale): readonly string[] | null {
  // the language whose wording the answers use most; every answer must be an option in some language
  let best: readonly string[] | null = null;
  let bestHits = -1;
  const all = new Set(scale.options.flat().map(answerKey));
  for (const key of keys.keys()) if (!all.has(key)) return null;
  for (const options of scale.options) {
    const own = new Set(options.map(answerKey));
    let hits = 0;
    for (const [key, n] of keys) if (own.has(key)) hits += n;
    if (hits > bestHits) [best, bestHits] = [options, hits];
  }
  return best;
}

/** Where an option of any language stands on its scale (0 = best). */
function rankOf(scale: Scale, key: string): number {
  for (const options of scale.options) {
    const i = options.findIndex((o) => answerKey(o) === key);
    if (i >= 0) return i;
  }
  return -1;
}

/** The distribution of one question's answers: on the first scale they all fit, else free text. */
export function distribution(answers: readonly string[]): Distribution {
  const given = answers.map((a) => a.trim()).filter((a) => a !== "");
  const counts = new Map<string, number>();
  const firstSeen = new Map<string, string>();
  for (const a of given) {
    const key = answerKey(a);
    counts.set(key, (counts.get(key) ?? 0) + 1);
    if (!firstSeen.has(key)) firstSeen.set(key, a);
  }
  const answered = given.length;
  if (answered > 0)
    for (const scale of SCALES) {
      const labels = onScale(counts, scale);
      if (!labels) continue;
      const byRank = new Array<number>(labels.length).fill(0);
      // an option is shown as the form wrote it ("Эң жакшы"), an option nobody chose as the scale has it
      const wording = [...labels];
      const worded = new Set<number>();
      for (const [key, n] of counts) {
        const rank = rankOf(scale, key);
        byRank[rank] = (byRank[rank] ?? 0) + n;
        if (!worded.has(rank)) wording[rank] = firstSeen.get(key) ?? key;
        worded.add(rank);
      }
      return { scale: scale.kind, answered, answers: wording.map((label, i) => counted(label, byRank[i] ?? 0, answered)) };
    }
  const text = [...counts.entries()]
    .map(([key, n]) => counted(firstSeen.get(key) ?? key, n, answered))
    .sort((a, b) => b.count - a.count || a.answer.localeCompare(b.answer));
  return { scale: "text", answered, answers: text };
}
