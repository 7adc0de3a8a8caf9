// Telegram glue of the figures answers: call the use case, reply or edit in place, send the chart.
import { TelegramError } from "telegraf";
import type { Outcome } from "../../../core/index.ts";
import { answerFigures, type FiguresAnswer, type FiguresRequest } from "../../app/session/answer-figures.ts";
import type { SapatContext } from "../../context.ts";
import { esc } from "../../present/html.ts";
import { problemText } from "../../present/problem.ts";
import type { Action, View, ViewState } from "./callback-data.ts";
import { figuresChart, renderFiguresChart } from "./chart.ts";
import { figuresKeyboard, unitPicker } from "./keyboard.ts";
import { figuresText } from "./text.ts";

function answer(ctx: SapatContext, req: FiguresRequest): Promise<Outcome<FiguresAnswer>> {
  return answerFigures(ctx.deps, ctx, req);
}

/** Answer a command, a menu button or a sentence with a new message (and its chart). */
export async function sendFigures(ctx: SapatContext, view: View, req: FiguresRequest): Promise<void> {
  const a = await answer(ctx, req);
  if (!a.ok) return void (await ctx.reply(problemText(a.problem, ctx)));
  await ctx.reply(figuresText(a.value, view, ctx), { parse_mode: "HTML", reply_markup: figuresKeyboard(a.value, view, ctx) });
  await sendChart(ctx, a.value, view);
}

/** A keyboard press: the same use case (and scope check) for the selection the button carries. */
export async function updateFigures(ctx: SapatContext, action: Action, state: ViewState): Promise<void> {
  const { view, unitId, ...wish } = state;
  const a = await answer(ctx, { ...wish, unitId });
  if (!a.ok) return void (await ctx.answerCbQuery(problemText(a.problem, ctx), { show_alert: true }));
  if (action === "chart") {
    await ctx.answerCbQuery();
    await sendChart(ctx, a.value, view);
    return;
  }
  const msg =
    action === "units"
      ? unitPicker(a.value, view, ctx)
      : { text: figuresText(a.value, view, ctx), keyboard: figuresKeyboard(a.value, view, ctx) };
  try {
    await ctx.editMessageText(action === "units" ? esc(msg.text) : msg.text, { parse_mode: "HTML", reply_markup: msg.keyboard });
  } catch (e) {
    // pressing the option already chosen changes nothing; Telegram says so with a 400
    if (!(e instanceof TelegramError && e.description.includes("message is not modified"))) throw e;
  }
  await ctx.answerCbQuery();
}

/** The chart: by file id when this picture was sent before, else drawn (once) and uploaded. */
async function sendChart(ctx: SapatContext, a: FiguresAnswer, view: View): Promise<void> {
  const chart = figuresChart(a, view, ctx);
  const files = ctx.deps.sentFiles;
  const known = files.fileId(chart.key);
  if (known) {
    try {
      await ctx.replyWithPhoto(known, { caption: chart.caption });
      return;
    } catch (e) {
      if (!(e instanceof TelegramError && e.code === 400)) throw e;
      files.forget(chart.key);
    }
  }
  await ctx.sendChatAction("upload_photo");
  const png = await files.draw(chart.key, () => renderFiguresChart(chart));
  const sent = await ctx.replyWithPhoto({ source: png, filename: `${view}.png` }, { caption: chart.caption });
  const fileId = sent.photo.at(-1)?.file_id;
  if (fileId) files.remember(chart.key, fileId);
}
