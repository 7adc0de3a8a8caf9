// The units a request asks, from the names typed: each unit for every department below it
// (its leaves where it has none), or exactly the units listed; within the requester's scope.
import {
  closestUnits,
  effectiveScope,
  fail,
  matchUnit,
  type Outcome,
  ok,
  problem,
  responsibleUnits,
  tokens,
  type UnitName,
} from "../../../core/index.ts";
import { listUnits } from "../../../prisma/store/institutions.ts";
import type { Db } from "../deps.ts";
import { unitNames } from "../structure/unit-names.ts";
import type { Requester } from "./requester.ts";

export interface RequestUnits {
  /** the units asked for their departments; null for listed units or the whole institution */
  from: string[] | null;
  /** the responsible units' codes */
  units: string[];
}

/**
 * The unit a name is, the whole name: "ЭФ-9" is not ЭФ (a sentence may name a unit among
 * other words; a request's unit list may not, or a typo would ask a whole faculty).
 */
function wholeUnit(codes: readonly string[], names: readonly UnitName[], asked: string, visible: (code: string) => boolean) {
  if (codes.includes(asked)) return ok(asked);
  const toks = tokens(asked);
  const m = matchUnit(toks, names);
  if (m && m.first === 0 && m.last === toks.length) return ok(m.code);
  const closest = closestUnits(
    asked,
    names.filter((n) => visible(n.code)),
  );
  return fail<string>(
    closest.length
      ? problem("unknownUnitClosest", { unit: asked, closest: closest.join(", ") })
      : problem("unknownUnit", { unit: asked }),
  );
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
  const known = names.every((n) => codes.includes(n)) ? [] : await unitNames(db, who.institutionId);
  for (const name of names) {
    const r = wholeUnit(codes, known, name, inScope);
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
