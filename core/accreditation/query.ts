// What "/accreditation ЭФ бакалавр expiring 6 months" asks: a level, statuses, a window, and
// the words left over, which name the unit (resolved, with suggestions, by the use case).
import { tokens } from "../shared/names.ts";
import { type ExpiryWindow, parseWindow } from "./dates.ts";
import { type ProgrammeLevel, parseLevel } from "./programme.ts";
import { ACCREDITATION_STATUSES, type AccreditationStatus } from "./status.ts";

/** The states that need someone's attention: what /accreditation lists unless told otherwise. */
export const ATTENTION_STATUSES: readonly AccreditationStatus[] = ["expiring", "expired", "never"];

/** Status words in ky/ru/en, lower-cased; a trailing * takes any ending. */
const STATUS_WORDS: Record<AccreditationStatus | "all", readonly string[]> = {
  valid: ["valid", "действу*", "күчүндө", "күчүндөгү"],
  expiring: ["expiring", "истекающ*", "истекает", "бүтүп"],
  expired: ["expired", "истекш*", "истекла", "истекли", "просроч*", "бүткөн"],
  never: ["never", "неаккредитован*", "аккредитацияланбаган"],
  all: ["all", "все", "всё", "баары", "бардыгы"],
};

function statusOf(word: string): AccreditationStatus | "all" | null {
  for (const [status, words] of Object.entries(STATUS_WORDS)) {
    if (words.some((w) => (w.endsWith("*") ? word.startsWith(w.slice(0, -1)) : word === w)))
      return status as AccreditationStatus | "all";
  }
  return null;
}

export interface AccreditationQuery {
  level?: ProgrammeLevel;
  /** absent: the states needing attention; null: every state */
  status?: AccreditationStatus[] | null;
  within?: ExpiryWindow;
  /** the words no filter took, as typed: a unit's code, name or alias */
  unit?: string;
}

const WINDOW = /(?<!\S)(\d{1,4})\s*([\p{L}]+)\.?(?!\S)/gu;

export function parseAccreditationQuery(text: string): AccreditationQuery {
  const q: AccreditationQuery = {};
  let rest = text.normalize("NFKC");
  for (const m of rest.matchAll(WINDOW)) {
    const parsed = parseWindow(`${m[1]}${m[2]}`);
    if (parsed.ok) {
      q.within = parsed.window;
      rest = rest.replace(m[0], " ");
      break;
    }
  }
  const words = tokens(rest);
  const used = words.map(() => false);
  for (let i = 0; i < words.length; i++) {
    if (used[i]) continue;
    // two-word levels first ("среднее профессиональное")
    const pair = i + 1 < words.length ? parseLevel(`${words[i]?.raw} ${words[i + 1]?.raw}`) : null;
    const level = pair ?? parseLevel(words[i]?.raw ?? "");
    if (level && !q.level) {
      q.level = level;
      used[i] = true;
      if (pair) used[i + 1] = true;
      continue;
    }
    // "within a year": a year word alone is a 12-month window
    if (!q.within && /^(жыл|жылда|жылдын|жыл ичинде|год|года|году|year)$/u.test(words[i]?.lower ?? "")) {
      q.within = { months: 12 };
      used[i] = true;
      continue;
    }
    const status = statusOf(words[i]?.lower ?? "");
    if (status) {
      used[i] = true;
      if (status === "all") q.status = null;
      else if (q.status !== null) q.status = [...new Set([...(q.status ?? []), status])];
    }
  }
  const left = words.filter((_, i) => !used[i]);
  const [first, last] = [left[0], left.at(-1)];
  if (first && last) q.unit = rest.slice(first.start, last.end).trim();
  return q;
}

/** Whether a word is a status this parser knows (for callers listing the allowed ones). */
export const isAccreditationStatus = (s: string): s is AccreditationStatus =>
  (ACCREDITATION_STATUSES as readonly string[]).includes(s);
