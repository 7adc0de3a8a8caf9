// Action plans in words, for the bot and the CLI alike: a plan with its counts, an item with
// its deadline and state, a preview before writing. Days as users write them ("30.09.2026").
import { formatDay, type ItemCounts, type ItemState } from "../../core/index.ts";
import type { Wording } from "./requests.ts";

/** The plan and item shapes the wording needs (the stored ones satisfy them). */
export interface PlanWords {
  id: number;
  title: string;
  source: string | null;
  controllerText: string;
}
export interface StageWords {
  position: number;
  label: string | null;
  from: string | null;
  due: string;
  done: boolean;
}
export interface ItemWords {
  id?: number;
  number: string;
  text: string;
  unit: string | null;
  stages: readonly StageWords[];
}

/** "20.09.2026", "16.11.2026–20.11.2026", "schedule 20.09.2026 ✓; final report 10.06.2027". */
export function stagesText(stages: readonly StageWords[]): string {
  return stages
    .map((s) => {
      const day = s.from ? `${formatDay(s.from)}–${formatDay(s.due)}` : formatDay(s.due);
      const label = s.label ? `${s.label} ` : "";
      return `${label}${day}${stages.length > 1 && s.done ? " ✓" : ""}`;
    })
    .join("; ");
}

export function countsText(w: Wording, c: ItemCounts): string {
  return w.t("plans.counts", { total: c.total, open: c.open, done: c.done, overdue: c.overdue });
}

export function planLine(w: Wording, plan: PlanWords, counts: ItemCounts): string {
  return `#${plan.id} ${plan.title} — ${countsText(w, counts)}`;
}

const MARK: Record<ItemState, string> = { overdue: "🔴", open: "⚪", done: "✅" };

/** "🔴 #12 3.1 (ЭФ-1) Text — 20.09.2026 · overdue". */
export function itemLine(w: Wording, item: ItemWords, state: ItemState): string {
  const id = item.id === undefined ? "" : `#${item.id} `;
  const unit = item.unit ? ` (${item.unit})` : "";
  return `${MARK[state]} ${id}${item.number}${unit} ${item.text} — ${stagesText(item.stages)} · ${w.t(`plans.state.${state}`)}`;
}
