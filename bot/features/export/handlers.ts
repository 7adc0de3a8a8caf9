// /export [unit, stage, form, year]: the session report as an .xlsx document (/export practice: the practice table) — the latest
// session in the user's scope, or what the words ask for (as /debtors and /stats read them).
// Students and strangers are refused as for any figures.
import { Composer } from "telegraf";
import { exportPractice } from "../../app/practice/practice-export.ts";
import { exportSession } from "../../app/session/session-export.ts";
import type { SapatContext } from "../../context.ts";
import { practiceWorkbook } from "../../io/practice-workbook.ts";
import { sessionWorkbook } from "../../io/session-workbook.ts";
import { writeWorkbook } from "../../io/xlsx-writer.ts";
import { exportCaption, practiceExportTitle, practiceWorkbookWords, sessionWorkbookWords } from "../../present/export-words.ts";
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

/** "/export practice [unit] [year]" (практика in ky/ru): the practice table instead of the session's. */
const PRACTICE = /^\s*(practice|практика\S*)(?=\s|$)\s*/iu;

export async function sendPracticeExport(ctx: SapatContext, payload: string): Promise<void> {
  const { unit, year } = await commandUnit(ctx, payload);
  const e = await exportPractice(ctx.deps, ctx, { ...(unit ? { unit } : {}), ...(year ? { year } : {}) });
  if (!e.ok) return void (await ctx.reply(problemText(e.problem, ctx)));
  await ctx.sendChatAction("upload_document");
  const x = e.value;
  const bytes = await writeWorkbook(practiceWorkbook(x, practiceWorkbookWords(x, ctx, ctx.deps.now())), ctx.lng);
  const filename = `sapat-practice-${[x.report.year, x.report.unit].filter(Boolean).join("-")}.xlsx`;
  await ctx.replyWithDocument({ source: bytes, filename }, { caption: practiceExportTitle(x, ctx) });
}

export function exportFeature(): Composer<SapatContext> {
  const composer = new Composer<SapatContext>();
  composer.command("export", (ctx) => {
    const practice = PRACTICE.exec(ctx.payload);
    return practice ? sendPracticeExport(ctx, ctx.payload.slice(practice[0].length)) : sendExport(ctx, ctx.payload);
  });
  return composer;
}
