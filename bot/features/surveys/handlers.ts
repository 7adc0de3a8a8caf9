// Surveys in the bot: /survey (admins, leaders, deans) — title, link, audience, dates, then a
// preview with Launch / Cancel; Launch turns the preview into the progress line the worker
// edits in place, and a second press queues nothing. /surveys lists them with their rates,
// a QR poster and Close each. Recipients press "I have answered" under the survey message
// (the button then gives way to a thank-you), and find their open surveys under "My surveys".
import { Composer } from "telegraf";
import type { InlineKeyboardButton } from "telegraf/types";
import { canAnnounce, closingDay, type Problem, problem } from "../../../core/index.ts";
import { choiceAudience } from "../../app/delivery/announcement-draft.ts";
import { confirmAnswer, mySurveys } from "../../app/surveys/answers.ts";
import { launchSurvey } from "../../app/surveys/launch-survey.ts";
import { surveyPoster } from "../../app/surveys/poster.ts";
import {
  type Asker,
  answerSurveyDialogue,
  cancelSurveyDraft,
  chooseAudience,
  type DialogueAnswer,
  type SurveyStep,
  startSurveyDialogue,
  surveyDialogue,
} from "../../app/surveys/survey-dialogue.ts";
import { parseAnsweredData, titleIn } from "../../app/surveys/survey-messages.ts";
import { closeSurvey, surveyList } from "../../app/surveys/survey-status.ts";
import type { SapatContext } from "../../context.ts";
import { renderPoster } from "../../io/qr-poster.ts";
import { problemText } from "../../present/problem.ts";
import { opensText } from "../../present/surveys.ts";
import { editWithoutPreview as edit, NO_PREVIEW } from "../edit-pressed.ts";
import { menuLabels } from "../menu/keyboards.ts";
import { CALLBACK_PATTERN, decode } from "./callback-data.ts";
import { audienceKeyboard, listKeyboard, listText, mineKeyboard, mineText, previewKeyboard, previewText } from "./message.ts";

function asker(ctx: SapatContext): Asker | null {
  if (!ctx.user || !ctx.access || !ctx.chat || !canAnnounce(ctx.access)) return null;
  return {
    access: ctx.access,
    institutionId: ctx.user.institutionId,
    telegramId: ctx.user.telegramId,
    chatId: String(ctx.chat.id),
  };
}

const refusal = (ctx: SapatContext): Problem => problem(ctx.user ? "surveyForbidden" : "needInvite");
const timeZone = (ctx: SapatContext) => ctx.institution?.timeZone ?? "Asia/Bishkek";

async function ask(ctx: SapatContext, who: Asker, step: SurveyStep) {
  if (step === "audience") return void (await ctx.reply(ctx.t("surveys.bot.askAudience"), audienceKeyboard(ctx, who.access)));
  const key = { title: "askTitle", url: "askUrl", dates: "askDates" }[step];
  await ctx.reply(ctx.t(`surveys.bot.${key}`), NO_PREVIEW);
}

async function answered(ctx: SapatContext, who: Asker, r: DialogueAnswer) {
  if ("next" in r) return ask(ctx, who, r.next);
  await ctx.reply(previewText(ctx, r.preview, timeZone(ctx)), { ...NO_PREVIEW, ...previewKeyboard(ctx, r.preview.survey.id) });
}

async function mine(ctx: SapatContext) {
  if (!ctx.from) return;
  const list = await mySurveys(ctx.deps, String(ctx.from.id));
  await ctx.reply(mineText(ctx, list, timeZone(ctx)), list.length ? mineKeyboard(ctx, list) : undefined);
}

export function surveysFeature(): Composer<SapatContext> {
  const composer = new Composer<SapatContext>();

  composer.command("survey", async (ctx) => {
    const who = asker(ctx);
    if (!who) return void (await ctx.reply(problemText(refusal(ctx), ctx)));
    const r = await startSurveyDialogue(ctx.deps, who);
    if (!r.ok) return void (await ctx.reply(problemText(r.problem, ctx)));
    await ask(ctx, who, r.value);
  });

  composer.command("surveys", async (ctx) => {
    const who = asker(ctx);
    if (!who) return mine(ctx);
    const r = await surveyList(ctx.deps, who);
    if (!r.ok) return void (await ctx.reply(problemText(r.problem, ctx)));
    await ctx.reply(listText(ctx, r.value, timeZone(ctx)), r.value.length ? listKeyboard(ctx, r.value) : undefined);
  });

  composer.command("mysurveys", mine);
  composer.hears(menuLabels("surveys"), mine);

  // the next plain text of someone in the /survey dialogue; anyone else's goes on untouched
  composer.on("text", async (ctx, next) => {
    if (ctx.message.text.startsWith("/")) return next();
    const who = asker(ctx);
    if (!who || !(await surveyDialogue(ctx.deps, who.chatId))) return next();
    const r = await answerSurveyDialogue(ctx.deps, who, ctx.message.text);
    if (!r) return next();
    if (!r.ok) return void (await ctx.reply(problemText(r.problem, ctx)));
    await answered(ctx, who, r.value);
  });

  // "I have answered": recorded once; the button gives way to a thank-you, the link stays
  composer.action(/^sv:a:\d{1,9}$/, async (ctx) => {
    const id = parseAnsweredData(ctx.match[0]);
    if (id === null || !ctx.from) return void (await ctx.answerCbQuery());
    const r = await confirmAnswer(ctx.deps, String(ctx.from.id), id);
    if (!r.ok) return void (await ctx.answerCbQuery(problemText(r.problem, ctx)));
    await ctx.answerCbQuery(ctx.t(r.value.first ? "surveys.message.thanks" : "surveys.message.already"));
    const message = ctx.callbackQuery.message;
    if (!message || !("text" in message)) return;
    const rows = (message.reply_markup?.inline_keyboard ?? [])
      .map((row) => row.filter((b: InlineKeyboardButton) => "url" in b))
      .filter((row) => row.length > 0);
    await edit(
      ctx,
      `${message.text}\n\n${ctx.t("surveys.message.thanks")}`,
      rows.length ? { reply_markup: { inline_keyboard: rows } } : {},
    );
  });

  composer.action(CALLBACK_PATTERN, async (ctx) => {
    const press = decode(ctx.match[0]);
    if (!press) return void (await ctx.answerCbQuery());
    const who = asker(ctx);
    if (!who) return void (await ctx.answerCbQuery(problemText(refusal(ctx), ctx)));
    const refuse = async (p: Problem) => {
      await ctx.answerCbQuery();
      await ctx.reply(problemText(p, ctx));
    };
    switch (press.op) {
      case "audience": {
        const audience = choiceAudience(who.access, press.choice);
        if (!audience) return void (await ctx.answerCbQuery());
        const r = await chooseAudience(ctx.deps, who, audience);
        if (!r.ok) return refuse(r.problem);
        await ctx.answerCbQuery();
        return answered(ctx, who, r.value);
      }
      case "launch": {
        const pressed = ctx.callbackQuery.message;
        const progress = pressed ? { chatId: who.chatId, messageId: pressed.message_id } : undefined;
        const r = await launchSurvey(ctx.deps, who, press.surveyId, {
          createdBy: who.telegramId,
          ...(progress ? { progress } : {}),
        });
        if (!r.ok) return refuse(r.problem);
        const { survey, state } = r.value;
        if (state === "already") return void (await ctx.answerCbQuery(ctx.t("surveys.bot.already", { id: survey.id })));
        await ctx.answerCbQuery();
        const text =
          state === "waiting"
            ? ctx.t("surveys.bot.waiting", { id: survey.id, opens: opensText(survey.opensAt, timeZone(ctx)) })
            : ctx.t("surveys.bot.launching", { id: survey.id });
        return edit(ctx, text);
      }
      case "cancel": {
        const r = await cancelSurveyDraft(ctx.deps, who, press.surveyId);
        if (!r.ok) return void (await ctx.answerCbQuery(problemText(r.problem, ctx), { show_alert: true }));
        await ctx.answerCbQuery();
        return edit(ctx, ctx.t("surveys.bot.cancelled"));
      }
      case "poster": {
        const r = await surveyPoster(ctx.deps, who, press.surveyId);
        if (!r.ok) return refuse(r.problem);
        await ctx.answerCbQuery();
        const { survey, url } = r.value;
        const closes = ctx.t("surveys.poster.closes", { closes: closingDay(survey.closesAt, timeZone(ctx)) });
        const png = renderPoster({ title: titleIn(survey, ctx.lng), closes, hint: ctx.t("surveys.poster.hint"), url });
        await ctx.replyWithDocument(
          { source: png, filename: `survey-${survey.id}-qr.png` },
          { caption: titleIn(survey, ctx.lng) },
        );
        return;
      }
      case "close": {
        const r = await closeSurvey(ctx.deps, who, press.surveyId);
        if (!r.ok) return refuse(r.problem);
        await ctx.answerCbQuery(
          ctx.t(r.value.closed ? "surveys.cli.closed" : "surveys.cli.alreadyClosed", { id: press.surveyId }),
        );
        return;
      }
    }
  });
  return composer;
}
