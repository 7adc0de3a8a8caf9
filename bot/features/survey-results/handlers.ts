// Survey results in the chat: `/survey_results ID` answers with the rate line, the rows per
// unit and course, each question's distribution with its chart, and the workbook; and a
// form's export sent as a document is imported into the survey chosen with a button.
import { Composer, Markup } from "telegraf";
import type { Problem } from "../../../core/index.ts";
import type { Sender } from "../../app/delivery/audience.ts";
import {
  cancelHeldResponses,
  holdResponsesFile,
  importHeldResponses,
  isResponsesFile,
} from "../../app/surveys/responses-upload.ts";
import { titleIn } from "../../app/surveys/survey-messages.ts";
import { surveyResultsFor } from "../../app/surveys/survey-results.ts";
import type { SapatContext } from "../../context.ts";
import { renderShareBars } from "../../io/survey-charts.ts";
import { surveyWorkbook } from "../../io/survey-workbook.ts";
import { writeWorkbook } from "../../io/xlsx-writer.ts";
import { problemText } from "../../present/problem.ts";
import {
  answersShown,
  answersText,
  importPreviewText,
  questionChart,
  type ResultsFacts,
  ratesText,
  surveyWorkbookWords,
} from "../../present/survey-results.ts";
import { replyWithChart } from "../charts/reply-chart.ts";
import { editPressed } from "../edit-pressed.ts";
import { CALLBACK_PATTERN, decode, encode, type Press } from "./callback-data.ts";

/** Telegram's message limit is 4 096 characters; long result texts go in parts. */
const PART = 3800;

function sender(ctx: SapatContext): (Sender & { telegramId: string }) | null {
  if (!ctx.user || !ctx.access) return null;
  return { access: ctx.access, institutionId: ctx.user.institutionId, telegramId: ctx.user.telegramId };
}

const timeZone = (ctx: SapatContext) => ctx.institution?.timeZone ?? "Asia/Bishkek";

/** Whole questions per message, as many as fit. */
function parts(text: string): string[] {
  const out: string[] = [];
  let part = "";
  for (const block of text.split("\n\n")) {
    if (part && part.length + block.length + 2 > PART) {
      out.push(part);
      part = "";
    }
    part = part ? `${part}\n\n${block}` : block.slice(0, PART);
  }
  if (part) out.push(part);
  return out;
}

async function onResults(ctx: SapatContext, payload: string) {
  const who = sender(ctx);
  if (!who) return void (await ctx.reply(problemText({ code: "needInvite", params: {} }, ctx)));
  const id = /^\s*#?(\d{1,9})\s*$/.exec(payload)?.[1];
  if (!id) return void (await ctx.reply(ctx.t("surveyResults.bot.usage")));
  const r = await surveyResultsFor(ctx.deps, who, Number(id));
  if (!r.ok) return void (await ctx.reply(problemText(r.problem, ctx)));
  const { survey, ...rest } = r.value;
  const facts: ResultsFacts = {
    ...rest,
    id: survey.id,
    title: titleIn(survey, ctx.lng),
    opensAt: survey.opensAt,
    closesAt: survey.closesAt,
  };
  await ctx.reply(ratesText(ctx.t, ctx.lng, facts, timeZone(ctx)));
  const answers = answersText(ctx.t, ctx.lng, facts, timeZone(ctx));
  if (answers) for (const part of parts(answers)) await ctx.reply(part);
  const shown = answersShown(facts) ? facts : { ...facts, questions: facts.questions.map((q) => ({ ...q, answers: [] })) };
  for (const [i, q] of shown.questions.entries()) {
    if (!q.answers.length) continue;
    const chart = questionChart(ctx.t, ctx.lng, shown, q);
    await replyWithChart(ctx, {
      key: `survey-results:${survey.id}:${i}:${ctx.lng}:${JSON.stringify(chart.values)}:${q.answered}`,
      caption: chart.caption,
      filename: `survey-${survey.id}-q${i + 1}.png`,
      render: () => renderShareBars(chart),
    });
  }
  if (!facts.rate.responses) return;
  await ctx.sendChatAction("upload_document");
  const bytes = await writeWorkbook(surveyWorkbook(shown, surveyWorkbookWords(ctx.t, shown)), ctx.lng);
  await ctx.replyWithDocument(
    { source: bytes, filename: `survey-${survey.id}-results.xlsx` },
    { caption: ctx.t("surveyResults.workbookCaption", { id: survey.id, title: facts.title }) },
  );
}

/**
 * A downloaded document that is a form's export: held, and the sender asked which survey it
 * is for. False when it is no export (the upload feature goes on with it as an import).
 */
export async function offerResponsesImport(ctx: SapatContext, fileName: string, bytes: Uint8Array): Promise<boolean> {
  const who = sender(ctx);
  if (!who || !(await isResponsesFile(bytes))) return false;
  const held = await holdResponsesFile(ctx.deps, who, { fileName, bytes });
  if (!held.ok) {
    await ctx.reply(problemText(held.problem, ctx));
    return true;
  }
  const { uploadId, surveys } = held.value;
  if (!surveys.length) {
    await ctx.reply(ctx.t("surveyResults.bot.noSurveys"));
    return true;
  }
  const rows = surveys.map((s) => [
    Markup.button.callback(
      ctx.t("surveyResults.bot.surveyButton", { id: s.id, title: titleIn(s, ctx.lng) }).slice(0, 60),
      encode({ op: "survey", uploadId, surveyId: s.id }),
    ),
  ]);
  rows.push([Markup.button.callback(ctx.t("surveyResults.bot.cancel"), encode({ op: "cancel", uploadId }))]);
  await ctx.reply(ctx.t("surveyResults.bot.choose", { fileName }), Markup.inlineKeyboard(rows));
  return true;
}

async function pressed(
  ctx: SapatContext,
  press: Exclude<Press, { op: "results" }>,
): Promise<{ text: string; keyboard?: object } | Problem> {
  const who = sender(ctx);
  if (!who) return { code: "needInvite", params: {} };
  if (press.op === "cancel") {
    await cancelHeldResponses(ctx.deps, { telegramId: who.telegramId, uploadId: press.uploadId });
    return { text: ctx.t("surveyResults.bot.cancelled") };
  }
  const ref = { telegramId: who.telegramId, uploadId: press.uploadId, surveyId: press.surveyId };
  const r = await importHeldResponses(ctx.deps, who, ref, { timeZone: timeZone(ctx), write: press.op === "import" });
  if (!r.ok) return r.problem;
  const text = importPreviewText(ctx.t, ctx.lng, r.value, titleIn(r.value.survey, ctx.lng));
  if (r.value.written) return { text };
  const keyboard = Markup.inlineKeyboard([
    [
      Markup.button.callback(ctx.t("surveyResults.bot.confirm"), encode({ ...ref, op: "import" })),
      Markup.button.callback(ctx.t("surveyResults.bot.cancel"), encode({ op: "cancel", uploadId: press.uploadId })),
    ],
  ]);
  return { text, keyboard };
}

async function onPress(ctx: SapatContext, press: Exclude<Press, { op: "results" }>) {
  const reply = await pressed(ctx, press);
  await ctx.answerCbQuery();
  // a refusal (another survey's export, a file gone) in its own message: the buttons stay to choose again
  if ("code" in reply) return void (await ctx.reply(problemText(reply, ctx)));
  await editPressed(ctx, reply.text, reply.keyboard ?? {});
}

export function surveyResultsFeature(): Composer<SapatContext> {
  const composer = new Composer<SapatContext>();
  composer.command("survey_results", (ctx) => onResults(ctx, ctx.payload));
  composer.action(CALLBACK_PATTERN, async (ctx) => {
    const press = decode(ctx.match[0]);
    if (!press) return void (await ctx.answerCbQuery());
    if (press.op === "results") {
      await ctx.answerCbQuery();
      return onResults(ctx, String(press.surveyId));
    }
    await onPress(ctx, press);
  });
  return composer;
}
