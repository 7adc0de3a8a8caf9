// What a survey's recipients are sent: the link message and the reminder, as locale keys
// rendered in each recipient's language (the title in theirs when given), with the personal
// link as a URL button (the delivery's own `link` parameter) and an "I have answered" button.
import { closingDay } from "../../../core/index.ts";
import type { StoredSurvey } from "../../../prisma/store/surveys.ts";
import type { CampaignMessageInput, MessageParam } from "../delivery/message.ts";

/** Callback data of "I have answered": "sv:a:<surveyId>". */
export const ANSWERED_PREFIX = "sv:a:";

export function answeredData(surveyId: number): string {
  return `${ANSWERED_PREFIX}${surveyId}`;
}

export function parseAnsweredData(data: string): number | null {
  const m = /^sv:a:(\d{1,9})$/.exec(data);
  return m ? Number(m[1]) : null;
}

export function titleParam(survey: StoredSurvey): MessageParam {
  const { ky, ru, en } = survey.titles;
  return { ky, ...(ru ? { ru } : {}), ...(en ? { en } : {}) };
}

/** The survey's title in a language, Kyrgyz where that one is missing. */
export function titleIn(survey: StoredSurvey, language: string): string {
  return (language === "ru" ? survey.titles.ru : language === "en" ? survey.titles.en : null) ?? survey.titles.ky;
}

/** The buttons under a survey message: the personal link and "I have answered". */
export function surveyButtons(surveyId: number) {
  return [
    [{ label: { key: "surveys.message.open" }, urlParam: "link" }],
    [{ label: { key: "surveys.message.answered" }, data: answeredData(surveyId) }],
  ];
}

function message(key: string, survey: StoredSurvey, timeZone: string): CampaignMessageInput {
  return {
    key,
    params: { title: titleParam(survey), closes: closingDay(survey.closesAt, timeZone) },
    buttons: surveyButtons(survey.id),
  };
}

export const linkMessage = (survey: StoredSurvey, timeZone: string) => message("surveys.message.link", survey, timeZone);
export const reminderMessage = (survey: StoredSurvey, timeZone: string) => message("surveys.message.reminder", survey, timeZone);
