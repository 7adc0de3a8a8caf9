// A recipient's side: "I have answered" (recorded once; pressing again changes nothing) and
// "My surveys" — the open surveys they received, with their own links.
import { fail, type Outcome, ok, personalLink, problem, surveyPhase } from "../../../core/index.ts";
import { confirmAnswered, findSurvey, openSurveysOf, type StoredSurvey } from "../../../prisma/store/surveys.ts";
import { activeUser } from "../../../prisma/store/users.ts";
import type { AppDeps } from "../deps.ts";

export interface Confirmed {
  survey: StoredSurvey;
  /** false when it had been pressed before */
  first: boolean;
}

export async function confirmAnswer(deps: AppDeps, telegramId: string, surveyId: number): Promise<Outcome<Confirmed>> {
  const user = await activeUser(deps.db, telegramId);
  if (!user) return fail(problem("surveyNotFound", { id: surveyId }));
  const survey = await findSurvey(deps.db, user.institutionId, surveyId);
  if (!survey) return fail(problem("surveyNotFound", { id: surveyId }));
  const r = await confirmAnswered(deps.db, survey.id, user.id, deps.now());
  if (r === "notRecipient") return fail(problem("surveyNotFound", { id: surveyId }));
  return ok({ survey, first: r === "confirmed" });
}

export interface MySurvey {
  survey: StoredSurvey;
  link: string;
  answered: boolean;
}

export async function mySurveys(deps: AppDeps, telegramId: string): Promise<MySurvey[]> {
  const user = await activeUser(deps.db, telegramId);
  if (!user) return [];
  const now = deps.now();
  const open = await openSurveysOf(deps.db, user.id, now);
  return open
    .filter((o) => surveyPhase(o.survey, now) === "open")
    .map((o) => ({ survey: o.survey, link: personalLink(o.survey.formUrl, o.survey.tokenField, o.token), answered: o.answered }));
}
