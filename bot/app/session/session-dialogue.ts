// Session figures step by step: (unit) → the session (year, term, stage, form, course: buttons
// with the current year and term chosen) → the counts (one line in report order, one at a
// time, or by name) → summary with the metrics and flags → confirm. The state lives in the
// Dialogue table, as the practice entry's does; a wrong value is refused (audited) and the
// step stays.
import { z } from "zod";
import {
  COUNT_FIELDS,
  FORMS,
  type Form,
  type Outcome,
  ok,
  type Problem,
  parseAcademicYear,
  previousYear,
  STAGES,
  type Stage,
  TERMS,
  type Term,
  termAt,
} from "../../../core/index.ts";
import type { AppDeps } from "../deps.ts";
import { dropDialogue, loadDialogue, newToken, storeDialogue } from "../entry/dialogue.ts";
import { type Enterer, entryUnit, entryUnitById, entryUnits, onlyUnit, type UnitChoice } from "../entry/enterer.ts";
import { currentYear, readYear } from "../practice/submit-practice.ts";
import { applyCountsLine, missingCount, noCounts } from "./session-counts.ts";
import { checkSession, refuseSession, type SavedSession, type SessionSummary, submitSession } from "./submit-session.ts";

export const SESSION_STEPS = ["unit", "period", "counts", "summary"] as const;
export type SessionStep = (typeof SESSION_STEPS)[number];

const count = z.number().int().min(0).nullable();
const stateSchema = z.object({
  token: z.string().min(1).max(16),
  unit: z.string().nullable(),
  year: z.string(),
  term: z.enum(TERMS),
  stage: z.enum(STAGES),
  form: z.enum(FORMS),
  course: z.number().int().min(0).max(6),
  periodDone: z.boolean(),
  counts: z.object(
    Object.fromEntries(COUNT_FIELDS.map((f) => [f, count])) as Record<(typeof COUNT_FIELDS)[number], typeof count>,
  ),
  cursor: z.number().int().min(0).max(COUNT_FIELDS.length),
  countsDone: z.boolean(),
});
export type SessionState = z.infer<typeof stateSchema>;

/** The step a state waits on. */
export function sessionStep(s: SessionState): SessionStep {
  if (s.unit === null) return "unit";
  if (!s.periodDone) return "period";
  if (!s.countsDone) return "counts";
  return "summary";
}

export interface SessionView {
  step: SessionStep;
  state: SessionState;
  units: UnitChoice[];
  /** the years the period step offers */
  years: string[];
  summary: SessionSummary | null;
  problem: Problem | null;
}

export type SessionReply =
  | { kind: "view"; view: SessionView }
  | { kind: "saved"; saved: SavedSession }
  | { kind: "already" }
  | { kind: "cancelled" }
  | { kind: "stale" };

const load = (deps: AppDeps, who: Enterer) => loadDialogue(deps, who.chatId ?? "", "session", SESSION_STEPS, stateSchema);

const draftOf = (s: SessionState) => ({
  unit: s.unit ?? "",
  year: s.year,
  term: s.term,
  stage: s.stage,
  form: s.form,
  course: s.course,
  counts: s.counts,
});

async function show(deps: AppDeps, who: Enterer, state: SessionState, refused: Problem | null = null): Promise<SessionReply> {
  let s = state;
  let summary: SessionSummary | null = null;
  let shown = refused;
  if (sessionStep(s) === "summary") {
    const checked = await checkSession(deps, who, draftOf(s));
    if (checked.ok) summary = checked.value;
    else {
      // admitted over enrolled, a count missing …: back to the counts (a new line starts over, a name corrects one)
      s = { ...s, countsDone: false, cursor: 0 };
      shown = checked.problem;
    }
  }
  const step = sessionStep(s);
  await storeDialogue(deps, who.chatId ?? "", "session", step, s);
  const units = step === "unit" ? await entryUnits(deps, who) : [];
  const current = currentYear(deps, who.institution);
  const years = [...new Set([current, previousYear(current) ?? current, s.year])];
  return { kind: "view", view: { step, state: s, units, years, summary, problem: shown } };
}

export interface SessionStart {
  unit?: string | null;
  year?: string | null;
  term?: Term;
  stage?: Stage;
  form?: Form;
}

/** A new session entry in this chat (in place of any other), with the current year and term chosen. */
export async function startSessionEntry(deps: AppDeps, who: Enterer, start: SessionStart = {}): Promise<Outcome<SessionReply>> {
  const what = { unit: start.unit ?? undefined, year: start.year ?? undefined };
  const year = readYear(deps, who.institution, start.year);
  if (!year.ok) return refuseSession(deps, who, what, year.problem);
  let unit: UnitChoice | null = onlyUnit(await entryUnits(deps, who));
  if (start.unit) {
    const named = await entryUnit(deps, who, start.unit);
    if (!named.ok) return refuseSession(deps, who, what, named.problem);
    unit = named.value;
  }
  const state: SessionState = {
    token: newToken(),
    unit: unit?.code ?? null,
    year: year.value,
    term: start.term ?? termAt(deps.now(), who.institution.timeZone),
    stage: start.stage ?? "main",
    form: start.form ?? "full-time",
    course: 0,
    periodDone: false,
    ...noCounts(),
    countsDone: false,
  };
  return ok(await show(deps, who, state));
}

export async function resumeSessionEntry(deps: AppDeps, who: Enterer): Promise<SessionReply | null> {
  const d = await load(deps, who);
  return d ? show(deps, who, d.state) : null;
}

/** Typed text for the step the entry waits on; null when the chat has no session entry in progress. */
export async function sessionText(deps: AppDeps, who: Enterer, text: string): Promise<SessionReply | null> {
  const d = await load(deps, who);
  if (!d) return null;
  const s = d.state;
  const refused = async (p: Problem) => {
    await refuseSession(deps, who, draftOf(s), p, { step: d.step, value: text.slice(0, 100) });
    return show(deps, who, s, p);
  };
  if (d.step === "unit") {
    const unit = await entryUnit(deps, who, text);
    return unit.ok ? show(deps, who, { ...s, unit: unit.value.code }) : refused(unit.problem);
  }
  const atSummary = d.step === "summary";
  // a line of several numbers from the start (or at the summary) is the whole entry again;
  // one number goes on from where the entry stands; names correct single counts. Counts
  // typed at the session card take the session as chosen.
  const whole = /^\s*[-+\d—]/.test(text) && text.trim().split(/[\s,;]+/).length > 1 && (atSummary || s.cursor === 0);
  const from = whole ? noCounts() : { counts: s.counts, cursor: atSummary ? 0 : s.cursor };
  const applied = applyCountsLine(from, text);
  if (!applied.ok) return refused(applied.problem);
  const { counts, cursor, finished } = applied.value;
  return show(deps, who, { ...s, periodDone: true, counts, cursor, countsDone: atSummary || finished });
}

/** /done at the counts: the rest stays empty, on to the summary (once the counts it needs are there). */
export async function finishCounts(deps: AppDeps, who: Enterer): Promise<SessionReply | null> {
  const d = await load(deps, who);
  if (d?.step !== "counts") return null;
  const missing = missingCount(d.state.counts);
  return show(deps, who, missing ? d.state : { ...d.state, countsDone: true }, missing);
}

export type SessionPress =
  | { op: "unit"; unitId: number }
  | { op: "year"; year: string }
  | { op: "term"; term: Term }
  | { op: "stage"; stage: Stage }
  | { op: "form"; form: Form }
  | { op: "course"; course: number }
  | { op: "next" | "confirm" | "edit" | "cancel" };

export async function sessionPress(
  deps: AppDeps,
  who: Enterer,
  token: string,
  press: SessionPress,
): Promise<Outcome<SessionReply>> {
  const d = await load(deps, who);
  if (!d || d.state.token !== token) return ok({ kind: "stale" });
  const s = d.state;
  const onPeriod = d.step === "period";
  switch (press.op) {
    case "unit": {
      const unit = d.step === "unit" ? await entryUnitById(deps, who, press.unitId) : null;
      return ok(unit ? await show(deps, who, { ...s, unit: unit.code }) : { kind: "stale" });
    }
    case "year": {
      const year = parseAcademicYear(press.year) ? readYear(deps, who.institution, press.year) : null;
      return ok(onPeriod && year?.ok ? await show(deps, who, { ...s, year: year.value }) : { kind: "stale" });
    }
    case "term":
    case "stage":
    case "form":
    case "course": {
      const { op, ...value } = press;
      return ok(onPeriod ? await show(deps, who, { ...s, ...value }) : { kind: "stale" });
    }
    case "next":
      return ok(onPeriod ? await show(deps, who, { ...s, periodDone: true, cursor: 0 }) : { kind: "stale" });
    case "edit":
      return ok(await show(deps, who, { ...s, periodDone: false, countsDone: false, cursor: 0 }));
    case "cancel":
      await dropDialogue(deps, who.chatId ?? "");
      return ok({ kind: "cancelled" });
    case "confirm": {
      if (d.step !== "summary") return ok({ kind: "stale" });
      const saved = await submitSession(deps, who, draftOf(s), { claim: d.claim });
      if (!saved.ok) return saved;
      return ok(saved.value === "already" ? { kind: "already" } : { kind: "saved", saved: saved.value });
    }
  }
}
