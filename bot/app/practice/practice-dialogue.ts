// The practice entry step by step: (unit) → kind → assigned → completed → summary → confirm.
// The state lives in the Dialogue table, so a restart or a second bot process continues it;
// a wrong value is refused (and audited) and the dialogue stays on its step. Every button
// carries the dialogue's token: a button of an earlier dialogue, or a second press of
// Confirm, saves nothing.
import { z } from "zod";
import {
  fail,
  type Outcome,
  ok,
  PRACTICE_KINDS,
  type Problem,
  previousYear,
  problem,
  readCountsText,
} from "../../../core/index.ts";
import type { AppDeps } from "../deps.ts";
import { dropDialogue, type Loaded, loadDialogue, newToken, storeDialogue } from "../entry/dialogue.ts";
import { type Enterer, entryUnit, entryUnitById, entryUnits, onlyUnit, type UnitChoice } from "../entry/enterer.ts";
import {
  checkPractice,
  currentYear,
  type PracticeSummary,
  readCount,
  readKind,
  readYear,
  refusePractice,
  type SavedPractice,
  submitPractice,
} from "./submit-practice.ts";

export const PRACTICE_STEPS = ["unit", "kind", "assigned", "completed", "summary"] as const;
export type PracticeStep = (typeof PRACTICE_STEPS)[number];

const stateSchema = z.object({
  token: z.string().min(1).max(16),
  year: z.string(),
  /** a request's button names the year: no year buttons then */
  yearFixed: z.boolean(),
  unit: z.string().nullable(),
  kind: z.enum(PRACTICE_KINDS).nullable(),
  assigned: z.number().int().nullable(),
  completed: z.number().int().nullable(),
});
export type PracticeState = z.infer<typeof stateSchema>;

/** The step a state waits on: the first thing still missing. */
export function practiceStep(s: PracticeState): PracticeStep {
  if (s.unit === null) return "unit";
  if (s.kind === null) return "kind";
  if (s.assigned === null) return "assigned";
  if (s.completed === null) return "completed";
  return "summary";
}

/** What the person is shown: the step, what it offers, and what was wrong with the last input. */
export interface PracticeView {
  step: PracticeStep;
  state: PracticeState;
  /** the unit step's choices */
  units: UnitChoice[];
  /** the kind step's years to switch between (none when a request fixed it) */
  years: string[];
  summary: PracticeSummary | null;
  /** the last input, refused: the step stays */
  problem: Problem | null;
}

export type PracticeReply =
  | { kind: "view"; view: PracticeView }
  | { kind: "saved"; saved: SavedPractice }
  /** Confirm pressed again: saved once already */
  | { kind: "already" }
  | { kind: "cancelled" }
  /** a button of a dialogue that is over or was replaced */
  | { kind: "stale" };

type Dialogue = Loaded<PracticeStep, PracticeState>;

const load = (deps: AppDeps, who: Enterer) => loadDialogue(deps, who.chatId ?? "", "practice", PRACTICE_STEPS, stateSchema);

const inputOf = (s: PracticeState) => ({
  unit: s.unit,
  year: s.year,
  kind: s.kind ?? "",
  assigned: s.assigned ?? "",
  completed: s.completed ?? "",
});

/** Stores the state at the step it waits on and says what to show (the summary checked and loaded). */
async function show(deps: AppDeps, who: Enterer, state: PracticeState, refused: Problem | null = null): Promise<PracticeReply> {
  let step = practiceStep(state);
  let summary: PracticeSummary | null = null;
  let shown = refused;
  if (step === "summary") {
    const checked = await checkPractice(deps, who, inputOf(state));
    if (checked.ok) summary = checked.value;
    else {
      // e.g. 51 of 50: the completed count is asked again
      state = { ...state, completed: null };
      step = practiceStep(state);
      shown = checked.problem;
    }
  }
  await storeDialogue(deps, who.chatId ?? "", "practice", step, state);
  const units = step === "unit" ? await entryUnits(deps, who) : [];
  const current = currentYear(deps, who.institution);
  const years = step === "kind" && !state.yearFixed ? [current, previousYear(current) ?? current] : [];
  return { kind: "view", view: { step, state, units, years, summary, problem: shown } };
}

export interface PracticeStart {
  /** as typed or as a request's button gives it */
  year?: string | null;
  kind?: string | null;
  unit?: string | null;
  /** the one-line entry's counts: straight to the summary */
  counts?: { assigned: string; completed: string } | null;
}

/**
 * A new practice entry in this chat (in place of any other): what was given is checked and
 * filled in, and the first step still open is asked. A one-line entry with counts goes
 * straight to the summary; a wrong value there is refused and no dialogue is left behind.
 */
export async function startPracticeEntry(deps: AppDeps, who: Enterer, start: PracticeStart): Promise<Outcome<PracticeReply>> {
  const what = { unit: start.unit ?? null, year: start.year ?? null, kind: start.kind ?? null };
  if (start.counts) {
    const input = { ...what, kind: start.kind ?? "", ...start.counts };
    const summary = await checkPractice(deps, who, input);
    if (!summary.ok) return summary;
    const { unit, year, kind, assigned, completed } = summary.value;
    const state = { token: newToken(), year, yearFixed: true, unit, kind, assigned, completed };
    return ok(await show(deps, who, state));
  }
  const year = readYear(deps, who.institution, start.year);
  if (!year.ok) return refusePractice(deps, who, what, year.problem);
  let unit: UnitChoice | null = onlyUnit(await entryUnits(deps, who));
  if (start.unit) {
    const named = await entryUnit(deps, who, start.unit);
    if (!named.ok) return refusePractice(deps, who, what, named.problem);
    unit = named.value;
  }
  const kind = start.kind ? readKind(start.kind) : null;
  if (kind && !kind.ok) return refusePractice(deps, who, { ...what, unit: unit?.code ?? null }, kind.problem);
  const state: PracticeState = {
    token: newToken(),
    year: year.value,
    yearFixed: Boolean(start.year),
    unit: unit?.code ?? null,
    kind: kind?.value ?? null,
    assigned: null,
    completed: null,
  };
  return ok(await show(deps, who, state));
}

/** The entry in progress, as it stands (a bare /submit picks it up); null when there is none. */
export async function resumePracticeEntry(deps: AppDeps, who: Enterer): Promise<PracticeReply | null> {
  const d = await load(deps, who);
  return d ? show(deps, who, d.state) : null;
}

/** A typed value for the step the entry waits on; null when this chat has no practice entry in progress. */
export async function practiceText(deps: AppDeps, who: Enterer, text: string): Promise<PracticeReply | null> {
  const d = await load(deps, who);
  if (!d) return null;
  const s = d.state;
  const refused = async (p: Problem, value: string) => {
    await refusePractice(deps, who, { unit: s.unit, year: s.year, kind: s.kind }, p, { step: d.step, value: value.slice(0, 64) });
    return show(deps, who, s, p);
  };
  switch (d.step) {
    case "unit": {
      const unit = await entryUnit(deps, who, text);
      return unit.ok ? show(deps, who, { ...s, unit: unit.value.code }) : refused(unit.problem, text);
    }
    case "kind": {
      const kind = readKind(text);
      return kind.ok ? show(deps, who, { ...s, kind: kind.value }) : refused(kind.problem, text);
    }
    default:
      return countsText(deps, who, d.step, s, text, refused);
  }
}

/** A count ("50", "50 студент"), or both at once ("45/50", "45 из 50") at any count step or the summary. */
async function countsText(
  deps: AppDeps,
  who: Enterer,
  step: "assigned" | "completed" | "summary",
  s: PracticeState,
  text: string,
  refused: (p: Problem, value: string) => Promise<PracticeReply>,
): Promise<PracticeReply> {
  const read = readCountsText(text);
  if (read && "assigned" in read) {
    const completed = readCount("completed", read.completed);
    if (!completed.ok) return refused(completed.problem, text);
    const assigned = readCount("assigned", read.assigned);
    if (!assigned.ok) return refused(assigned.problem, text);
    return show(deps, who, { ...s, assigned: assigned.value, completed: completed.value });
  }
  if (step === "summary") return show(deps, who, s, problem("entryUseButtons"));
  const n = readCount(step, read ? read.one : text);
  return n.ok ? show(deps, who, { ...s, [step]: n.value }) : refused(n.problem, text);
}

export type PracticePress =
  | { op: "unit"; unitId: number }
  | { op: "kind"; kind: string }
  | { op: "year"; year: string }
  | { op: "confirm" | "edit" | "cancel" };

/** A button of the dialogue whose token it carries. */
export async function practicePress(
  deps: AppDeps,
  who: Enterer,
  token: string,
  press: PracticePress,
): Promise<Outcome<PracticeReply>> {
  const d = await load(deps, who);
  if (!d || d.state.token !== token) return ok({ kind: "stale" });
  const s = d.state;
  switch (press.op) {
    case "unit": {
      const unit = d.step === "unit" ? await entryUnitById(deps, who, press.unitId) : null;
      return ok(unit ? await show(deps, who, { ...s, unit: unit.code }) : { kind: "stale" });
    }
    case "kind": {
      const kind = readKind(press.kind);
      return ok(kind.ok && d.step === "kind" ? await show(deps, who, { ...s, kind: kind.value }) : { kind: "stale" });
    }
    case "year": {
      const year = readYear(deps, who.institution, press.year);
      if (!year.ok || s.yearFixed) return ok({ kind: "stale" });
      return ok(await show(deps, who, { ...s, year: year.value }));
    }
    case "edit":
      return ok(await show(deps, who, { ...s, kind: null, assigned: null, completed: null }));
    case "cancel":
      await dropDialogue(deps, who.chatId ?? "");
      return ok({ kind: "cancelled" });
    case "confirm":
      return confirm(deps, who, d);
  }
}

async function confirm(deps: AppDeps, who: Enterer, d: Dialogue): Promise<Outcome<PracticeReply>> {
  if (d.step !== "summary") return ok({ kind: "stale" });
  const saved = await submitPractice(deps, who, inputOf(d.state), { claim: d.claim });
  if (!saved.ok) return fail(saved.problem);
  return ok(saved.value === "already" ? { kind: "already" } : { kind: "saved", saved: saved.value });
}
