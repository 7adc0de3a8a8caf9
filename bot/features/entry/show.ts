// What the practice and session entries share in the chat: who is entering (refusals told
// and audited), and how a step is shown — after a press the pressed message changes in place
// when the step stays, or loses its buttons and the next question follows.
import { can } from "../../../core/index.ts";
import { type Enterer, entererOf } from "../../app/entry/enterer.ts";
import type { SapatContext } from "../../context.ts";
import { problemText } from "../../present/problem.ts";
import { editPressed } from "../edit-pressed.ts";
import type { Reply } from "../practice-entry/keyboard.ts";

/** Who is typing figures in, or null when refused (the refusal told, and audited). */
export async function entererIn(ctx: SapatContext, action: string): Promise<Enterer | null> {
  const from = { telegramId: String(ctx.from?.id ?? ""), chatId: String(ctx.chat?.id ?? ctx.from?.id ?? "") };
  const who = await entererOf(ctx.deps, ctx, from, action);
  if (who.ok) return who.value;
  if (ctx.callbackQuery) await ctx.answerCbQuery(problemText(who.problem, ctx), { show_alert: true });
  else await ctx.reply(problemText(who.problem, ctx));
  return null;
}

/** Whether this person may have an entry going (no query, no audit: every text of theirs passes here). */
export const mayEnter = (ctx: SapatContext): boolean => ctx.access !== null && can(ctx.access, "enterFigures");

/** What a use case answers an entry's input with. */
export type EntryReply<View, Saved> =
  | { kind: "view"; view: View }
  | { kind: "saved"; saved: Saved }
  | { kind: "already" }
  | { kind: "cancelled" }
  | { kind: "stale" };

export interface Render<View, Saved> {
  text: (ctx: SapatContext, view: View) => string;
  keyboard: (ctx: SapatContext, view: View) => Reply;
  saved: (ctx: SapatContext, saved: Saved) => string;
}

/**
 * Shows a reply. `pressed`: the step of the message whose button was pressed ("" when its
 * step is not the one shown next), absent for typed input.
 */
export async function showEntry<View extends { step: string }, Saved>(
  ctx: SapatContext,
  reply: EntryReply<View, Saved>,
  render: Render<View, Saved>,
  pressed?: string,
): Promise<void> {
  const say = (text: string) => (pressed !== undefined ? editPressed(ctx, text) : ctx.reply(text).then(() => undefined));
  switch (reply.kind) {
    case "view": {
      const text = render.text(ctx, reply.view);
      const keyboard = render.keyboard(ctx, reply.view);
      if (pressed === reply.view.step && "inline_keyboard" in keyboard.reply_markup)
        return editPressed(ctx, text, { reply_markup: keyboard.reply_markup });
      if (pressed !== undefined) await ctx.editMessageReplyMarkup(undefined).catch(() => undefined);
      await ctx.reply(text, keyboard);
      return;
    }
    case "saved":
      return say(render.saved(ctx, reply.saved));
    case "cancelled":
      return say(ctx.t("entry.cancelled"));
    case "already":
    case "stale": {
      const text = ctx.t(reply.kind === "already" ? "entry.already" : "entry.stale");
      if (ctx.callbackQuery) await ctx.answerCbQuery(text, { show_alert: true });
      else await ctx.reply(text);
      return;
    }
  }
}
