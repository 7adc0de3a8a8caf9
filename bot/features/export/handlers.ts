// /export [unit, stage, form, year]: the session report as an .xlsx document — the latest
// session in the user's scope, or what the words ask for (as /debtors and /stats read them).
// Students and strangers are refused as for any figures.
import { Composer } from "telegraf";
import { exportSession } from "../../app/session/session-export.ts";
import type { SapatContext } from "../../context.ts";
import { sessionWorkbook } from "../../io/session-workbook.ts";
import { writeWorkbook } from "../../io/xlsx-writer.ts";
import { exportCaption, sessionWorkbookWords } from "../../present/export-words.ts";
import { problemText } from "../../present/problem.ts";
import { commandUnit } from "../figures/command-args.ts";

export async function sendExport(ctx: SapatContext, payload: string): Promise<void> {
  const { course: _, ...wish } = await commandUnit(ctx, payload);
  const e = await exportSession(ctx.deps, ctx, wish);
  if (!e.ok) return void (await ctx.reply(problemText(e.problem, ctx)));
  await ctx.sendChatAction("upload_document");
  const x = e.value;
  const bytes = await writeWorkbook(sessionWorkbook(x, sessionWorkbookWords(x, ctx, ctx.deps.now())), ctx.lng);
  const s = x.selection;
  const filename = `sapat-${[s.year, s.term, s.stage, s.form, x.unit].filter(Boolean).join("-")}.xlsx`;
  await ctx.replyWithDocument({ source: bytes, filename }, { caption: exportCaption(x, ctx) });
}

export function exportFeature(): Composer<SapatContext> {
  const composer = new Composer<SapatContext>();
  composer.command("export", (ctx) => sendExport(ctx, ctx.payload));
  return composer;
}
