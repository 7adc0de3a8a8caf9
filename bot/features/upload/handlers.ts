// Spreadsheets sent to the bot: an admin, dean or head sends a .csv or .xlsx document (a review
// file, from anyone who sees figures, is summarised instead: features/reviews); it is
// downloaded through the configured Bot API, checked whole, previewed, and written only on
// Confirm. Students and strangers are told they may not send files; nothing is downloaded for them.
import { Composer } from "telegraf";
import { message } from "telegraf/filters";
import type { Problem } from "../../../core/index.ts";
import { MAX_FILE_BYTES, tooLarge } from "../../app/imports/read-file.ts";
import {
  authorizeFileSender,
  cancelUploadFile,
  chooseFigures,
  confirmUpload,
  receiveUpload,
} from "../../app/imports/upload-file.ts";
import type { SapatContext } from "../../context.ts";
import { loggableError } from "../../logger.ts";
import { problemText } from "../../present/problem.ts";
import { editPressed } from "../edit-pressed.ts";
import { replyWithReview } from "../reviews/reply.ts";
import { offerResponsesImport } from "../survey-results/handlers.ts";
import { CALLBACK_PATTERN, decode, type Press } from "./callback-data.ts";
import { confirmReply, issuesText, type Reply, stepReply } from "./text.ts";

/** A download that takes longer than this is given up (20 MB at a slow 1 Mbit/s is under three minutes). */
const DOWNLOAD_TIMEOUT_MS = 180_000;

/** The file's bytes from the Bot API's file endpoint (the local server in tests and the console). */
async function download(ctx: SapatContext, fileId: string): Promise<Uint8Array> {
  const link = await ctx.telegram.getFileLink(fileId);
  const res = await fetch(link, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) });
  if (!res.ok) throw new Error(`file download answered ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

const send = (ctx: SapatContext, r: Reply) => ctx.reply(r.text, r.keyboard ?? {});

async function onDocument(
  ctx: SapatContext & { message: { document: { file_id: string; file_name?: string; file_size?: number } } },
) {
  // importers, and whoever sees figures: a review file is summarised for them
  const who = authorizeFileSender(ctx);
  if (!who.ok) return void (await ctx.reply(problemText(who.problem, ctx)));
  const doc = ctx.message.document;
  const fileName = doc.file_name ?? "file";
  // Telegram gives bots files up to 20 MB: a larger one is refused before asking for it
  if (doc.file_size !== undefined && doc.file_size > MAX_FILE_BYTES)
    return void (await ctx.reply(issuesText(ctx, fileName, [tooLarge(doc.file_size)])));
  await ctx.sendChatAction("typing");
  let bytes: Uint8Array;
  try {
    bytes = await download(ctx, doc.file_id);
  } catch (error) {
    ctx.deps.logger.warn({ chat: ctx.chat?.id, ...loggableError(error) }, "file download failed");
    return void (await ctx.reply(ctx.t("upload.downloadFailed")));
  }
  // a survey form's export goes to its own import (the survey is chosen with a button)
  if (await offerResponsesImport(ctx, fileName, bytes)) return;
  const step = await receiveUpload(ctx.deps, ctx, { telegramId: String(ctx.from?.id), fileName, bytes });
  if (!step.ok) return void (await ctx.reply(problemText(step.problem, ctx)));
  if (step.value.status === "review") return replyWithReview(ctx, step.value);
  await send(ctx, stepReply(ctx, step.value));
}

/** What a press leads to, or the problem to show in an alert. */
async function pressed(ctx: SapatContext, press: Press): Promise<Reply | Problem> {
  const ref = { telegramId: String(ctx.from?.id), uploadId: press.uploadId };
  if (press.op === "figures") {
    const r = await chooseFigures(ctx.deps, ctx, ref, press.choice);
    return r.ok ? stepReply(ctx, r.value) : r.problem;
  }
  if (press.op === "confirm") {
    const r = await confirmUpload(ctx.deps, ctx, ref, press.token);
    return r.ok ? confirmReply(ctx, r.value) : r.problem;
  }
  const r = await cancelUploadFile(ctx.deps, ctx, ref);
  return r.ok ? { text: ctx.t(r.value === "cancelled" ? "upload.cancelled" : "upload.alreadyDecided") } : r.problem;
}

/** The pressed message becomes what happened: its buttons go, or change to the next step's. */
async function onPress(ctx: SapatContext, press: Press) {
  const reply = await pressed(ctx, press);
  if ("code" in reply) return void (await ctx.answerCbQuery(problemText(reply, ctx), { show_alert: true }));
  await ctx.answerCbQuery();
  await editPressed(ctx, reply.text, reply.keyboard ?? {});
}

export function uploadFeature(): Composer<SapatContext> {
  const composer = new Composer<SapatContext>();
  composer.on(message("document"), (ctx) => onDocument(ctx));
  composer.action(CALLBACK_PATTERN, async (ctx) => {
    const press = decode(ctx.match[0]);
    if (!press) return void (await ctx.answerCbQuery());
    await onPress(ctx, press);
  });
  return composer;
}
