// Telegram glue of the figures answers: call the use case, reply or edit in place, send the chart.
import type { Outcome } from "../../../core/index.ts";
import {
  answerFigures,
  type FiguresAnswer,
  type FiguresRequest,
  type PublishedYearAnswer,
} from "../../app/session/answer-figures.ts";
import type { SapatContext } from "../../context.ts";
import { esc } from "../../present/html.ts";
import { problemText } from "../../present/problem.ts";
import { replyWithChart } from "../charts/reply-chart.ts";
import { editPressed } from "../edit-pressed.ts";
import type { Action, View, ViewState } from "./callback-data.ts";
import { figuresChart, renderFiguresChart } from "./chart.ts";
import { figuresKeyboard, publishedKeyboard, unitPicker } from "./keyboard.ts";
import { publishedYearText } from "./published-text.ts";
import { figuresText } from "./text.ts";

function answer(ctx: SapatContext, req: FiguresRequest): Promise<Outcome<FiguresAnswer | PublishedYearAnswer>> {
  return answerFigures(ctx.deps, ctx, req);
}

/** The message of an answer: its text and keyboard. */
function message(a: FiguresAnswer | PublishedYearAnswer, view: View, ctx: SapatContext) {
  return a.kind === "published"
    ? { text: publishedYearText(a, view, ctx), keyboard: publishedKeyboard(a, view, ctx) }
    : { text: figuresText(a, view, ctx), keyboard: figuresKeyboard(a, view, ctx) };
}

/** Answer a command, a menu button or a sentence with a new message (and its chart). */
export async function sendFigures(ctx: SapatContext, view: View, req: FiguresRequest): Promise<void> {
  const a = await answer(ctx, req);
  if (!a.ok) return void (await ctx.reply(problemText(a.problem, ctx)));
  const msg = message(a.value, view, ctx);
  await ctx.reply(msg.text, { parse_mode: "HTML", ...(msg.keyboard ? { reply_markup: msg.keyboard } : {}) });
  // the chart draws whole units of a session: none for a course or a year of published figures
  if (a.value.kind === "session" && !a.value.course) await sendChart(ctx, a.value, view);
}

/** A keyboard press: the same use case (and scope check) for the selection the button carries. */
export async function updateFigures(ctx: SapatContext, action: Action, state: ViewState): Promise<void> {
  const { view, unitId, course, ...wish } = state;
  const a = await answer(ctx, { ...wish, unitId, ...(course ? { course } : {}) });
  if (!a.ok) return void (await ctx.answerCbQuery(problemText(a.problem, ctx), { show_alert: true }));
  const value = a.value;
  if (action === "chart" && value.kind === "session") {
    await ctx.answerCbQuery();
    await sendChart(ctx, value, view);
    return;
  }
  const msg = action === "units" && value.kind === "session" ? unitPicker(value, view, ctx) : message(value, view, ctx);
  await editPressed(ctx, action === "units" ? esc(msg.text) : msg.text, {
    parse_mode: "HTML",
    ...(msg.keyboard ? { reply_markup: msg.keyboard } : {}),
  });
  await ctx.answerCbQuery();
}

/** The chart: by file id when this picture was sent before, else drawn (once) and uploaded. */
async function sendChart(ctx: SapatContext, a: FiguresAnswer, view: View): Promise<void> {
  const chart = figuresChart(a, view, ctx);
  await replyWithChart(ctx, {
    key: chart.key,
    caption: chart.caption,
    filename: `${view}.png`,
    render: () => renderFiguresChart(chart),
  });
}
