// /survey and /surveys in words and buttons: the step prompts, the audience buttons of the
// sender's scope (the same choices as /announce), the preview, the list, "My surveys".

import { Markup } from "telegraf";
import type { InlineKeyboardButton } from "telegraf/types";
import { type Access, closingDay } from "../../../core/index.ts";
import { audienceChoices } from "../../app/delivery/announcement-draft.ts";
import type { MySurvey } from "../../app/surveys/answers.ts";
import type { CreatedSurvey } from "../../app/surveys/create-survey.ts";
import { titleIn } from "../../app/surveys/survey-messages.ts";
import type { SurveyStatus } from "../../app/surveys/survey-status.ts";
import type { SapatContext } from "../../context.ts";
import { audienceSentence } from "../../present/delivery.ts";
import { opensText, reminderHoursText, surveyStatusText } from "../../present/surveys.ts";
import { choiceLabel } from "../announce/message.ts";
import { encode as encodeResults } from "../survey-results/callback-data.ts";
import { encode } from "./callback-data.ts";

type Wording = Pick<SapatContext, "t" | "lng">;

export function audienceKeyboard(w: Wording, access: Access) {
  const { choices, unit } = audienceChoices(access);
  const rows = choices.map((choice) => [
    Markup.button.callback(choiceLabel(w, choice, unit), encode({ op: "audience", choice })),
  ]);
  return Markup.inlineKeyboard(rows);
}

export function previewText(w: Wording, p: CreatedSurvey, timeZone: string): string {
  const s = p.survey;
  return w.t("surveys.bot.preview", {
    title: s.titles.ky,
    url: s.formUrl + (s.tokenField ? ` (${s.tokenField})` : ""),
    audience: audienceSentence(w.t, w.lng, p.audience, p.recipients),
    opens: opensText(s.opensAt, timeZone),
    closes: closingDay(s.closesAt, timeZone),
    reminders: reminderHoursText(s.reminders.leadHours),
  });
}

export function previewKeyboard(w: Wording, surveyId: number) {
  return Markup.inlineKeyboard([
    [Markup.button.callback(w.t("surveys.bot.launch"), encode({ op: "launch", surveyId }))],
    [Markup.button.callback(w.t("surveys.bot.cancel"), encode({ op: "cancel", surveyId }))],
  ]);
}

export function listText(w: Wording, list: readonly SurveyStatus[], timeZone: string): string {
  if (!list.length) return w.t("surveys.bot.none");
  const blocks = list.map((s) =>
    surveyStatusText(
      w.t,
      w.lng,
      { ...s, id: s.survey.id, title: titleIn(s.survey, w.lng), opensAt: s.survey.opensAt, closesAt: s.survey.closesAt },
      timeZone,
    ),
  );
  return [w.t("surveys.bot.listTitle"), ...blocks].join("\n\n");
}

/** A poster button for every survey shown, a close button for the open ones. */
export function listKeyboard(w: Wording, list: readonly SurveyStatus[]) {
  const rows: InlineKeyboardButton[][] = list
    .filter((s) => s.phase !== "draft")
    .map((s) => {
      const row = [
        Markup.button.callback(w.t("surveys.bot.poster", { id: s.survey.id }), encode({ op: "poster", surveyId: s.survey.id })),
        // the survey's results (bot/features/survey-results)
        Markup.button.callback(
          w.t("surveyResults.bot.resultsButton", { id: s.survey.id }),
          encodeResults({ op: "results", surveyId: s.survey.id }),
        ),
      ];
      if (s.phase !== "closed")
        row.push(
          Markup.button.callback(w.t("surveys.bot.close", { id: s.survey.id }), encode({ op: "close", surveyId: s.survey.id })),
        );
      return row;
    });
  return Markup.inlineKeyboard(rows);
}

export function mineText(w: Wording, mine: readonly MySurvey[], timeZone: string): string {
  if (!mine.length) return w.t("surveys.bot.mineNone");
  const lines = mine.map((m) =>
    w.t("surveys.bot.mineItem", {
      title: titleIn(m.survey, w.lng),
      closes: closingDay(m.survey.closesAt, timeZone),
      mark: m.answered ? " ✅" : "",
    }),
  );
  return [w.t("surveys.bot.mineTitle"), ...lines].join("\n");
}

/** Each open survey's own link as a button. */
export function mineKeyboard(w: Wording, mine: readonly MySurvey[]) {
  return Markup.inlineKeyboard(mine.map((m) => [Markup.button.url(titleIn(m.survey, w.lng).slice(0, 60), m.link)]));
}
