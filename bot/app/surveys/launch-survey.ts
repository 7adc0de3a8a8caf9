// Launching a survey: it becomes open, its close and reminders are scheduled as durable jobs,
// and (once it opens) one message per recipient is queued through the outbox, each with the
// personal link carrying that person's token. Recipients, tokens, the campaign and its
// deliveries are written in one transaction under the key `survey:<id>:launch`, so
// launching twice (a double press, a re-run job) sends nothing new.
import {
  fail,
  INSTITUTION_ACCESS,
  type Outcome,
  ok,
  personalLink,
  problem,
  type QuietHours,
  surveyPhase,
  surveyReminderTimes,
} from "../../../core/index.ts";
import { institutionById, listUnits } from "../../../prisma/store/institutions.ts";
import { scheduleJob } from "../../../prisma/store/jobs.ts";
import {
  insertRecipients,
  markLaunched,
  newSurveyToken,
  recipientTokens,
  type StoredSurvey,
} from "../../../prisma/store/surveys.ts";
import type { Recipient, Sender } from "../delivery/audience.ts";
import { createCampaign } from "../delivery/campaigns.ts";
import type { AppDeps, Institution } from "../deps.ts";
import { surveyAudience, surveyFor } from "./access.ts";
import { linkMessage } from "./survey-messages.ts";

export const launchKey = (surveyId: number) => `survey:${surveyId}:launch`;

export interface Launched {
  survey: StoredSurvey;
  /** queued now, waiting for the opening time, or launched before (nothing new) */
  state: "queued" | "waiting" | "already";
  campaignId: number | null;
  recipients: number;
}

export async function launchSurvey(
  deps: AppDeps,
  sender: Sender,
  surveyId: number,
  by: { createdBy: string; progress?: { chatId: string; messageId: number } },
): Promise<Outcome<Launched>> {
  const found = await surveyFor(deps.db, sender, surveyId);
  if (!found.ok) return found;
  let { survey } = found.value;
  const now = deps.now();
  if (surveyPhase(survey, now) === "closed") return fail(problem("surveyClosed", { id: survey.id }));
  const institution = await institutionById(deps.db, sender.institutionId);
  if (!institution) return fail(problem("surveyNotFound", { id: surveyId }));
  const first = survey.status === "draft" && (await markLaunched(deps.db, survey.id, now));
  if (first) {
    survey = { ...survey, status: "open", launchedAt: now };
    await scheduleSurveyJobs(deps, survey, institution);
  }
  if (now.getTime() < survey.opensAt.getTime()) return ok({ survey, state: "waiting", campaignId: null, recipients: 0 });
  const r = await queueSurvey(deps, sender, survey, by);
  if (!r.ok) return r;
  return ok({
    survey,
    state: r.value.created ? "queued" : "already",
    campaignId: r.value.campaignId,
    recipients: r.value.recipients,
  });
}

/** The close, the reminders, and the launch itself when the survey opens later: keyed, so scheduled once. */
async function scheduleSurveyJobs(deps: AppDeps, survey: StoredSurvey, institution: Institution): Promise<void> {
  const base = { institutionId: institution.id };
  const payload = (lead?: number) => JSON.stringify({ surveyId: survey.id, ...(lead !== undefined ? { lead } : {}) });
  const now = deps.now();
  if (survey.opensAt.getTime() > now.getTime())
    await scheduleJob(deps.db, {
      ...base,
      key: launchKey(survey.id),
      kind: "survey-launch",
      payload: payload(),
      dueAt: survey.opensAt,
      quietHours: true,
    });
  const from = new Date(Math.max(now.getTime(), survey.opensAt.getTime()));
  for (const { lead, at } of surveyReminderTimes(survey.reminders.leadHours, from, survey.closesAt, quietOf(institution)))
    await scheduleJob(deps.db, {
      ...base,
      key: `survey:${survey.id}:remind:${lead}h`,
      kind: "survey-remind",
      payload: payload(lead),
      dueAt: at,
      quietHours: true,
    });
  await scheduleJob(deps.db, {
    ...base,
    key: `survey:${survey.id}:close`,
    kind: "survey-close",
    payload: payload(),
    dueAt: survey.closesAt,
    quietHours: false,
  });
}

/** The survey's links to everyone its audience selects now (once per survey: its key). */
export async function queueSurvey(
  deps: AppDeps,
  sender: Sender,
  survey: StoredSurvey,
  by: { createdBy: string; progress?: { chatId: string; messageId: number } },
): Promise<Outcome<{ created: boolean; campaignId: number; recipients: number }>> {
  const institution = await institutionById(deps.db, survey.institutionId);
  if (!institution) return fail(problem("surveyNotFound", { id: survey.id }));
  const now = deps.now();
  const r = await createCampaign(deps, {
    sender,
    kind: "survey",
    category: "surveys",
    audience: surveyAudience(survey),
    message: linkMessage(survey, institution.timeZone),
    idempotencyKey: launchKey(survey.id),
    createdBy: by.createdBy,
    ...(by.progress ? { progress: by.progress } : {}),
    personalize: async (recipients) => {
      const tokens = await recipientTokens(deps.db, survey.id);
      const units = new Map((await listUnits(deps.db, survey.institutionId)).map((u) => [u.id, u.code]));
      const fresh = recipients.filter((p) => !tokens.has(p.userId)).map((p) => snapshot(p, units));
      for (const f of fresh) tokens.set(f.userId, f.token);
      return {
        params: (p) => ({ link: personalLink(survey.formUrl, survey.tokenField, tokens.get(p.userId) as string) }),
        write: async (tx) => {
          await insertRecipients(tx, survey.id, fresh, now);
        },
      };
    },
  });
  if (!r.ok) return r;
  return ok({ created: r.value.created, campaignId: r.value.campaign.id, recipients: r.value.recipients });
}

/** Where the person stood at launch, with a fresh token. */
function snapshot(p: Recipient, units: Map<number, string>) {
  return {
    userId: p.userId,
    token: newSurveyToken(),
    role: p.role,
    unitCode: p.scopeUnitId === null ? null : (units.get(p.scopeUnitId) ?? null),
    course: p.course,
    form: p.form,
    groupName: p.groupName,
  };
}

/** Scheduled launches and reminders go out as the institution: the creator's scope was checked at launch. */
export const institutionSender = (institutionId: number): Sender => ({ access: INSTITUTION_ACCESS, institutionId });

/** The institution's quiet hours (as the delivery engine's jobs read them). */
export function quietOf(institution: Institution): QuietHours {
  return { start: institution.quietHoursStart, end: institution.quietHoursEnd, timeZone: institution.timeZone };
}
