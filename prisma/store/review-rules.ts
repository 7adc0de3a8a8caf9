// An institution's rule for external-review summaries (core/reviews/summary.ts), kept as one
// JSON setting per institution. A value this code cannot read (an older or hand-edited one)
// falls back field by field to the defaults rather than stopping every summary.
import { z } from "zod";
import { DEFAULT_REVIEW_RULES, FULFILLED_RULES, type ReviewRules } from "../../core/index.ts";
import type { Db } from "./db.ts";
import { getSetting, putSetting } from "./users.ts";

const key = (institutionId: number) => `reviewRules:${institutionId}`;

const stored = z.object({
  fulfilled: z.enum(FULFILLED_RULES).catch(DEFAULT_REVIEW_RULES.fulfilled),
  allowUnfulfilled: z.number().int().min(0).catch(DEFAULT_REVIEW_RULES.allowUnfulfilled),
  termYears: z.number().int().min(1).catch(DEFAULT_REVIEW_RULES.termYears),
});

export async function getReviewRules(db: Db, institutionId: number): Promise<ReviewRules> {
  const raw = await getSetting(db, key(institutionId));
  if (raw === null) return DEFAULT_REVIEW_RULES;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return DEFAULT_REVIEW_RULES;
  }
  return stored.parse(typeof json === "object" && json !== null ? json : {});
}

export async function putReviewRules(db: Db, institutionId: number, rules: ReviewRules): Promise<void> {
  await putSetting(db, key(institutionId), JSON.stringify(rules));
}
