// The one-line practice entry a head types after /practice: "[unit] <kind> <completed>/<assigned> [year]",
// e.g. "production 45/50 2025-2026", "өндүрүштүк 45/50", "ТФ-ТМ производственная 45/50".
// Only the shape is read here; whether the values are allowed is the use case's to say.
import { type PracticeKind, parsePracticeKind } from "./kinds.ts";

export interface PracticeLine {
  /** the words naming a unit (a dean or admin may name one first); "" when none */
  unit: string;
  /** the kind the words name; null when none does */
  kind: PracticeKind | null;
  /** the words that should have named the kind (for "unknown kind"); "" when there are none */
  kindText: string;
  /** the counts as typed ("45" and "50" of "45/50"); null when the line gives none */
  counts: { completed: string; assigned: string } | null;
  /** the year as typed ("2025-2026"); null when none */
  year: string | null;
}

/** "2025-2026", "2025/2026", "2025–26": a year, never counts. */
const YEAR = /^\d{4}[-–—/]\d{2,4}$/;
const COUNTS = /^([^/]*)\/([^/]*)$/;
/** A kind is one to three words ("диплом алды практикасы"). */
const MAX_KIND_WORDS = 3;

/** The kind at the end of the words (or, failing that, at their start), and the rest as the unit. */
function splitKind(words: readonly string[]): { unit: string; kind: PracticeKind | null } {
  for (let n = Math.min(MAX_KIND_WORDS, words.length); n >= 1; n--) {
    const kind = parsePracticeKind(words.slice(-n).join(" "));
    if (kind) return { unit: words.slice(0, -n).join(" "), kind };
  }
  for (let n = Math.min(MAX_KIND_WORDS, words.length - 1); n >= 1; n--) {
    const kind = parsePracticeKind(words.slice(0, n).join(" "));
    if (kind) return { unit: words.slice(n).join(" "), kind };
  }
  return { unit: "", kind: null };
}

/**
 * The parts of a one-line entry, or null when the text is not one (no counts and no kind:
 * "/practice ТФ 2019-2020" asks for the report). A kind without counts starts the dialogue.
 */
export function parsePracticeLine(text: string): PracticeLine | null {
  // "45 / 50" is one token; so is "2025 - 2026"
  const tokens = text
    .replace(/\s*\/\s*/g, "/")
    .replace(/(\d{4})\s*([-–—])\s*(\d{2,4})(?!\d)/g, "$1$2$3")
    .trim()
    .split(/\s+/)
    .filter(Boolean);
  let year: string | null = null;
  let counts: PracticeLine["counts"] = null;
  const words: string[] = [];
  for (const token of tokens) {
    const c = COUNTS.exec(token);
    if (YEAR.test(token)) year = token;
    else if (c && counts === null) counts = { completed: (c[1] as string).trim(), assigned: (c[2] as string).trim() };
    else words.push(token);
  }
  let { unit, kind } = splitKind(words);
  // counts written as people say them after the kind: "45 из 50", "45 of 50", "50дөн 45", "45 50"
  if (!counts && kind && unit) {
    const said = readCountsText(unit);
    const bare = /^([-+]?\d+)\s+([-+]?\d+)$/.exec(unit.trim());
    if (said && "completed" in said) [counts, unit] = [said, ""];
    else if (bare) [counts, unit] = [{ completed: bare[1] as string, assigned: bare[2] as string }, ""];
  }
  if (!counts && !kind) return null;
  return { unit, kind, kindText: kind ? "" : words.join(" "), counts, year };
}

/**
 * A count typed as people write it in the dialogue: "50", "50 студент", "45/50", "45 из 50",
 * "45 of 50", "50дөн 45", "50 студенттен 45". One number (with words around it) is that
 * count; two are completed and assigned. A sign is kept ("-1"), so it is refused, not dropped.
 */
export function readCountsText(text: string): { one: string } | { completed: string; assigned: string } | null {
  const t = text.trim().toLowerCase();
  const pair = /^([-+]?\d+)\s*(?:\/|из|of|out of)\s*([-+]?\d+)(?:\s+\p{L}+)*$/u.exec(t);
  if (pair) return { completed: pair[1] as string, assigned: pair[2] as string };
  // Kyrgyz: "50дөн 45", "50 студенттен 45" (the ablative on the number or on the word after it)
  const from =
    /^([-+]?\d+)\s*-?\s*(?:\p{L}*(?:дан|ден|дөн|дон|тан|тен|төн|тон|нан|нен|нөн|нон))\s+([-+]?\d+)(?:\s+\p{L}+)*$/u.exec(t);
  if (from) return { completed: from[2] as string, assigned: from[1] as string };
  const numbers = t.match(/[-+]?\d+(?:[.,]\d+)?/g) ?? [];
  const words = t.replace(/[-+]?\d+(?:[.,]\d+)?/g, " ").trim();
  // one number among words only ("50 студент", "students: 50"); anything else is not a count
  if (numbers.length === 1 && /^[\p{L}\s:.,]*$/u.test(words)) return { one: numbers[0] as string };
  return null;
}
