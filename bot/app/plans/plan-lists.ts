// What the asker sees of action plans: the plans in his reach with their counts (open, done,
// overdue on a day), and items — of one plan or all — overdue, due within N days, or all, in
// the order one acts on them. A dean sees his faculty's items, a controller his plans, a
// responsible person his own items; the rest reads as not there.
import {
  actionOrder,
  countItemStates,
  dueWithin,
  fail,
  type ItemCounts,
  type ItemState,
  itemState,
  localDay,
  type Outcome,
  ok,
  overdueOn,
  problem,
} from "../../../core/index.ts";
import { institutionById, listUnits } from "../../../prisma/store/institutions.ts";
import { listPlans, planItems, planUsers, type StoredItem, type StoredPlan } from "../../../prisma/store/plans.ts";
import type { AppDeps } from "../deps.ts";
import { maySeeItem, type PlanActor, responsiblePeople } from "./plan-people.ts";

export interface SeenItem {
  plan: StoredPlan;
  item: StoredItem;
  state: ItemState;
  /** the Telegram ids responsible now */
  people: string[];
  /** whether the asker is one of them (may mark it done himself) */
  mine: boolean;
}

interface Seen {
  on: string;
  plans: StoredPlan[];
  items: SeenItem[];
}

/** The plans and items the asker may see, stated for `on` (default: today where the institution is). */
async function seen(deps: AppDeps, who: PlanActor, on: string | null, planId: number | null): Promise<Outcome<Seen>> {
  const inst = await institutionById(deps.db, who.institutionId);
  if (!inst) return fail(problem("planForbidden"));
  if (who.access.role === "student") return fail(problem("planForbidden"));
  const day = on ?? localDay(deps.now(), inst.timeZone);
  const all = await listPlans(deps.db, inst.id);
  const plans = planId === null ? all : all.filter((p) => p.id === planId);
  const [items, users, units] = await Promise.all([
    planItems(
      deps.db,
      inst.id,
      plans.map((p) => p.id),
    ),
    planUsers(deps.db, inst.id),
    listUnits(deps.db, inst.id),
  ]);
  const byId = new Map(plans.map((p) => [p.id, p]));
  const out: SeenItem[] = [];
  for (const item of items) {
    const plan = byId.get(item.planId) as StoredPlan;
    const people = responsiblePeople(item.responsible, users, units);
    if (!maySeeItem(who, plan, item, people)) continue;
    out.push({
      plan,
      item,
      state: itemState(item, day),
      people,
      mine: who.telegramId !== null && people.includes(who.telegramId),
    });
  }
  const visible = plans.filter((p) => out.some((i) => i.plan.id === p.id));
  if (planId !== null && !visible.length) return fail(problem("planNotFound", { id: planId }));
  return ok({ on: day, plans: visible, items: out });
}

export interface PlanSummary {
  plan: StoredPlan;
  counts: ItemCounts;
}

/** The plans in the asker's reach, newest first, with the counts of the items he sees. */
export async function plansInReach(
  deps: AppDeps,
  who: PlanActor,
  on: string | null = null,
): Promise<Outcome<{ on: string; plans: PlanSummary[] }>> {
  const s = await seen(deps, who, on, null);
  if (!s.ok) return s;
  const plans = s.value.plans.map((plan) => ({
    plan,
    counts: countItemStates(
      s.value.items.filter((i) => i.plan.id === plan.id).map((i) => i.item),
      s.value.on,
    ),
  }));
  return ok({ on: s.value.on, plans });
}

export interface ItemQuery {
  /** one plan, or all in reach */
  planId: number | null;
  on?: string | null;
  /** items with a stage due within this many days from `on` */
  dueWithinDays?: number | null;
  overdue?: boolean;
}

/** Items in reach: overdue on the day, due within N days, or all (overdue first, then soonest due, done last). */
export async function itemsInReach(
  deps: AppDeps,
  who: PlanActor,
  q: ItemQuery,
): Promise<Outcome<{ on: string; items: SeenItem[] }>> {
  const s = await seen(deps, who, q.on ?? null, q.planId);
  if (!s.ok) return s;
  const { on, items } = s.value;
  const view = (list: StoredItem[]) => list.map((it) => items.find((i) => i.item === it) as SeenItem);
  const plain = items.map((i) => i.item);
  if (q.overdue) return ok({ on, items: view(overdueOn(plain, on)) });
  if (q.dueWithinDays !== undefined && q.dueWithinDays !== null)
    return ok({ on, items: view(dueWithin(plain, on, q.dueWithinDays)) });
  return ok({ on, items: view(actionOrder(plain, on)) });
}
