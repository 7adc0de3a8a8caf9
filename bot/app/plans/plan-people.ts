// Who an item's references are (resolved when a message goes out, so a head who joins after
// the plan was made is reminded too), and who may see or act on a plan or an item: admins
// and leaders all of them, a dean what lies in his faculty and the plans he made, the
// controller his plans, a responsible person his own items.
import { canSeeUnit, effectiveScope, type ResponsibleRef, subtreeCodes } from "../../../core/index.ts";
import type { Unit } from "../../../prisma/generated/client.ts";
import type { PlanUser, StoredItem, StoredPlan } from "../../../prisma/store/plans.ts";
import type { Requester } from "../requests/requester.ts";

/** Whoever acts on plans: the same shape as a data request's asker. */
export type PlanActor = Requester;

export const planCreator = (who: PlanActor): string => who.telegramId ?? "cli";

/** The Telegram ids an item's references name, each once, in the order the users are stored. */
export function responsiblePeople(refs: readonly ResponsibleRef[], users: readonly PlanUser[], units: readonly Unit[]): string[] {
  const below = (code: string) => new Set(subtreeCodes(units, code) ?? [code]);
  const out = new Set<string>();
  for (const ref of refs) {
    if (ref.kind === "user") {
      const u = users.find((x) => x.telegramId === ref.user || (x.username && `@${x.username}` === ref.user));
      if (u) out.add(u.telegramId);
      continue;
    }
    const scope = ref.kind === "role" ? (ref.unit ? below(ref.unit) : null) : new Set([ref.unit]);
    for (const u of users) {
      if (ref.kind === "role" && u.role !== ref.role) continue;
      if (ref.kind !== "role" && u.role !== "dean" && u.role !== "head") continue;
      if (scope && !(u.unit && scope.has(u.unit))) continue;
      out.add(u.telegramId);
    }
  }
  return users.map((u) => u.telegramId).filter((id) => out.has(id));
}

/** The units an item is about: its department and the units its references name. */
export function itemUnits(item: Pick<StoredItem, "unit" | "responsible">): string[] {
  const out = item.unit ? [item.unit] : [];
  for (const r of item.responsible) if (r.kind !== "user" && r.unit) out.push(r.unit);
  return [...new Set(out)];
}

const seesAll = (who: PlanActor) => who.access.role === "admin" || who.access.role === "leader";

/** Whether the asker controls or made the plan (a person; the CLI acting as the institution sees all). */
export function ownsPlan(who: PlanActor, plan: StoredPlan): boolean {
  return who.telegramId !== null && (plan.controllerId === who.telegramId || plan.createdBy === who.telegramId);
}

/** Whether the asker may see an item: all, his faculty's, his plans', or his own. */
export function maySeeItem(who: PlanActor, plan: StoredPlan, item: StoredItem, people: readonly string[]): boolean {
  if (seesAll(who) || ownsPlan(who, plan)) return true;
  if (who.telegramId && people.includes(who.telegramId)) return true;
  if (who.access.role !== "dean") return false;
  const units = itemUnits(item);
  return units.length > 0 && units.every((u) => canSeeUnit(who.access, u));
}

/** Whether the asker may mark an item done: whoever manages it, or a person responsible for it. */
export function mayMarkDone(who: PlanActor, plan: StoredPlan, item: StoredItem, people: readonly string[]): boolean {
  if (who.access.role === "admin" || ownsPlan(who, plan)) return true;
  if (who.telegramId && people.includes(who.telegramId)) return true;
  return who.access.role === "dean" && maySeeItem(who, plan, item, people);
}

/** Whether a unit named in a plan lies in what the asker may plan for (a dean: his faculty). */
export function mayPlanFor(who: PlanActor, unit: string): boolean {
  return effectiveScope(who.access).kind === "institution" || canSeeUnit(who.access, unit);
}

/** Who may make plans and add items: the quality department, leaders, deans. */
export const mayCreatePlans = (who: PlanActor) => seesAll(who) || who.access.role === "dean";
