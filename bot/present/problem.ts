// A Problem in words: the one place every trigger turns refusals, flags and import errors
// into a sentence (locales/<lng>/problems.json).
import type { TFunction } from "i18next";
import { isNoticeCategory, type Problem, type ProblemParam } from "../../core/index.ts";
import { dec1, num } from "./format.ts";
import type { Language } from "./i18n.ts";

export interface Wording {
  t: TFunction;
  lng: Language;
}

/** Percentages (a mismatch's published and recomputed, a practice rate and its change), with one decimal as users write them ("88,0%"). */
const PERCENT_PARAMS = new Set(["reported", "printed", "computed", "rate", "previous", "mean", "pp"]);
const hasPercents = (code: string) => code.endsWith("percent-mismatch") || code.startsWith("practice");

/** Values quoted from a file are cut here: a 400-digit "count" or a pasted paragraph would fill the screen. */
const MAX_QUOTE = 32;
const QUOTED = new Set(["value", "column", "unit", "category"]);
/** Any other text param (a header's 16 000 columns, a file's name) is cut here: a message holds 4096 characters. */
const MAX_PARAM = 200;

const cut = (value: string, max: number) => ([...value].length > max ? `${[...value].slice(0, max - 2).join("")}…` : value);

function param(key: string, value: ProblemParam, code: string, w: Wording): string {
  if (value === null) return w.t("bot.scope.institution");
  if (key === "field" && typeof value === "string") return w.t(`report.field.${value}`);
  if (key === "term" && typeof value === "string") return w.t(`common.term.${value}`);
  // a notice category by its name in /settings; an unknown one (forged button data) quoted as is
  if (key === "category" && typeof value === "string" && isNoticeCategory(value)) return w.t(`settings.category.${value}.name`);
  if (typeof value !== "number") return cut(value, QUOTED.has(key) ? MAX_QUOTE : MAX_PARAM);
  return hasPercents(code) && PERCENT_PARAMS.has(key) ? dec1(value, w.lng) : num(value, w.lng);
}

export function problemText(p: Problem, w: Wording): string {
  const params = Object.fromEntries(Object.entries(p.params).map(([k, v]) => [k, param(k, v, p.code, w)]));
  return w.t(`problems.${p.code}`, params);
}
