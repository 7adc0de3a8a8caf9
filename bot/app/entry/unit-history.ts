// /history [unit]: every stored version of a unit's practice figures and session results —
// the figures, who gave them (name and username where the person is known), when, from which
// chat or file, and which version replaced them. Nothing is ever deleted, so this is the
// whole trail; the CLI's `sapat history` lists the session results in full.
import {
  can,
  canSeeUnit,
  fail,
  metrics,
  type Outcome,
  ok,
  practiceCountsRate,
  problem,
  type SessionCounts,
} from "../../../core/index.ts";
import { listUnits, methodologyOf } from "../../../prisma/store/institutions.ts";
import { practiceHistory } from "../../../prisma/store/practice.ts";
import { sessionResultVersions } from "../../../prisma/store/session-results.ts";
import { peopleByTelegramId } from "../../../prisma/store/users.ts";
import { authorize } from "../access/authorize.ts";
import type { Actor, AppDeps, Institution } from "../deps.ts";
import { resolveUnit } from "../structure/unit-names.ts";

/** One stored version, with who gave it. */
export interface VersionLine {
  /** the stored row's id (what /restore takes) */
  id: number;
  version: number;
  enteredBy: string;
  /** the person behind enteredBy, when it is a bound account */
  person: { firstName: string | null; username: string | null } | null;
  enteredAt: Date;
  chatId: string | null;
  /** "chat", "cli", a file's name, "restore:v<n>", "revert:v<n>" */
  source: string;
  supersededAt: Date | null;
  /** the version that replaced this one; null for the current one */
  replacedBy: number | null;
}

export interface PracticeLine extends VersionLine {
  year: string;
  kind: string;
  assigned: number;
  completed: number;
  rate: number | null;
}

export interface SessionLine extends VersionLine {
  year: string;
  term: string;
  stage: string;
  form: string;
  course: number;
  counts: SessionCounts;
  /** absolute achievement by the institution's methodology */
  absolute: number | null;
}

export interface UnitHistory {
  unit: string;
  /** newest year first, each figure's versions newest first */
  practice: PracticeLine[];
  session: SessionLine[];
  /** whether the asker may restore an earlier version */
  canRestore: boolean;
}

/** The version after each one of the same figure (versions come in any order). */
function replacedBy<T extends { version: number }>(lines: readonly T[], key: (l: T) => string): Map<T, number | null> {
  const versions = new Map<string, number[]>();
  for (const l of lines) versions.set(key(l), [...(versions.get(key(l)) ?? []), l.version]);
  return new Map(
    lines.map((l) => [l, (versions.get(key(l)) ?? []).filter((v) => v > l.version).sort((a, b) => a - b)[0] ?? null]),
  );
}

/** The unit asked for (or the asker's own), within what the asker may see. */
async function unitAsked(
  deps: AppDeps,
  actor: Actor,
  asked: string | undefined,
): Promise<Outcome<{ id: number; code: string; institution: Institution }>> {
  const asker = authorize(actor, undefined);
  if (!asker.ok) return asker;
  const { access, institution, unit: own } = asker.value;
  const units = await listUnits(deps.db, institution.id);
  let code = own;
  if (asked?.trim()) {
    const found = await resolveUnit(
      deps.db,
      institution.id,
      units.map((u) => u.code),
      asked.trim(),
      (c) => canSeeUnit(access, c),
    );
    if (!found.ok) return found;
    code = found.value;
  }
  if (code === null) return fail(problem("historyUnitMissing"));
  const allowed = authorize(actor, code);
  if (!allowed.ok) return allowed;
  const unit = units.find((u) => u.code === code);
  return unit ? ok({ id: unit.id, code: unit.code, institution }) : fail(problem("unknownUnit", { unit: code }));
}

export async function unitHistory(deps: AppDeps, actor: Actor, asked?: string): Promise<Outcome<UnitHistory>> {
  const unit = await unitAsked(deps, actor, asked);
  if (!unit.ok) return unit;
  const [practice, session] = await Promise.all([
    practiceHistory(deps.db, unit.value.id),
    sessionResultVersions(deps.db, unit.value.id),
  ]);
  const people = await peopleByTelegramId(
    deps.db,
    [...practice, ...session].map((v) => v.enteredBy),
  );
  const base = (v: {
    id: number;
    version: number;
    enteredBy: string;
    enteredAt: Date;
    chatId: string | null;
    source: string;
    supersededAt: Date | null;
  }) => ({
    id: v.id,
    version: v.version,
    enteredBy: v.enteredBy,
    person: people.get(v.enteredBy) ?? null,
    enteredAt: v.enteredAt,
    chatId: v.chatId,
    source: v.source,
    supersededAt: v.supersededAt,
  });
  const pNext = replacedBy(practice, (p) => `${p.year}|${p.kind}`);
  const sKey = (s: (typeof session)[number]) => [s.year, s.term, s.stage, s.form, s.course].join("|");
  const sNext = replacedBy(session, sKey);
  const methodology = methodologyOf(unit.value.institution);
  // newest first, as a person reads a trail
  const sessionLines = [...session].reverse().map((s) => ({
    ...base(s),
    replacedBy: sNext.get(s) ?? null,
    year: s.year,
    term: s.term,
    stage: s.stage,
    form: s.form,
    course: s.course,
    counts: s.counts,
    absolute: metrics(s.counts, methodology).absolute,
  }));
  return ok({
    unit: unit.value.code,
    practice: practice.map((p) => ({
      ...base(p),
      replacedBy: pNext.get(p) ?? null,
      year: p.year,
      kind: p.kind,
      assigned: p.assigned,
      completed: p.completed,
      rate: practiceCountsRate(p),
    })),
    session: sessionLines,
    canRestore: actor.access !== null && can(actor.access, "restoreVersions"),
  });
}
