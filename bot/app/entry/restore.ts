// An earlier version made current again (an admin's correction of a correction): its figures
// are stored as a new version with source "restore:v<n>" — nothing is deleted — and the
// restore is audited, as is a refused one.
import { can, type Outcome, ok, problem } from "../../../core/index.ts";
import { currentPractice, practiceTarget, practiceVersion, savePracticeEntry } from "../../../prisma/store/practice.ts";
import {
  saveSessionEntry,
  sessionResultById,
  sessionResultVersions,
  sessionTarget,
} from "../../../prisma/store/session-results.ts";
import type { AppDeps } from "../deps.ts";
import { findUnit } from "../structure/institution.ts";
import { type Enterer, refuse } from "./enterer.ts";

export type VersionTable = "practice" | "session";

export interface Restored {
  table: VersionTable;
  /** what the figure is: "practice:ТФ-ТМ:2025-2026:production", "session:…" */
  target: string;
  /** the version brought back */
  version: number;
  /** the version it now is */
  newVersion: number;
  /** false when the current figures already equal the restored ones (nothing written) */
  changed: boolean;
}

/** "12" (a practice version) or "s12" (a session result's), as /restore takes it; null when malformed. */
export function parseVersionRef(text: string): { table: VersionTable; id: number } | null {
  const m = /^\s*#?([sp])?#?(\d{1,9})\s*$/i.exec(text);
  if (!m) return null;
  return { table: m[1]?.toLowerCase() === "s" ? "session" : "practice", id: Number(m[2]) };
}

export async function restoreVersion(
  deps: AppDeps,
  who: Enterer,
  ref: { table: VersionTable; id: number },
): Promise<Outcome<Restored>> {
  const action = `${ref.table}.restore`;
  return ref.table === "practice" ? restorePractice(deps, who, ref.id, action) : restoreSession(deps, who, ref.id, action);
}

/** Why this version cannot be restored by this person (the figure is looked up first, so the audit names it). */
function refusal(who: Enterer, v: { supersededAt: Date | null; version: number } | null, id: number | string) {
  if (!v) return problem("versionNotFound", { id });
  if (!can(who.access, "restoreVersions")) return problem("restoreForbidden");
  if (v.supersededAt === null) return problem("versionIsCurrent", { version: v.version });
  return null;
}

const meta = (deps: AppDeps, who: Enterer, action: string, version: number) => ({
  source: `restore:v${version}`,
  enteredBy: who.telegramId,
  chatId: who.chatId,
  at: deps.now(),
  action,
  detail: { restoredVersion: version },
});

async function restorePractice(deps: AppDeps, who: Enterer, id: number, action: string): Promise<Outcome<Restored>> {
  const v = await practiceVersion(deps.db, who.institution.id, id);
  const attempt = { action, target: v ? practiceTarget(v) : `practice:#${id}`, detail: { id } };
  const refused = refusal(who, v, id);
  if (refused || !v) return refuse(deps, who, attempt, refused ?? problem("versionNotFound", { id }));
  const unit = await findUnit(deps.db, who.institution.id, v.unit);
  if (!unit.ok) return refuse(deps, who, attempt, unit.problem);
  const asOf = new Intl.DateTimeFormat("en-CA", { timeZone: who.institution.timeZone }).format(deps.now());
  const tally = await savePracticeEntry(
    deps.db,
    who.institution.id,
    { unit: v.unit, unitId: unit.value.id, year: v.year, kind: v.kind, assigned: v.assigned, completed: v.completed, asOf },
    meta(deps, who, action, v.version),
  );
  const current = await currentPractice(deps.db, unit.value.id, v.year, v.kind);
  return ok({
    table: "practice",
    target: attempt.target,
    version: v.version,
    newVersion: current?.version ?? v.version,
    changed: tally.corrected + tally.added > 0,
  });
}

async function restoreSession(deps: AppDeps, who: Enterer, id: number, action: string): Promise<Outcome<Restored>> {
  const v = await sessionResultById(deps.db, who.institution.id, id);
  const attempt = { action, target: v ? sessionTarget(v) : `session:#${id}`, detail: { id } };
  const refused = refusal(who, v, `s${id}`);
  if (refused || !v) return refuse(deps, who, attempt, refused ?? problem("versionNotFound", { id: `s${id}` }));
  const unit = await findUnit(deps.db, who.institution.id, v.unit);
  if (!unit.ok) return refuse(deps, who, attempt, unit.problem);
  const tally = await saveSessionEntry(
    deps.db,
    who.institution.id,
    { unitId: unit.value.id, result: v, courseAbsolute: v.courseAbsolute },
    meta(deps, who, action, v.version),
  );
  const { year, term, stage, form, course } = v;
  const versions = await sessionResultVersions(deps.db, unit.value.id, { year, term, stage, form, course });
  return ok({
    table: "session",
    target: attempt.target,
    version: v.version,
    newVersion: versions.find((x) => x.supersededAt === null)?.version ?? v.version,
    changed: tally.corrected + tally.added > 0,
  });
}
