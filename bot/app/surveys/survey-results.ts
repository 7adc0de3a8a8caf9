// A survey's results for whoever may see them: admins and leaders any survey, a dean or head
// only surveys within his scope and only his units' rows (the rate, the groups and the
// distributions are then over his units' recipients and responses alone).
import {
  canSeeUnit,
  effectiveScope,
  fail,
  type Outcome,
  ok,
  problem,
  roleCan,
  type SurveyPhase,
  type SurveyResults,
  surveyPhase,
  surveyResults,
} from "../../../core/index.ts";
import { recipientReach, responsesOf } from "../../../prisma/store/survey-responses.ts";
import { recipientUserIds, type StoredSurvey } from "../../../prisma/store/surveys.ts";
import { listUnitsWithAliases } from "../../../prisma/store/units.ts";
import type { Sender } from "../delivery/audience.ts";
import type { AppDeps } from "../deps.ts";
import { surveyAudience, surveyFor } from "./access.ts";
import { launchKey } from "./launch-survey.ts";
import { notJoined } from "./not-joined.ts";

export interface SurveyResultsView extends SurveyResults {
  survey: StoredSurvey;
  phase: SurveyPhase;
  /** true when the rows are the sender's units only */
  scoped: boolean;
}

export async function surveyResultsFor(deps: AppDeps, sender: Sender, id: number): Promise<Outcome<SurveyResultsView>> {
  if (!roleCan(sender.access.role, "viewFigures")) return fail(problem("surveyForbidden"));
  const found = await surveyFor(deps.db, sender, id);
  if (!found.ok) return found;
  const { survey } = found.value;
  const scoped = effectiveScope(sender.access).kind === "unit";
  // a dean's view: his units' rows only (a response of no known unit is no unit's)
  const mine = (r: { unitCode: string | null }) => !scoped || (r.unitCode !== null && canSeeUnit(sender.access, r.unitCode));
  const [recipients, responses, units] = await Promise.all([
    recipientReach(deps.db, survey.id, launchKey(survey.id)),
    responsesOf(deps.db, survey.id),
    listUnitsWithAliases(deps.db, survey.institutionId),
  ]);
  // roster students who got no link are in the audience, never reached
  const ids = await recipientUserIds(deps.db, survey.id);
  const outside = (await notJoined(deps.db, survey.institutionId, surveyAudience(survey), ids)).map((r) => ({
    ...r,
    reachable: false,
  }));
  const results = surveyResults(
    [...recipients, ...outside].filter(mine),
    responses.filter(mine),
    // rows in the institution's unit order (units are shown by their codes, as in every table)
    units.map((u) => u.code),
  );
  return ok({
    ...results,
    survey,
    phase: surveyPhase(survey, deps.now()),
    scoped,
  });
}
