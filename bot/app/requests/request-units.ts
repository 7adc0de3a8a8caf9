// The units a request asks, from the names typed: each unit for every department below it
// (its leaves where it has none), or exactly the units listed; within the requester's scope.
import { effectiveScope, fail, type Outcome, ok, problem, responsibleUnits } from "../../../core/index.ts";
import { listUnits } from "../../../prisma/store/institutions.ts";
import type { Db } from "../deps.ts";
import { resolveUnit } from "../structure/unit-names.ts";
import type { Requester } from "./requester.ts";

export interface RequestUnits {
  /** the units asked for their departments; null for listed units or the whole institution */
  from: string[] | null;
  /** the responsible units' codes */
  units: string[];
}

export async function resolveRequestUnits(
  db: Db,
  who: Requester,
  names: readonly string[],
  listed: boolean,
): Promise<Outcome<RequestUnits>> {
  const tree = await listUnits(db, who.institutionId);
  const codes = tree.map((u) => u.code);
  const scope = effectiveScope(who.access);
  const inScope = (code: string) => scope.kind === "institution" || scope.units.includes(code);
  const asked: string[] = [];
  for (const name of names) {
    const r = await resolveUnit(db, who.institutionId, codes, name, inScope);
    if (!r.ok) return r;
    if (!inScope(r.value))
      return fail(problem("requestOutsideScope", { unit: r.value, scope: scope.kind === "unit" ? scope.unit : null }));
    if (!asked.includes(r.value)) asked.push(r.value);
  }
  if (listed) return asked.length ? ok({ from: null, units: asked }) : fail(problem("requestNoUnits", { unit: null }));
  // nothing named: the requester's whole scope (a dean's faculty, the institution)
  const roots = asked.length ? asked : scope.kind === "unit" ? [scope.unit] : null;
  const units = responsibleUnits(tree, roots);
  if (!units?.length) return fail(problem("requestNoUnits", { unit: roots?.join(", ") ?? null }));
  return ok({ from: roots, units });
}
