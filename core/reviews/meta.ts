// What a review is of, shown above its summary: the order, the visit, the agency, the
// commission, the programmes — given as CLI options or as leading "# key: value" comment
// lines of the file, in any of the three languages. Values are kept as typed.
import { phraseKey } from "./ratings.ts";

export const REVIEW_META_KEYS = ["order", "orderDate", "visit", "agency", "commission", "programmes"] as const;
export type ReviewMetaKey = (typeof REVIEW_META_KEYS)[number];
export type ReviewMeta = Partial<Record<ReviewMetaKey, string>>;

const WORDS: Record<ReviewMetaKey, readonly string[]> = {
  order: ["order", "order number", "order no", "буйрук", "буйруктун номери", "приказ", "номер приказа"],
  orderDate: ["order date", "date", "буйруктун датасы", "дата приказа", "дата"],
  visit: ["visit", "visit dates", "визит", "даты визита", "сапар", "сапардын датасы"],
  agency: ["agency", "агенттик", "агентство"],
  commission: ["commission", "panel", "комиссия", "эксперттер"],
  programmes: ["programmes", "programs", "programme", "program", "программалар", "программы", "программа"],
};

const BY_KEY = new Map<string, ReviewMetaKey>(
  REVIEW_META_KEYS.flatMap((k) => WORDS[k].map((w) => [phraseKey(w), k] as [string, ReviewMetaKey])),
);

/** Comment lines (without their "#") → the meta they give; other comments are skipped. */
export function reviewMetaFromComments(lines: readonly string[]): ReviewMeta {
  const meta: ReviewMeta = {};
  for (const line of lines) {
    const m = /^([^:]{1,40}):\s*(.+)$/.exec(line.trim());
    const key = m ? BY_KEY.get(phraseKey(m[1] as string)) : undefined;
    if (m && key && !meta[key]) meta[key] = (m[2] as string).trim();
  }
  return meta;
}
