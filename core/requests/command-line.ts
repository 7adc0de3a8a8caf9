// The one-line request a requester types in the chat, in any order and in ky/ru/en:
//   /request practice 2025-2026 ЭФ 25.09.2026
//   /request практика 2025-2026 өндүрүштүк, дипломалды ЭФ, ТФ 25.09.2026
//   /request session 2025-2026 spring main ЭФ 30.06.2026
// A subject, a year and a deadline; kinds (practice) or term and stage (session); unit names
// (separated by commas) or none for the requester's whole scope; `lead:7,3,1` optionally.
import { parseAcademicYear } from "../practice/academic-year.ts";
import { type PracticeKind, parsePracticeKind } from "../practice/kinds.ts";
import type { Form, Stage, Term } from "../session/domain.ts";
import { fail, type Outcome, ok, problem } from "../shared/problem.ts";
import type { RequestSubject } from "./request.ts";
import { MAX_LEAD_DAYS, parseDay } from "./schedule.ts";

export interface RequestLine {
  subject: RequestSubject;
  year: string;
  /** null: not named (every kind) */
  kinds: PracticeKind[] | null;
  term: Term | null;
  stage: Stage | null;
  form: Form | null;
  /** "2026-09-25" */
  deadline: string;
  /** unit names as typed; none: the requester's whole scope */
  units: string[];
  leadDays: number[] | null;
}

type Word = { subject: RequestSubject } | { term: Term } | { stage: Stage } | { form: Form } | { filler: true };

/** Words of the line other than kinds, units, years and dates; lower case, ё as е. */
const WORDS: [RegExp, Word][] = [
  [/^(practice|practices|internship|практик\p{L}*)$/u, { subject: "practice" }],
  [/^(session|sessions|exams?|сесси\p{L}*)$/u, { subject: "session" }],
  [/^(spring|жазгы|весенн\p{L}*)$/u, { term: "spring" }],
  [/^(autumn|fall|күзгү|осенн\p{L}*)$/u, { term: "autumn" }],
  [/^(main|негизги|основн\p{L}*)$/u, { stage: "main" }],
  [/^(after-retakes|retakes?|fx|кайра|пересдач\p{L}*)$/u, { stage: "after-retakes" }],
  [/^(full-time|fulltime|күндүзгү|очн\p{L}*)$/u, { form: "full-time" }],
  [/^(part-time|parttime|сырттан|заочн\p{L}*)$/u, { form: "part-time" }],
  [
    /^(by|until|deadline|due|до|срок|чейин|мөөнөт\p{L}*|тапшыр\p{L}*|кийин\p{L}*|после|from|от|из|year|жыл\p{L}*|год\p{L}*)$/u,
    {
      filler: true,
    },
  ],
];

const DATE_LIKE = /^\d{1,4}[./-]\d{1,2}[./-]\d{1,4}$/;
const YEAR_LIKE = /^\d{4}\s*[-–—/]\s*\d{2,4}$/;
const LEAD = /^(lead|напомин\p{L}*|эскерт\p{L}*):(.*)$/u;

function wordOf(token: string): Word | null {
  const w = token.toLowerCase().replace(/ё/g, "е");
  return WORDS.find(([re]) => re.test(w))?.[1] ?? null;
}

interface Collected {
  subject?: RequestSubject;
  year?: string;
  deadline?: string;
  kinds: PracticeKind[];
  term?: Term;
  stage?: Stage;
  form?: Form;
  leadDays?: number[];
  /** unit words, a comma closing a name */
  unitWords: string[];
}

/** One token into what it says; a problem when it looks like a year or date and is none. */
function take(c: Collected, token: string): Outcome<void> {
  const year = parseAcademicYear(token);
  if (year) return set(c, "year", year, token);
  if (YEAR_LIKE.test(token) && !DATE_LIKE.test(token)) return fail(problem("requestBadYear", { value: token }));
  const day = parseDay(token);
  if (day) return set(c, "deadline", day, token);
  if (DATE_LIKE.test(token)) return fail(problem("requestBadDeadline", { value: token }));
  const lead = LEAD.exec(token);
  if (lead) {
    const days = (lead[2] as string).split(/[,;]/).filter(Boolean);
    if (!days.length || days.some((d) => !/^\d{1,3}$/.test(d)))
      return fail(problem("requestBadLead", { value: token, max: MAX_LEAD_DAYS }));
    c.leadDays = days.map(Number);
    return ok(undefined);
  }
  const word = wordOf(token);
  if (word && "subject" in word) return set(c, "subject", word.subject, token);
  if (word && "term" in word) return set(c, "term", word.term, token);
  if (word && "stage" in word) return set(c, "stage", word.stage, token);
  if (word && "form" in word) return set(c, "form", word.form, token);
  if (word) return ok(undefined);
  const kind = c.subject !== "session" ? parsePracticeKind(token) : null;
  if (kind) {
    if (!c.kinds.includes(kind)) c.kinds.push(kind);
    return ok(undefined);
  }
  c.unitWords.push(token);
  return ok(undefined);
}

function set<K extends "subject" | "year" | "deadline" | "term" | "stage" | "form">(
  c: Collected,
  key: K,
  value: NonNullable<Collected[K]>,
  token: string,
): Outcome<void> {
  if (c[key] !== undefined && c[key] !== value) return fail(problem("requestRepeated", { value: token }));
  c[key] = value;
  return ok(undefined);
}

/** Unit names: the leftover words in order, a comma ending one name. */
function unitNames(words: readonly string[]): string[] {
  return words
    .join(" ")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

export function parseRequestLine(text: string): Outcome<RequestLine> {
  // a comma ends a unit name (or a kind), except inside lead:7,3,1
  const tokens = text
    .split(/\s+/)
    .flatMap((t) => (LEAD.test(t) ? [t] : t.replace(/,/g, " , ").split(" ")))
    .filter((t) => t !== "");
  if (!tokens.length) return fail(problem("requestUsage"));
  const c: Collected = { kinds: [], unitWords: [] };
  // the subject decides whether a word is a practice kind: read it first
  const subject = tokens.map(wordOf).find((w): w is { subject: RequestSubject } => w !== null && "subject" in w);
  if (subject) c.subject = subject.subject;
  for (const token of tokens) {
    if (token === ",") {
      c.unitWords.push(",");
      continue;
    }
    const r = take(c, token);
    if (!r.ok) return r;
  }
  if (!c.subject) return fail(problem("requestUsage"));
  if (!c.year) return fail(problem("requestNoYear"));
  if (!c.deadline) return fail(problem("requestNoDeadline"));
  if (c.subject === "session" && (!c.term || !c.stage)) return fail(problem("requestNoPeriod"));
  return ok({
    subject: c.subject,
    year: c.year,
    kinds: c.subject === "practice" && c.kinds.length ? c.kinds : null,
    term: c.term ?? null,
    stage: c.stage ?? null,
    form: c.form ?? null,
    deadline: c.deadline,
    units: unitNames(c.unitWords),
    leadDays: c.leadDays ?? null,
  });
}
