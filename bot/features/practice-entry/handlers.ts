// Practice completion typed in the chat (DOMAIN.md §4): the dialogue's buttons and typed
// values, the "entry:practice[:<year>[:<kind>]]" button of data requests and /submit, and the
// one-line `/practice <kind> <completed>/<assigned> [year]` (dispatched from the practice
// feature). It sits before free text: a number typed during an entry belongs to it.
import { Composer } from "telegraf";
import type { PracticeLine } from "../../../core/index.ts";
import {
  type PracticeReply,
  type PracticeStart,
  type PracticeView,
  practicePress,
  practiceText,
  startPracticeEntry,
} from "../../app/practice/practice-dialogue.ts";
import type { SavedPractice } from "../../app/practice/submit-practice.ts";
import type { SapatContext } from "../../context.ts";
import { problemText } from "../../present/problem.ts";
import { entererIn, mayEnter, type Render, showEntry } from "../entry/show.ts";
import { decodePress, decodeStart, PRESS_PATTERN, START_PATTERN } from "./callback-data.ts";
import { viewKeyboard } from "./keyboard.ts";
import { savedText, viewText } from "./text.ts";

export const ACTION = "practice.submit";

const RENDER: Render<PracticeView, SavedPractice> = { text: viewText, keyboard: viewKeyboard, saved: savedText };

export const showPractice = (ctx: SapatContext, reply: PracticeReply, pressed?: string) => showEntry(ctx, reply, RENDER, pressed);

/** A new practice entry (the menu, /submit, a request's button, or a one-line /practice). */
export async function startPractice(ctx: SapatContext, start: PracticeStart): Promise<void> {
  const who = await entererIn(ctx, ACTION);
  if (!who) return;
  const started = await startPracticeEntry(ctx.deps, who, start);
  if (!started.ok) return void (await ctx.reply(problemText(started.problem, ctx)));
  await showPractice(ctx, started.value);
}

/** `/practice <kind> <completed>/<assigned> [year]`, with a unit first for a dean or admin. */
export function startFromLine(ctx: SapatContext, line: PracticeLine): Promise<void> {
  return startPractice(ctx, { unit: line.unit || null, year: line.year, kind: line.kind ?? line.kindText, counts: line.counts });
}

export function practiceEntryFeature(): Composer<SapatContext> {
  const composer = new Composer<SapatContext>();

  composer.action(START_PATTERN, async (ctx) => {
    const start = decodeStart(ctx.match[0]);
    // someone who may not enter figures gets the refusal as the press's answer (one answer per press)
    if (start && !mayEnter(ctx)) return startPractice(ctx, start);
    await ctx.answerCbQuery();
    if (start) await startPractice(ctx, start);
  });

  composer.action(PRESS_PATTERN, async (ctx) => {
    const decoded = decodePress(ctx.match[0]);
    if (!decoded) return void (await ctx.answerCbQuery());
    const who = await entererIn(ctx, ACTION);
    if (!who) return;
    const reply = await practicePress(ctx.deps, who, decoded.token, decoded.press);
    if (!reply.ok) {
      await ctx.answerCbQuery();
      return void (await ctx.reply(problemText(reply.problem, ctx)));
    }
    if (reply.value.kind !== "already" && reply.value.kind !== "stale") await ctx.answerCbQuery();
    // a year switch keeps the kind question in place; any other press moves on
    await showPractice(ctx, reply.value, decoded.press.op === "year" ? "kind" : "");
  });

  composer.on("text", async (ctx, next) => {
    if (ctx.message.text.startsWith("/") || !mayEnter(ctx)) return next();
    const who = await entererIn(ctx, ACTION);
    if (!who) return;
    const reply = await practiceText(ctx.deps, who, ctx.message.text.slice(0, 500));
    if (!reply) return next();
    await showPractice(ctx, reply);
  });
  return composer;
}
