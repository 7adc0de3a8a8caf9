// /submit (and its menu button): practice completion or session results typed in, an entry in
// progress picked up where it stopped; /cancel drops it, nothing saved; /done ends the session
// counts. Strangers are asked for an invite, roles that do not enter figures refused (audited).
import { Composer, Markup } from "telegraf";
import { cancelEntry } from "../../app/entry/dialogue.ts";
import { resumePracticeEntry } from "../../app/practice/practice-dialogue.ts";
import { resumeSessionEntry } from "../../app/session/session-dialogue.ts";
import type { SapatContext } from "../../context.ts";
import { menuLabels } from "../menu/keyboards.ts";
import { startData } from "../practice-entry/callback-data.ts";
import { showPractice, startPractice } from "../practice-entry/handlers.ts";
import { doneCounts, showSession, startSession } from "../session-entry/handlers.ts";
import { entererIn, mayEnter } from "./show.ts";

const PRACTICE_WORDS = /^(practice|практик|практика)/i;
const SESSION_WORDS = /^(session|сесси)/i;

/** A bare /submit: the entry in progress, else the choice of what to enter. */
async function submit(ctx: SapatContext): Promise<void> {
  const who = await entererIn(ctx, "entry.submit");
  if (!who) return;
  const practice = await resumePracticeEntry(ctx.deps, who);
  const session = practice ? null : await resumeSessionEntry(ctx.deps, who);
  if (practice || session) await ctx.reply(ctx.t("entry.resumed"));
  if (practice) return showPractice(ctx, practice);
  if (session) return showSession(ctx, session);
  await ctx.reply(
    ctx.t("entry.choose"),
    Markup.inlineKeyboard([
      [Markup.button.callback(ctx.t("entry.choosePractice"), startData())],
      [Markup.button.callback(ctx.t("entry.chooseSession"), "entry:session")],
    ]),
  );
}

export function entryFeature(): Composer<SapatContext> {
  const composer = new Composer<SapatContext>();
  composer.command("submit", async (ctx) => {
    const word = ctx.payload.trim();
    if (PRACTICE_WORDS.test(word)) return startPractice(ctx, {});
    if (SESSION_WORDS.test(word)) return startSession(ctx, {});
    await submit(ctx);
  });
  composer.hears(menuLabels("submit"), submit);
  composer.command("cancel", async (ctx) => {
    const dropped = await cancelEntry(ctx.deps, String(ctx.chat.id));
    await ctx.reply(ctx.t(dropped ? "entry.cancelled" : "entry.nothingToCancel"));
  });
  // /announce asks for a text next: an entry left open would take it for a count
  composer.command("announce", async (ctx, next) => {
    if (mayEnter(ctx)) await cancelEntry(ctx.deps, String(ctx.chat.id));
    return next();
  });
  composer.command("done", async (ctx) => {
    if (!(await doneCounts(ctx))) await ctx.reply(ctx.t("entry.nothingToCancel"));
  });
  return composer;
}
