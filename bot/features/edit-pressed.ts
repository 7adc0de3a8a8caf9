// The pressed message becomes the answer. Pressing twice on an outdated client gives "not
// modified", which is no error. A press on a message with no text (a chart, a file: forged
// data can sit under any message) cannot be edited into text, so the answer comes as a new message.
import { TelegramError } from "telegraf";
import type { SapatContext } from "../context.ts";

type EditExtra = Parameters<SapatContext["editMessageText"]>[1];

/** A link in the text (a survey's form, an announcement's) shows no preview card under it. */
export const NO_PREVIEW = { link_preview_options: { is_disabled: true } } as const;

export async function editPressed(ctx: SapatContext, text: string, extra?: EditExtra): Promise<void> {
  const pressed = ctx.callbackQuery?.message;
  if (pressed && !("text" in pressed)) {
    await ctx.reply(text, extra as Parameters<SapatContext["reply"]>[1]);
    return;
  }
  try {
    await ctx.editMessageText(text, extra);
  } catch (e) {
    if (!(e instanceof TelegramError && e.description.includes("message is not modified"))) throw e;
  }
}

/** editPressed without a link preview. */
export const editWithoutPreview = (ctx: SapatContext, text: string, extra?: EditExtra) =>
  editPressed(ctx, text, { ...NO_PREVIEW, ...extra });
