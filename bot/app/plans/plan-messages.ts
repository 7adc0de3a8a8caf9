// What responsible people and controllers are sent about action items: locale keys with
// parameters, rendered in each recipient's language by the sender; a reminder carries the
// button that marks the item done (then the bot asks for the evidence).
import { cutList, formatDay, type TrackedStage } from "../../../core/index.ts";
import type { StoredItem, StoredPlan, StoredStage } from "../../../prisma/store/plans.ts";
import type { CampaignMessageInput } from "../delivery/message.ts";

/** An item's text in a message or a list is cut here (the plan keeps it whole). */
export const ITEM_TEXT_MAX = 300;
/** A digest names at most this many items, their text cut shorter, then "… +N": it stays one Telegram message. */
export const DIGEST_MAX = 20;
const DIGEST_TEXT_MAX = 100;

/** The bot's callback for "mark this item (stage) done": `pl:d:<item>[:<stage>]`, well under 64 bytes. */
export const doneData = (itemId: number, stage?: number) => `pl:d:${itemId}${stage ? `:${stage}` : ""}`;

const cut = (text: string, max = ITEM_TEXT_MAX) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** A lead reminder to the people responsible: the item, the stage, its day and the days left. */
export function reminderMessage(plan: StoredPlan, item: StoredItem, stage: StoredStage, daysLeft: number): CampaignMessageInput {
  const staged = item.stages.length > 1;
  return {
    key: daysLeft > 0 ? "plans.message.reminder" : "plans.message.reminderToday",
    params: {
      plan: plan.title,
      number: item.number,
      text: cut(item.text),
      stage: stage.label ?? (staged ? String(stage.position) : "—"),
      deadline: formatDay(stage.due),
      days: daysLeft,
    },
    buttons: [[{ label: { key: "plans.button.done" }, data: doneData(item.id, staged ? stage.position : undefined) }]],
  };
}

export interface DigestLine {
  plan: StoredPlan;
  item: StoredItem;
  late: readonly TrackedStage[];
}

/** "• 3.1 (ЭФ-1) text — 20.09.2026 · plan": one line per overdue item. */
export function digestLine(l: DigestLine): string {
  const unit = l.item.unit ? ` (${l.item.unit})` : "";
  const days = l.late.map((s) => formatDay(s.due)).join(", ");
  return `• ${l.item.number}${unit} ${cut(l.item.text, DIGEST_TEXT_MAX)} — ${days} · ${l.plan.title}`;
}

/** The overdue items, to a controller (his plans') or the quality department (all). */
export function overdueDigest(lines: readonly DigestLine[], on: string): CampaignMessageInput {
  const { shown, more } = cutList(lines, DIGEST_MAX);
  const list = shown.map(digestLine).join("\n");
  return {
    key: "plans.message.overdue",
    params: { count: lines.length, on: formatDay(on), items: more ? `${list}\n… +${more}` : list },
  };
}
