// A survey's scheduled work (jobs keyed `survey:<id>:…`, run by the worker's scheduler): the
// links when a survey opens later than it was launched, each reminder — only to recipients
// who neither pressed "I have answered" nor appear in imported responses, within the
// maximum count and the minimum gap — and the close. A closed survey sends nothing.
import { z } from "zod";
import {
  dueForReminder,
  fail,
  type Outcome,
  ok,
  personalLink,
  problem,
  type QuietHours,
  surveyPhase,
} from "../../../core/index.ts";
import type { Job } from "../../../prisma/store/jobs.ts";
import { findSurvey, markClosed, markReminded, recipientTokens, unansweredRecipients } from "../../../prisma/store/surveys.ts";
import { createCampaign } from "../delivery/campaigns.ts";
import type { AppDeps, Institution } from "../deps.ts";
import { institutionSender, queueSurvey } from "./launch-survey.ts";
import { reminderMessage } from "./survey-messages.ts";

export const SURVEY_JOB_KINDS = ["survey-launch", "survey-remind", "survey-close"] as const;

export function isSurveyJob(kind: string): boolean {
  return (SURVEY_JOB_KINDS as readonly string[]).includes(kind);
}

const payloadSchema = z.object({ surveyId: z.number().int().min(1), lead: z.number().int().min(0).optional() });

export type SurveyJobResult = "sent" | "closed" | "nobody" | "waiting";

export async function runSurveyJob(
  deps: AppDeps,
  job: Job,
  institution: Institution,
  quiet: QuietHours,
): Promise<Outcome<SurveyJobResult>> {
  const { surveyId, lead } = payloadSchema.parse(JSON.parse(job.payload));
  const survey = await findSurvey(deps.db, institution.id, surveyId);
  if (!survey) return fail(problem("surveyNotFound", { id: surveyId }));
  const now = deps.now();
  if (job.kind === "survey-close") {
    await markClosed(deps.db, survey.id, now);
    return ok("closed");
  }
  const phase = surveyPhase(survey, now);
  if (phase === "closed" || phase === "draft") return ok("closed");
  if (phase === "waiting") return ok("waiting");
  if (job.kind === "survey-launch") {
    const r = await queueSurvey(deps, institutionSender(institution.id), survey, { createdBy: "scheduler" });
    return r.ok ? ok("sent") : r;
  }
  return remind(deps, survey, institution, quiet, lead ?? 0);
}

async function remind(
  deps: AppDeps,
  survey: NonNullable<Awaited<ReturnType<typeof findSurvey>>>,
  institution: Institution,
  quiet: QuietHours,
  lead: number,
): Promise<Outcome<SurveyJobResult>> {
  const now = deps.now();
  const due = dueForReminder(await unansweredRecipients(deps.db, survey.id), now, survey.reminders, survey.closesAt, quiet);
  if (due.length === 0) return ok("nobody");
  const tokens = await recipientTokens(deps.db, survey.id);
  const r = await createCampaign(deps, {
    sender: institutionSender(institution.id),
    kind: "survey-reminder",
    category: "surveys",
    audience: { users: due.map((p) => p.telegramId) },
    message: reminderMessage(survey, institution.timeZone),
    idempotencyKey: `survey:${survey.id}:remind:${lead}h`,
    createdBy: "scheduler",
    personalize: async () => ({
      params: (p) => {
        const token = tokens.get(p.userId);
        return token ? { link: personalLink(survey.formUrl, survey.tokenField, token) } : null;
      },
      write: (tx) =>
        markReminded(
          tx,
          survey.id,
          due.map((p) => p.userId),
          now,
        ),
    }),
  });
  return r.ok ? ok("sent") : r;
}
