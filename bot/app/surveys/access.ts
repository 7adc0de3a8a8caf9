// Which survey a sender may act on: one of their institution, whose audience lies in their
// scope (the delivery engine's rule: a dean his faculty, admins and leaders anything).
import { type Audience, audienceWithinScope, fail, type Outcome, ok, problem } from "../../../core/index.ts";
import { findSurvey, type StoredSurvey } from "../../../prisma/store/surveys.ts";
import { audienceSchema, type Sender } from "../delivery/audience.ts";
import type { Db } from "../deps.ts";

/** A stored survey's audience (an unreadable one reads as nobody in particular). */
export function surveyAudience(survey: StoredSurvey): Audience {
  try {
    const r = audienceSchema.safeParse(JSON.parse(survey.audienceJson));
    return r.success ? r.data : {};
  } catch {
    return {};
  }
}

export interface SurveyInScope {
  survey: StoredSurvey;
  audience: Audience;
}

export async function surveyFor(db: Db, sender: Sender, id: number): Promise<Outcome<SurveyInScope>> {
  const survey = await findSurvey(db, sender.institutionId, id);
  if (!survey) return fail(problem("surveyNotFound", { id }));
  const audience = surveyAudience(survey);
  const allowed = audienceWithinScope(sender.access, audience);
  if (!allowed.ok)
    return allowed.problem.code === "forbidden" ? fail(problem("surveyForbidden")) : fail(problem("surveyNotFound", { id }));
  return ok({ survey, audience });
}
