// Sending and updating a figures answer: the scope check, the message, the chart.
import { TelegramError } from "telegraf";
import type { Form, Stage } from "../../../core/index.ts";
import { authorize, isRefusal } from "../../app/access/authorize.ts";
import { type FiguresData, loadFiguresData } from "../../app/session/answer-figures.ts";
import type { SapatContext } from "../../context.ts";
import type { View, ViewState } from "./callback-data.ts";
import { defaultState, unitPicker, viewChart, viewMessage } from "./text.ts";

export interface FiguresRequest {
  unit?: string;
  stage?: Stage;
  form?: Form;
  year?: string;
}

/** Answer a command, a menu button or a sentence with a new message (and its chart). */
export async function sendFigures(ctx: SapatContext, view: View, req: FiguresRequest): Promise<void> {
  const allowed = authorize(ctx, req.unit);
  if (isRefusal(allowed)) {
    await ctx.reply(ctx.t(allowed.key, allowed.params));
    return;
  }
  if (!ctx.institution || !ctx.access) return;
  const data = await loadFiguresData(ctx.deps.db, ctx.institution);
  const unitId = allowed.unit === null ? 0 : data.units.find((u) => u.code === allowed.unit)?.id;
  if (unitId === undefined) {
    await ctx.reply(ctx.t("bot.unknownUnit", { unit: req.unit ?? allowed.unit }));
    return;
  }
  const state = defaultState(data, view, unitId, req);
  if (!state) {
    await ctx.reply(ctx.t("bot.noData"));
    return;
  }
  const w = { t: ctx.t, lng: ctx.lng };
  const msg = viewMessage(data, state, ctx.access, w);
  await ctx.reply(msg.text, { parse_mode: "HTML", reply_markup: msg.keyboard });
  await sendChart(ctx, data, state);
}

export async function sendChart(ctx: SapatContext, data: FiguresData, state: ViewState): Promise<void> {
  await ctx.sendChatAction("upload_photo");
  const { png, caption } = await viewChart(data, state, { t: ctx.t, lng: ctx.lng });
  await ctx.replyWithPhoto({ source: png, filename: `${state.view}.png` }, { caption });
}

/** A keyboard press: the same scope check, then edit the message in place. */
export async function updateFigures(ctx: SapatContext, action: "show" | "units" | "chart", state: ViewState): Promise<void> {
  if (!ctx.institution || !ctx.access) {
    await ctx.answerCbQuery(ctx.t("bot.needInvite"), { show_alert: true });
    return;
  }
  const data = await loadFiguresData(ctx.deps.db, ctx.institution);
  const unit = state.unitId === 0 ? null : data.units.find((u) => u.id === state.unitId)?.code;
  const allowed = unit === undefined ? { key: "bot.unknownUnit", params: { unit: String(state.unitId) } } : authorize(ctx, unit);
  if (isRefusal(allowed)) {
    await ctx.answerCbQuery(ctx.t(allowed.key, allowed.params), { show_alert: true });
    return;
  }
  const w = { t: ctx.t, lng: ctx.lng };
  if (action === "chart") {
    await ctx.answerCbQuery();
    await sendChart(ctx, data, state);
    return;
  }
  const msg = action === "units" ? unitPicker(data, state, ctx.access, w) : viewMessage(data, state, ctx.access, w);
  try {
    await ctx.editMessageText(msg.text, { parse_mode: "HTML", reply_markup: msg.keyboard });
  } catch (e) {
    // pressing the option already chosen changes nothing; Telegram says so with a 400
    if (!(e instanceof TelegramError && e.description.includes("message is not modified"))) throw e;
  }
  await ctx.answerCbQuery();
}
