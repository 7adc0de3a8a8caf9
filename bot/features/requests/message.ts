// /requests and /request in words and buttons: the list of open requests, a board page by page
// (a faculty of 100 departments is 5 pages), the confirmations, the preview of a new request.
import { Markup } from "telegraf";
import type { InlineKeyboardButton, InlineKeyboardMarkup } from "telegraf/types";
import { deadlineDay, formatDay, pageOf } from "../../../core/index.ts";
import type { RequestPlan } from "../../app/requests/create-request.ts";
import type { ReminderPreview } from "../../app/requests/remind-request.ts";
import type { Board, RequestSummary } from "../../app/requests/request-board.ts";
import type { SapatContext } from "../../context.ts";
import { boardHeader, planText, unitLine, whatText } from "../../present/requests.ts";
import { encode } from "./callback-data.ts";

type Wording = Pick<SapatContext, "t" | "lng">;
type Keyboard = Markup.Markup<InlineKeyboardMarkup>;

/** Units on one board page: the message stays far below Telegram's 4096 characters. */
export const PAGE_SIZE = 20;
/** Requests the list shows (newest first); older ones are in `sapat request list`. */
export const LIST_MAX = 20;

const button = (text: string, data: Parameters<typeof encode>[0]) => Markup.button.callback(text, encode(data));

export function listText(w: Wording, list: readonly RequestSummary[], timeZone: string): string {
  const lines = list.slice(0, LIST_MAX).map(({ request: r, counts: c }) =>
    w.t("requests.bot.listLine", {
      id: r.id,
      what: whatText(w, r.what),
      deadline: formatDay(deadlineDay(r.deadline, timeZone)),
      submitted: c.submitted,
      total: c.total,
      overdue: c.overdue,
    }),
  );
  return [w.t("requests.bot.listTitle"), ...lines].join("\n");
}

export function listKeyboard(w: Wording, list: readonly RequestSummary[]): Keyboard {
  const buttons = list
    .slice(0, LIST_MAX)
    .map(({ request }) =>
      button(w.t("requests.bot.open", { id: request.id }), { op: "board", id: request.id, page: 0, back: true }),
    );
  const rows: InlineKeyboardButton[][] = [];
  for (let i = 0; i < buttons.length; i += 4) rows.push(buttons.slice(i, i + 4));
  return Markup.inlineKeyboard(rows);
}

/** The board's header, one page of units (those who have not submitted first), the page number. */
export function boardText(w: Wording, board: Board, page: number): { text: string; page: number; pages: number } {
  const p = pageOf(board.rows, page, PAGE_SIZE);
  const lines = [...boardHeader(w, board), "", ...p.rows.map((row) => unitLine(w, row))];
  if (p.pages > 1) lines.push("", w.t("requests.board.page", { page: p.page + 1, pages: p.pages }));
  return { text: lines.join("\n"), page: p.page, pages: p.pages };
}

export function boardKeyboard(w: Wording, board: Board, page: number, pages: number, back: boolean): Keyboard {
  const { id } = board.request;
  const rows: InlineKeyboardButton[][] = [];
  const nav = [
    ...(page > 0 ? [button("◀", { op: "board", id, page: page - 1, back })] : []),
    ...(page < pages - 1 ? [button("▶", { op: "board", id, page: page + 1, back })] : []),
  ];
  if (nav.length) rows.push(nav);
  if (board.canManage && board.request.status === "open")
    rows.push([
      button(w.t("requests.bot.remind"), { op: "remindAsk", id }),
      button(w.t("requests.bot.close"), { op: "closeAsk", id }),
    ]);
  rows.push([
    button(w.t("requests.bot.refresh"), { op: "board", id, page, back }),
    ...(back ? [button(w.t("requests.bot.back"), { op: "list" })] : []),
  ]);
  return Markup.inlineKeyboard(rows);
}

export function remindAskText(w: Wording, id: number, p: ReminderPreview): string {
  const lines = [w.t("requests.bot.remindAsk", { count: p.recipients, id })];
  if (p.unreachable) lines.push(w.t("requests.bot.remindUnreachable", { count: p.unreachable }));
  if (p.withoutHead) lines.push(w.t("requests.bot.remindWithoutHead", { count: p.withoutHead }));
  return lines.join("\n");
}

export function remindAskKeyboard(w: Wording, id: number, count: number, nonce: string): Keyboard {
  return Markup.inlineKeyboard([
    [button(w.t("requests.bot.remindYes", { count }), { op: "remind", id, nonce })],
    [button(w.t("requests.bot.cancel"), { op: "dismiss" })],
  ]);
}

export function closeAskKeyboard(w: Wording, id: number): Keyboard {
  return Markup.inlineKeyboard([
    [button(w.t("requests.bot.closeYes"), { op: "close", id })],
    [button(w.t("requests.bot.cancel"), { op: "dismiss" })],
  ]);
}

export function previewKeyboard(w: Wording, draftId: number): Keyboard {
  return Markup.inlineKeyboard([
    [button(w.t("requests.bot.send"), { op: "send", id: draftId })],
    [button(w.t("requests.bot.cancel"), { op: "cancel", id: draftId })],
  ]);
}

export const previewText = (w: Wording, plan: RequestPlan) => planText(w, plan);
