// /survey step by step: title → form link (and its token field) → audience (buttons of the
// sender's scope or the typed short form) → dates; then the survey is stored as a draft and
// previewed with its count. The steps live in the Dialogue table (a restart loses nothing);
// each answer is checked as it comes, and a refused one keeps the step.
import { z } from "zod";
import {
  type Audience,
  canAnnounce,
  fail,
  formatAudience,
  type Outcome,
  ok,
  parseAudience,
  parseFormUrl,
  parseTokenField,
  problem,
} from "../../../core/index.ts";
import { deleteDraft } from "../../../prisma/store/surveys.ts";
import { audienceSchema, resolveAudience, type Sender } from "../delivery/audience.ts";
import type { AppDeps } from "../deps.ts";
import { dropDialogue, loadDialogue, storeDialogue } from "../entry/dialogue.ts";
import { surveyFor } from "./access.ts";
import { type CreatedSurvey, createSurvey, MAX_TITLE } from "./create-survey.ts";

export const SURVEY_STEPS = ["title", "url", "audience", "dates"] as const;
export type SurveyStep = (typeof SURVEY_STEPS)[number];

const state = z.object({
  title: z.string().optional(),
  url: z.string().optional(),
  tokenField: z.string().nullable().optional(),
  audience: audienceSchema.optional(),
});
export type SurveyDialogueState = z.infer<typeof state>;

export interface Asker extends Sender {
  telegramId: string;
  chatId: string;
}

export type DialogueAnswer = { next: SurveyStep } | { preview: CreatedSurvey };

export async function startSurveyDialogue(deps: AppDeps, who: Asker): Promise<Outcome<SurveyStep>> {
  if (!canAnnounce(who.access)) return fail(problem("surveyForbidden"));
  await storeDialogue(deps, who.chatId, "survey", "title", {});
  return ok("title");
}

/** The chat's survey dialogue, if one is waiting for an answer. */
export async function surveyDialogue(deps: AppDeps, chatId: string) {
  return loadDialogue(deps, chatId, "survey", SURVEY_STEPS, state);
}

/** A typed answer to the current step. */
export async function answerSurveyDialogue(deps: AppDeps, who: Asker, text: string): Promise<Outcome<DialogueAnswer> | null> {
  const d = await surveyDialogue(deps, who.chatId);
  if (!d) return null;
  const s = d.state;
  switch (d.step) {
    case "title": {
      const title = text.trim();
      if (title === "") return fail(problem("surveyTitleMissing"));
      if (title.length > MAX_TITLE) return fail(problem("surveyTitleLong", { language: "ky", max: MAX_TITLE }));
      await storeDialogue(deps, who.chatId, "survey", "url", { ...s, title });
      return ok({ next: "url" });
    }
    case "url": {
      const [link = "", field, ...rest] = text.trim().split(/\s+/);
      const url = parseFormUrl(link);
      if (!url.ok) return url;
      if (rest.length) return fail(problem("surveyTokenFieldBad", { name: rest.join(" ").slice(0, 40) }));
      const tokenField = field ? parseTokenField(field) : ok(null);
      if (!tokenField.ok) return tokenField;
      await storeDialogue(deps, who.chatId, "survey", "audience", { ...s, url: url.value, tokenField: tokenField.value });
      return ok({ next: "audience" });
    }
    case "audience": {
      const audience = parseAudience(text);
      if (!audience.ok) return audience;
      return chooseAudience(deps, who, audience.value);
    }
    case "dates": {
      const parts = text.trim().split(/\s+/);
      const [opens, closes] = parts.length >= 2 ? [parts[0], parts.slice(1).join(" ")] : [null, parts[0] ?? ""];
      if (!s.title || !s.url || !s.audience) return fail(problem("surveyDialogueLost"));
      const r = await createSurvey(
        deps,
        who,
        { titles: { ky: s.title }, url: s.url, tokenField: s.tokenField ?? null, audience: s.audience, opens, closes },
        { createdBy: who.telegramId, chatId: who.chatId },
      );
      if (!r.ok) return r;
      await dropDialogue(deps, who.chatId);
      return ok({ preview: r.value });
    }
  }
}

/** An audience chosen by a button or typed: checked in the sender's scope, and somebody must be in it. */
export async function chooseAudience(deps: AppDeps, who: Asker, asked: Audience): Promise<Outcome<DialogueAnswer>> {
  const d = await surveyDialogue(deps, who.chatId);
  if (d?.step !== "audience") return fail(problem("surveyDialogueLost"));
  const resolved = await resolveAudience(deps.db, who, asked);
  if (!resolved.ok) return resolved;
  if (!resolved.value.recipients.length)
    return fail(problem("surveyNobody", { audience: formatAudience(resolved.value.audience) }));
  await storeDialogue(deps, who.chatId, "survey", "dates", { ...d.state, audience: resolved.value.audience });
  return ok({ next: "dates" });
}

/**
 * Cancel on the preview: the draft is removed (a launched survey is not touched). Whoever may
 * launch it may cancel it; another faculty's draft is no survey he can see.
 */
export async function cancelSurveyDraft(deps: AppDeps, who: Sender, id: number): Promise<Outcome<true>> {
  const found = await surveyFor(deps.db, who, id);
  if (!found.ok) return found;
  if (found.value.survey.status !== "draft") return fail(problem("surveyLaunched", { id }));
  await deleteDraft(deps.db, who.institutionId, id);
  return ok(true);
}
