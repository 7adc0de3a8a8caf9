// How far a survey has got: the audience, those the link could reach, sent, unreachable
// (blocked, never started the bot, failed), "I have answered" and responses found in the
// imported export; the list of surveys with their rates; closing one by hand.
import {
  type Audience,
  fail,
  type Outcome,
  ok,
  problem,
  type ResponseRate,
  responseRate,
  type SurveyPhase,
  surveyPhase,
} from "../../../core/index.ts";
import { campaignCounts, findCampaignByKey } from "../../../prisma/store/outbox.ts";
import { listSurveys, markClosed, recipientCounts, recipientUserIds, type StoredSurvey } from "../../../prisma/store/surveys.ts";
import { resolveAudience, type Sender } from "../delivery/audience.ts";
import type { AppDeps } from "../deps.ts";
import { surveyAudience, surveyFor } from "./access.ts";
import { launchKey } from "./launch-survey.ts";
import { notJoined } from "./not-joined.ts";

export interface SurveyCounts {
  audience: number;
  reachable: number;
  sent: number;
  unreachable: number;
  confirmed: number;
  responses: number;
}

export interface SurveyStatus {
  survey: StoredSurvey;
  audience: Audience;
  phase: SurveyPhase;
  counts: SurveyCounts;
  /** answered (confirmed or responded, each person once) over the audience and over those reached */
  rate: ResponseRate;
}

async function countsOf(
  deps: AppDeps,
  sender: Sender,
  survey: StoredSurvey,
  audience: Audience,
): Promise<SurveyCounts & { answered: number }> {
  const campaign = await findCampaignByKey(deps.db, launchKey(survey.id));
  if (!campaign) {
    // not sent yet: who the audience selects now
    const r = await resolveAudience(deps.db, sender, audience);
    const people = r.ok ? r.value.recipients : [];
    const reachable = people.filter((p) => !p.unreachableReason).length;
    const outside = await notJoined(deps.db, survey.institutionId, audience, new Set(people.map((p) => p.userId)));
    return {
      audience: people.length + outside.length,
      reachable,
      sent: 0,
      unreachable: people.length - reachable,
      confirmed: 0,
      responses: 0,
      answered: 0,
    };
  }
  const [c, answers, ids] = await Promise.all([
    campaignCounts(deps.db, campaign.id),
    recipientCounts(deps.db, survey.id),
    recipientUserIds(deps.db, survey.id),
  ]);
  const outside = await notJoined(deps.db, survey.institutionId, audience, ids);
  const unreachable = c.unreachable + c.failed;
  return {
    // everyone the audience selects: those sent the link, and roster students who got none
    audience: c.total + outside.length,
    reachable: c.total - unreachable - c.skipped,
    sent: c.sent,
    unreachable,
    confirmed: answers.confirmed,
    responses: answers.responded,
    answered: answers.answered,
  };
}

export async function surveyStatus(deps: AppDeps, sender: Sender, id: number): Promise<Outcome<SurveyStatus>> {
  const found = await surveyFor(deps.db, sender, id);
  if (!found.ok) return found;
  return ok(await statusOf(deps, sender, found.value.survey));
}

async function statusOf(deps: AppDeps, sender: Sender, survey: StoredSurvey): Promise<SurveyStatus> {
  const audience = surveyAudience(survey);
  const { answered, ...counts } = await countsOf(deps, sender, survey, audience);
  return {
    survey,
    audience,
    phase: surveyPhase(survey, deps.now()),
    counts,
    rate: responseRate({ responses: answered, audience: counts.audience, reachable: counts.reachable }),
  };
}

/** The latest surveys the sender may see (drafts too), newest first. */
export async function surveyList(deps: AppDeps, sender: Sender): Promise<Outcome<SurveyStatus[]>> {
  const all = await listSurveys(deps.db, sender.institutionId, { drafts: true });
  const out: SurveyStatus[] = [];
  for (const survey of all) {
    const found = await surveyFor(deps.db, sender, survey.id);
    if (found.ok) out.push(await statusOf(deps, sender, survey));
  }
  return ok(out);
}

/** Closes a survey now: no reminders after this, responses still import. */
export async function closeSurvey(
  deps: AppDeps,
  sender: Sender,
  id: number,
): Promise<Outcome<{ survey: StoredSurvey; closed: boolean }>> {
  const found = await surveyFor(deps.db, sender, id);
  if (!found.ok) return found;
  const closed = await markClosed(deps.db, id, deps.now());
  if (!closed && found.value.survey.status !== "closed") return fail(problem("surveyNotFound", { id }));
  return ok({ survey: { ...found.value.survey, status: "closed" }, closed });
}
