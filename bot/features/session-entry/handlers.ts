// Session figures typed in the chat (DOMAIN.md §3): the dialogue's buttons and typed counts,
// and the "entry:session[:<year>:<term>:<stage>[:<form>]]" button of data requests and /submit.
// It sits before free text: counts typed during an entry belong to it.
import { Composer } from "telegraf";
import {
  finishCounts,
  type SessionReply,
  type SessionStart,
  type SessionView,
  sessionPress,
  sessionText,
  startSessionEntry,
} from "../../app/session/session-dialogue.ts";
import type { SavedSession } from "../../app/session/submit-session.ts";
import type { SapatContext } from "../../context.ts";
import { problemText } from "../../present/problem.ts";
import { entererIn, mayEnter, type Render, showEntry } from "../entry/show.ts";
import { decodePress, decodeStart, PRESS_PATTERN, START_PATTERN } from "./callback-data.ts";
import { viewKeyboard } from "./keyboard.ts";
import { savedText, viewText } from "./text.ts";

export const ACTION = "session.submit";

const RENDER: Render<SessionView, SavedSession> = { text: viewText, keyboard: viewKeyboard, saved: savedText };

export const showSession = (ctx: SapatContext, reply: SessionReply, pressed?: string) => showEntry(ctx, reply, RENDER, pressed);

/** Presses that change the session card in place. */
const PERIOD_OPS = new Set(["year", "term", "stage", "form", "course"]);

export async function startSession(ctx: SapatContext, start: SessionStart = {}): Promise<void> {
  const who = await entererIn(ctx, ACTION);
  if (!who) return;
  const started = await startSessionEntry(ctx.deps, who, start);
  if (!started.ok) return void (await ctx.reply(problemText(started.problem, ctx)));
  await showSession(ctx, started.value);
}

/** /done: the counts given so far are the entry; null when no session entry waits for counts. */
export async function doneCounts(ctx: SapatContext): Promise<boolean> {
  const who = await entererIn(ctx, ACTION);
  if (!who) return true;
  const reply = await finishCounts(ctx.deps, who);
  if (!reply) return false;
  await showSession(ctx, reply);
  return true;
}

export function sessionEntryFeature(): Composer<SapatContext> {
  const composer = new Composer<SapatContext>();

  composer.action(START_PATTERN, async (ctx) => {
    const start = decodeStart(ctx.match[0]);
    // someone who may not enter figures gets the refusal as the press's answer (one answer per press)
    if (start && !mayEnter(ctx)) return startSession(ctx, start);
    await ctx.answerCbQuery();
    if (start) await startSession(ctx, start);
  });

  composer.action(PRESS_PATTERN, async (ctx) => {
    const decoded = decodePress(ctx.match[0]);
    if (!decoded) return void (await ctx.answerCbQuery());
    const who = await entererIn(ctx, ACTION);
    if (!who) return;
    const reply = await sessionPress(ctx.deps, who, decoded.token, decoded.press);
    if (!reply.ok) {
      await ctx.answerCbQuery();
      return void (await ctx.reply(problemText(reply.problem, ctx)));
    }
    if (reply.value.kind !== "already" && reply.value.kind !== "stale") await ctx.answerCbQuery();
    await showSession(ctx, reply.value, PERIOD_OPS.has(decoded.press.op) ? "period" : "");
  });

  composer.on("text", async (ctx, next) => {
    if (ctx.message.text.startsWith("/") || !mayEnter(ctx)) return next();
    const who = await entererIn(ctx, ACTION);
    if (!who) return;
    const reply = await sessionText(ctx.deps, who, ctx.message.text.slice(0, 500));
    if (!reply) return next();
    await showSession(ctx, reply);
  });
  return composer;
}
