// A practice figure typed in (DOMAIN.md §4): checked — whole numbers, completed ≤ assigned, a
// known kind, a unit the person may enter for, an academic year not after the current one —,
// shown with last year's rate and the figure it replaces, then stored as a new version with
// its audit line. The dialogue, the one-line /practice, the CLI and any later trigger all
// come through here; every refusal is audited.
import { z } from "zod";
import {
  academicYearAt,
  fail,
  isLaterYear,
  MAX_PRACTICE_COUNT,
  type Outcome,
  ok,
  PRACTICE_KINDS,
  type PracticeCounts,
  type PracticeKind,
  type PracticePreview,
  type Problem,
  parseAcademicYear,
  parsePracticeKind,
  practiceCountProblems,
  practiceCountsRate,
  practicePreview,
  previousYear,
  problem,
} from "../../../core/index.ts";
import type { WriteTally } from "../../../prisma/store/db.ts";
import { type DialogueClaim, DialogueClaimLost } from "../../../prisma/store/dialogues.ts";
import { currentPractice, practiceTarget, savePracticeEntry } from "../../../prisma/store/practice.ts";
import { loadFigures } from "../../../prisma/store/published.ts";
import type { AppDeps, Institution } from "../deps.ts";
import { type Enterer, entryUnit, refuse, type UnitChoice } from "../entry/enterer.ts";

export const PRACTICE_ACTION = "practice.submit";

/** What a person typed, before it is checked: any field may be wrong. */
export interface PracticeInput {
  /** a unit's code, name or alias; absent: the person's own unit */
  unit?: string | null;
  /** as typed ("2025-2026"); absent: the academic year in progress */
  year?: string | null;
  /** a kind, or the words typed for it */
  kind: string;
  assigned: string | number;
  completed: string | number;
}

/** A checked figure. */
export interface PracticeDraft extends PracticeCounts {
  unit: string;
  year: string;
  kind: PracticeKind;
}

/** What the person sees before confirming. */
export interface PracticeSummary extends PracticeDraft, PracticePreview {
  /** where last year's rate comes from: counts entered, or a rate as published (all kinds) */
  previousSource: "entered" | "published" | null;
  /** the stored figure already holds these counts: confirming changes nothing */
  same: boolean;
}

export interface SavedPractice {
  summary: PracticeSummary;
  tally: WriteTally;
  /** the version now current (the new one, or the stored one when nothing changed) */
  version: number;
}

const count = (field: "assigned" | "completed") =>
  z.union([z.number(), z.string()]).transform((v, ctx): number => {
    const text = String(v).trim();
    const n = /^\+?\d+$/.test(text) ? Number(text) : Number.NaN;
    const issue = Number.isSafeInteger(n)
      ? n > MAX_PRACTICE_COUNT
        ? problem("practiceTooLarge", { field, value: n, max: MAX_PRACTICE_COUNT })
        : null
      : problem("practiceNotCount", { field, value: text.slice(0, 32) });
    if (!issue) return n;
    ctx.addIssue({ code: "custom", message: JSON.stringify(issue) });
    return z.NEVER;
  });

/** One count as typed → a whole number of students, or why not. */
export function readCount(field: "assigned" | "completed", raw: string | number): Outcome<number> {
  const r = count(field).safeParse(raw);
  return r.success ? ok(r.data) : fail(JSON.parse(r.error.issues[0]?.message ?? "{}") as Problem);
}

/** A kind as typed ("өндүрүштүк", "production") → the kind, or why not. */
export function readKind(raw: string): Outcome<PracticeKind> {
  const text = raw.trim();
  if (!text) return fail(problem("practiceKindMissing"));
  const kind = (PRACTICE_KINDS as readonly string[]).includes(text) ? (text as PracticeKind) : parsePracticeKind(text);
  return kind ? ok(kind) : fail(problem("practiceUnknownKind", { kind: text.slice(0, 32) }));
}

/** The academic year in progress where the institution is. */
export function currentYear(deps: AppDeps, institution: Institution): string {
  return academicYearAt(deps.now(), institution.timeZone);
}

/** A year as typed, or the one in progress: an academic year, not after the current one. */
export function readYear(deps: AppDeps, institution: Institution, raw: string | null | undefined): Outcome<string> {
  const now = currentYear(deps, institution);
  if (raw === null || raw === undefined || raw.trim() === "") return ok(now);
  const year = parseAcademicYear(raw);
  if (!year) return fail(problem("notAcademicYear", { year: raw.trim().slice(0, 32) }));
  if (isLaterYear(year, now)) return fail(problem("practiceFutureYear", { year, current: now }));
  return ok(year);
}

/** The audit target of an attempt, with "?" for what is not known yet. */
const targetOf = (d: { unit?: string | null; year?: string | null; kind?: string | null }) =>
  practiceTarget({ unit: d.unit || "?", year: d.year || "?", kind: d.kind || "?" });

/** Refuses (and audits) an attempt at a practice figure. */
export function refusePractice<T = never>(
  deps: AppDeps,
  who: Enterer,
  what: { unit?: string | null; year?: string | null; kind?: string | null },
  p: Problem,
  detail: Record<string, unknown> = {},
): Promise<Outcome<T>> {
  return refuse<T>(deps, who, { action: PRACTICE_ACTION, target: targetOf(what), detail: { ...what, ...detail } }, p);
}

/** The unit of an input: the one named (within what the person may enter for), else their own. */
async function unitOf(deps: AppDeps, who: Enterer, named: string | null | undefined): Promise<Outcome<UnitChoice>> {
  if (named?.trim()) return entryUnit(deps, who, named);
  const own = who.access.scope.kind === "unit" ? who.access.scope.unit : null;
  return own ? entryUnit(deps, who, own) : fail(problem("entryUnitMissing"));
}

/** Everything checked: unit, kind, year (so a refusal names the figure it was about), then the counts. */
async function draftOf(deps: AppDeps, who: Enterer, input: PracticeInput): Promise<Outcome<PracticeDraft & { unitId: number }>> {
  const typed = { assigned: String(input.assigned).slice(0, 32), completed: String(input.completed).slice(0, 32) };
  const what = { unit: input.unit ?? null, year: input.year ?? null, kind: input.kind };
  const unit = await unitOf(deps, who, input.unit);
  if (!unit.ok) return refusePractice(deps, who, what, unit.problem, typed);
  const kind = readKind(input.kind);
  if (!kind.ok) return refusePractice(deps, who, { ...what, unit: unit.value.code }, kind.problem, typed);
  const year = readYear(deps, who.institution, input.year);
  const known = { unit: unit.value.code, kind: kind.value, year: year.ok ? year.value : what.year };
  if (!year.ok) return refusePractice(deps, who, known, year.problem, typed);
  const assigned = readCount("assigned", input.assigned);
  if (!assigned.ok) return refusePractice(deps, who, known, assigned.problem, typed);
  const completed = readCount("completed", input.completed);
  if (!completed.ok) return refusePractice(deps, who, known, completed.problem, typed);
  const counts = { assigned: assigned.value, completed: completed.value };
  const wrong = practiceCountProblems(counts)[0];
  if (wrong) return refusePractice(deps, who, known, wrong, typed);
  return ok({ unit: unit.value.code, unitId: unit.value.id, year: year.value, kind: kind.value, ...counts });
}

/** Last year's rate of the same kind (counts entered), else the unit's published rate of last year. */
async function lastYear(deps: AppDeps, who: Enterer, d: PracticeDraft & { unitId: number }) {
  const year = previousYear(d.year);
  if (!year) return { counts: null, rate: null, source: null };
  const entered = await currentPractice(deps.db, d.unitId, year, d.kind);
  if (entered) return { counts: entered, rate: practiceCountsRate(entered), source: "entered" as const };
  const [printed] = await loadFigures(deps.db, who.institution.id, "practice", { years: [year], unitIds: [d.unitId] });
  return printed
    ? { counts: null, rate: printed.value, source: "published" as const }
    : { counts: null, rate: null, source: null };
}

/** The summary of a figure before it is stored, or why it cannot be (audited). */
export async function checkPractice(deps: AppDeps, who: Enterer, input: PracticeInput): Promise<Outcome<PracticeSummary>> {
  const draft = await draftOf(deps, who, input);
  if (!draft.ok) return draft;
  const { unitId, ...d } = draft.value;
  const [stored, last] = await Promise.all([currentPractice(deps.db, unitId, d.year, d.kind), lastYear(deps, who, draft.value)]);
  const replaces = stored ? { assigned: stored.assigned, completed: stored.completed } : null;
  return ok({
    ...d,
    ...practicePreview(d, replaces, last),
    previousSource: last.source,
    same: replaces !== null && replaces.assigned === d.assigned && replaces.completed === d.completed,
  });
}

/** The local day a figure is "as of". */
function today(deps: AppDeps, institution: Institution): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: institution.timeZone }).format(deps.now());
}

/**
 * Checks the figure again (the person's scope may have changed since the summary) and stores
 * it: a new version, or nothing when it equals the stored one. With a claim, only the first
 * of several confirmations of one summary writes; the others get `already`.
 */
export async function submitPractice(
  deps: AppDeps,
  who: Enterer,
  input: PracticeInput,
  options: { claim?: DialogueClaim; source?: string } = {},
): Promise<Outcome<SavedPractice | "already">> {
  const summary = await checkPractice(deps, who, input);
  if (!summary.ok) return summary;
  const s = summary.value;
  const unit = await entryUnit(deps, who, s.unit);
  if (!unit.ok) return refusePractice(deps, who, s, unit.problem);
  try {
    const tally = await savePracticeEntry(
      deps.db,
      who.institution.id,
      {
        unit: s.unit,
        unitId: unit.value.id,
        year: s.year,
        kind: s.kind,
        assigned: s.assigned,
        completed: s.completed,
        asOf: today(deps, who.institution),
      },
      {
        source: options.source ?? (who.chatId ? "chat" : "cli"),
        enteredBy: who.telegramId,
        chatId: who.chatId,
        at: deps.now(),
        action: PRACTICE_ACTION,
        detail: { previous: s.replaces, rate: s.rate, unusual: s.unusual?.code ?? null },
        ...(options.claim ? { claim: options.claim } : {}),
      },
    );
    const current = await currentPractice(deps.db, unit.value.id, s.year, s.kind);
    return ok({ summary: s, tally, version: current?.version ?? 1 });
  } catch (e) {
    if (e instanceof DialogueClaimLost) return ok("already");
    throw e;
  }
}
