// Who may type figures in (DOMAIN.md §1: "personal responsibility for the accuracy of the
// data entered") and for which units: a head his own unit, a dean any unit of his scope, an
// admin any unit. Every refused write is put on the audit log with its reason.
import {
  type Access,
  can,
  canSeeUnit,
  effectiveScope,
  fail,
  type Outcome,
  ok,
  type Problem,
  problem,
} from "../../../core/index.ts";
import { recordAudit } from "../../../prisma/store/audit.ts";
import { retryBusy } from "../../../prisma/store/db.ts";
import { listUnits } from "../../../prisma/store/institutions.ts";
import type { Actor, AppDeps, Institution } from "../deps.ts";
import { resolveUnit } from "../structure/unit-names.ts";

/** A person typing figures in, where from. */
export interface Enterer {
  access: Access;
  institution: Institution;
  /** Telegram id, or "cli:<user>" */
  telegramId: string;
  /** the chat it is typed in; null for the CLI */
  chatId: string | null;
}

/** One unit a person may enter figures for. */
export interface UnitChoice {
  id: number;
  code: string;
}

/** The enterer for an actor: strangers are asked for an invite, roles that do not enter figures refused (and audited). */
export async function entererOf(
  deps: AppDeps,
  actor: Actor,
  from: { telegramId: string; chatId: string | null },
  action: string,
): Promise<Outcome<Enterer>> {
  const { access, institution } = actor;
  if (!access || !institution) return fail(problem("needInvite"));
  const who: Enterer = { access, institution, ...from };
  if (!can(access, "enterFigures"))
    return refuse(deps, who, { action, target: action.split(".")[0] ?? action }, problem("entryForbidden"));
  return ok(who);
}

/** What a refused write was about, for its audit line. */
export interface Attempt {
  action: string;
  target: string;
  detail?: Record<string, unknown>;
}

/** Records a refused write with its reason, and returns the refusal. */
export async function refuse<T = never>(deps: AppDeps, who: Enterer, attempt: Attempt, p: Problem): Promise<Outcome<T>> {
  await retryBusy(() =>
    recordAudit(deps.db, {
      institutionId: who.institution.id,
      at: deps.now(),
      actor: who.telegramId,
      chatId: who.chatId,
      action: attempt.action,
      target: attempt.target,
      outcome: "refused",
      reason: p.code,
      detail: { ...attempt.detail, ...p.params },
    }),
  );
  return fail(p);
}

/** Whether a person may enter figures for a unit: a head his own, a dean his scope, an admin any. */
function mayEnter(access: Access, code: string): boolean {
  if (access.role === "head") return access.scope.kind === "unit" && access.scope.unit === code;
  return can(access, "enterFigures") && canSeeUnit(access, code);
}

/** The units a person may enter figures for, in the order they were created (the faculty before its departments). */
export async function entryUnits(deps: AppDeps, who: Enterer): Promise<UnitChoice[]> {
  const units = await listUnits(deps.db, who.institution.id);
  return units.filter((u) => mayEnter(who.access, u.code)).map((u) => ({ id: u.id, code: u.code }));
}

/** A typed unit (code, name or alias) the person may enter figures for, or why not. */
export async function entryUnit(deps: AppDeps, who: Enterer, asked: string): Promise<Outcome<UnitChoice>> {
  const units = await listUnits(deps.db, who.institution.id);
  const code = await resolveUnit(
    deps.db,
    who.institution.id,
    units.map((u) => u.code),
    asked.trim(),
    (c) => mayEnter(who.access, c),
  );
  if (!code.ok) return code;
  const unit = units.find((u) => u.code === code.value);
  if (!unit) return fail(problem("unknownUnit", { unit: asked }));
  if (!mayEnter(who.access, unit.code)) {
    const scope = effectiveScope(who.access);
    return fail(problem("entryDenied", { unit: unit.code, scope: scope.kind === "unit" ? scope.unit : null }));
  }
  return ok({ id: unit.id, code: unit.code });
}

/** The unit by id (a button's), if the person may enter figures for it. */
export async function entryUnitById(deps: AppDeps, who: Enterer, id: number): Promise<UnitChoice | null> {
  return (await entryUnits(deps, who)).find((u) => u.id === id) ?? null;
}

/** The person's own unit when it is the only one they may enter for (a head); else null (they choose). */
export function onlyUnit(units: readonly UnitChoice[]): UnitChoice | null {
  return units.length === 1 ? (units[0] as UnitChoice) : null;
}
