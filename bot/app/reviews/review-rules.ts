// The institution's rule for review summaries: shown to anyone who sees figures, changed by
// the quality department (sapat review rule).
import { can, fail, type Outcome, ok, problem, type ReviewRules } from "../../../core/index.ts";
import { getReviewRules, putReviewRules } from "../../../prisma/store/review-rules.ts";
import type { Actor, AppDeps } from "../deps.ts";
import { authorizeReview } from "./review-summary.ts";

export async function showReviewRules(deps: AppDeps, actor: Actor): Promise<Outcome<ReviewRules>> {
  const who = authorizeReview(actor);
  if (!who.ok) return who;
  return ok(await getReviewRules(deps.db, who.value.id));
}

/** The stored rule with the given parts changed; the whole rule as it now is. */
export async function setReviewRules(deps: AppDeps, actor: Actor, change: Partial<ReviewRules>): Promise<Outcome<ReviewRules>> {
  const who = authorizeReview(actor);
  if (!who.ok) return who;
  if (!actor.access || !can(actor.access, "manageSettings")) return fail(problem("forbidden"));
  const rules = { ...(await getReviewRules(deps.db, who.value.id)), ...change };
  await putReviewRules(deps.db, who.value.id, rules);
  return ok(rules);
}
