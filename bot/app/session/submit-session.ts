// Session figures typed in (DOMAIN.md §3) for one unit × form × course × year × term ×
// stage: checked (a unit the person may enter for, an academic year not after the current
// one, whole numbers, admitted ≤ enrolled, passed ≤ admitted), summarised with the metrics
// and the core's consistency flags before confirming, then stored as a new version with its
// audit line. Every refusal is audited.
import {
  COUNT_FIELDS,
  countFlags,
  courseSumFlags,
  type Flag,
  type Form,
  isLaterYear,
  type Metrics,
  metrics,
  NO_REPORTED,
  type Outcome,
  ok,
  type Problem,
  parseAcademicYear,
  problem,
  retakeFlags,
  type SessionCounts,
  type SessionResult,
  type Stage,
  type Term,
} from "../../../core/index.ts";
import type { WriteTally } from "../../../prisma/store/db.ts";
import { type DialogueClaim, DialogueClaimLost } from "../../../prisma/store/dialogues.ts";
import { methodologyOf } from "../../../prisma/store/institutions.ts";
import {
  loadSessionResults,
  saveSessionEntry,
  sessionResultVersions,
  sessionTarget,
} from "../../../prisma/store/session-results.ts";
import type { AppDeps } from "../deps.ts";
import { type Enterer, entryUnit, refuse } from "../entry/enterer.ts";
import { currentYear } from "../practice/submit-practice.ts";
import { missingCount, readSessionCount } from "./session-counts.ts";

export const SESSION_ACTION = "session.submit";

export interface SessionPeriod {
  year: string;
  term: Term;
  stage: Stage;
  form: Form;
  /** 1–6, or 0 for all courses */
  course: number;
}

export interface SessionDraft extends SessionPeriod {
  unit: string;
  counts: SessionCounts;
}

export interface SessionSummary extends SessionDraft {
  metrics: Metrics;
  /** what does not add up, in this result or against the unit's other stored results */
  flags: Flag[];
  /** the stored version this corrects */
  replaces: { version: number; counts: SessionCounts } | null;
  same: boolean;
  /** kept from the stored result (a report may keep a row out of its total) */
  countedInTotal: boolean;
}

export interface SavedSession {
  summary: SessionSummary;
  tally: WriteTally;
  version: number;
}

const resultOf = (d: SessionDraft, countedInTotal = true): SessionResult => ({
  unit: d.unit,
  unitKind: "faculty",
  year: d.year,
  term: d.term,
  stage: d.stage,
  form: d.form,
  course: d.course,
  countedInTotal,
  counts: d.counts,
  reported: NO_REPORTED,
});

/** Refuses (and audits) an attempt at a session result. */
export function refuseSession<T = never>(
  deps: AppDeps,
  who: Enterer,
  d: Partial<SessionDraft>,
  p: Problem,
  detail: Record<string, unknown> = {},
): Promise<Outcome<T>> {
  const target = sessionTarget({
    unit: d.unit ?? "?",
    year: d.year ?? "?",
    term: d.term ?? "?",
    stage: d.stage ?? "?",
    form: d.form ?? "?",
    course: d.course ?? 0,
  });
  return refuse<T>(deps, who, { action: SESSION_ACTION, target, detail: { ...d.counts, ...detail } }, p);
}

/** Impossible counts are entry errors (as in an imported file), not slips to flag. */
function countsProblem(c: SessionCounts): Problem | null {
  for (const field of COUNT_FIELDS) {
    const v = c[field];
    if (v !== null) {
      const read = readSessionCount(field, String(v));
      if (!read.ok) return read.problem;
    }
  }
  const missing = missingCount(c);
  if (missing) return missing;
  const { enrolled, admitted, passedAll } = c as Record<"enrolled" | "admitted" | "passedAll", number>;
  if (admitted > enrolled) return problem("admittedOverEnrolled", { admitted, enrolled });
  if (passedAll > admitted) return problem("passedOverAdmitted", { passed: passedAll, admitted });
  return null;
}

/** The summary of a result before it is stored, or why it cannot be (audited). */
export async function checkSession(deps: AppDeps, who: Enterer, d: SessionDraft): Promise<Outcome<SessionSummary>> {
  const unit = await entryUnit(deps, who, d.unit);
  if (!unit.ok) return refuseSession(deps, who, d, unit.problem);
  const year = parseAcademicYear(d.year);
  if (!year) return refuseSession(deps, who, d, problem("notAcademicYear", { year: d.year }));
  const now = currentYear(deps, who.institution);
  if (isLaterYear(year, now)) return refuseSession(deps, who, d, problem("practiceFutureYear", { year, current: now }));
  const wrong = countsProblem(d.counts);
  if (wrong) return refuseSession(deps, who, d, wrong);

  const m = methodologyOf(who.institution);
  const stored = await loadSessionResults(deps.db, who.institution.id, {
    years: [year],
    term: d.term,
    form: d.form,
    unitIds: [unit.value.id],
  });
  const same = (r: SessionResult) => r.stage === d.stage && r.course === d.course;
  const current = stored.find(same) ?? null;
  const draft = resultOf({ ...d, unit: unit.value.code, year });
  const rows = [...stored.filter((r) => !same(r)), draft];
  const flags = [
    ...countFlags(d.counts).map((f) => ({ ...f, unit: draft.unit, form: d.form, stage: d.stage })),
    ...retakeFlags(rows, m).filter((f) => (f.course ?? 0) === d.course),
    ...courseSumFlags(rows).filter((f) => f.stage === d.stage),
  ];
  const replaces = current ? { version: current.version, counts: current.counts } : null;
  // a typed result has no published figures: one that had them changes even with the same counts
  const bare = (r: typeof current) =>
    r !== null && Object.values(r.reported).every((v) => v === null) && !Object.keys(r.courseAbsolute).length;
  return ok({
    ...d,
    unit: unit.value.code,
    year,
    metrics: metrics(d.counts, m),
    flags,
    replaces,
    same: replaces !== null && COUNT_FIELDS.every((f) => replaces.counts[f] === d.counts[f]) && bare(current),
    countedInTotal: current?.countedInTotal ?? true,
  });
}

/** Checks again and stores a new version (nothing when it equals the stored one); `already` when the claim was taken. */
export async function submitSession(
  deps: AppDeps,
  who: Enterer,
  d: SessionDraft,
  options: { claim?: DialogueClaim; source?: string } = {},
): Promise<Outcome<SavedSession | "already">> {
  const summary = await checkSession(deps, who, d);
  if (!summary.ok) return summary;
  const s = summary.value;
  const unit = await entryUnit(deps, who, s.unit);
  if (!unit.ok) return refuseSession(deps, who, s, unit.problem);
  try {
    const tally = await saveSessionEntry(
      deps.db,
      who.institution.id,
      { unitId: unit.value.id, result: resultOf(s, s.countedInTotal) },
      {
        source: options.source ?? (who.chatId ? "chat" : "cli"),
        enteredBy: who.telegramId,
        chatId: who.chatId,
        at: deps.now(),
        action: SESSION_ACTION,
        detail: { previousVersion: s.replaces?.version ?? null, flags: s.flags.map((f) => f.code) },
        ...(options.claim ? { claim: options.claim } : {}),
      },
    );
    const { year, term, stage, form, course } = s;
    const versions = await sessionResultVersions(deps.db, unit.value.id, { year, term, stage, form, course });
    const current = versions.find((v) => v.supersededAt === null);
    return ok({ summary: s, tally, version: current?.version ?? 1 });
  } catch (e) {
    if (e instanceof DialogueClaimLost) return ok("already");
    throw e;
  }
}
