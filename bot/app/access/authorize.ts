// The one scope check every read goes through: who may see which unit's figures.
import { type Access, fail, type Outcome, ok, problem, resolveRequest } from "../../../core/index.ts";
import type { Actor, Institution } from "../deps.ts";

export interface Authorized {
  access: Access;
  institution: Institution;
  /** the unit the answer may cover; null = the whole institution */
  unit: string | null;
}

/**
 * The unit a request may cover, or the problem why not. `requested` is a unit code, null
 * the whole institution, undefined "my own scope".
 */
export function authorize(actor: Actor, requested: string | null | undefined): Outcome<Authorized> {
  const { access, institution } = actor;
  if (!access || !institution) return fail(problem("needInvite"));
  const r = resolveRequest(access, requested);
  if (r.ok) return ok({ access, institution, unit: r.unit });
  if (r.reason === "forbidden") return fail(problem("forbidden"));
  return fail(problem("denied", { unit: r.unit, scope: access.scope.kind === "unit" ? access.scope.unit : null }));
}
