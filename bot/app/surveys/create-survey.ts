// Creating a survey (the CLI's `survey create`, the bot's /survey dialogue): the title, the
// form link and its token field, the audience checked in the creator's scope (the delivery
// engine's rules), the dates where the institution is and the reminder settings. Stored as
// a draft; nothing is sent until it is launched. Any problem: nothing is written.
import {
  type Audience,
  canAnnounce,
  checkSurveyDates,
  DEFAULT_REMINDERS,
  fail,
  formatAudience,
  type Outcome,
  ok,
  parseFormUrl,
  parseSurveyInstant,
  parseTokenField,
  problem,
  type ReminderSettings,
} from "../../../core/index.ts";
import { institutionById } from "../../../prisma/store/institutions.ts";
import { insertSurvey, type StoredSurvey, type SurveyTitles } from "../../../prisma/store/surveys.ts";
import { resolveAudience, type Sender } from "../delivery/audience.ts";
import type { AppDeps } from "../deps.ts";

export const MAX_TITLE = 200;

export interface SurveyInput {
  titles: { ky: string; ru?: string | null; en?: string | null };
  url: string;
  tokenField?: string | null;
  audience: Audience;
  /** as typed: "01.09.2026", "2026-09-01", "2026-09-01 10:00"; absent = now */
  opens?: string | null;
  closes: string;
  reminders?: ReminderSettings;
}

export interface CheckedSurvey {
  titles: SurveyTitles;
  formUrl: string;
  tokenField: string | null;
  /** unit names turned into codes */
  audience: Audience;
  recipients: number;
  opensAt: Date;
  closesAt: Date;
  reminders: ReminderSettings;
}

function title(text: string | null | undefined, field: string): Outcome<string | null> {
  const t = (text ?? "").trim();
  if (t === "") return ok(null);
  if (t.length > MAX_TITLE) return fail(problem("surveyTitleLong", { language: field, max: MAX_TITLE }));
  return ok(t);
}

/** Everything a survey needs, checked; nothing written. */
export async function checkSurvey(deps: AppDeps, sender: Sender, input: SurveyInput): Promise<Outcome<CheckedSurvey>> {
  if (!canAnnounce(sender.access)) return fail(problem("surveyForbidden"));
  const ky = title(input.titles.ky, "ky");
  const ru = title(input.titles.ru, "ru");
  const en = title(input.titles.en, "en");
  if (!ky.ok) return ky;
  if (!ru.ok) return ru;
  if (!en.ok) return en;
  if (ky.value === null) return fail(problem("surveyTitleMissing"));
  const url = parseFormUrl(input.url);
  if (!url.ok) return url;
  const field = input.tokenField ? parseTokenField(input.tokenField) : ok(null);
  if (!field.ok) return field;
  const institution = await institutionById(deps.db, sender.institutionId);
  if (!institution) return fail(problem("surveyForbidden"));
  const tz = institution.timeZone;
  const now = deps.now();
  const opensAt = input.opens ? parseSurveyInstant(input.opens, "start", tz, now) : now;
  if (!opensAt) return fail(problem("surveyBadDate", { value: input.opens ?? "" }));
  const closesAt = parseSurveyInstant(input.closes, "end", tz, now);
  if (!closesAt) return fail(problem("surveyBadDate", { value: input.closes }));
  const dates = checkSurveyDates(opensAt, closesAt, now, tz);
  if (!dates.ok) return dates;
  const resolved = await resolveAudience(deps.db, sender, input.audience);
  if (!resolved.ok) return resolved;
  const { audience, recipients } = resolved.value;
  if (recipients.length === 0) return fail(problem("surveyNobody", { audience: formatAudience(audience) }));
  return ok({
    titles: { ky: ky.value, ru: ru.value, en: en.value },
    formUrl: url.value,
    tokenField: field.value,
    audience,
    recipients: recipients.length,
    opensAt,
    closesAt,
    reminders: input.reminders ?? DEFAULT_REMINDERS,
  });
}

export interface CreatedSurvey {
  survey: StoredSurvey;
  audience: Audience;
  recipients: number;
}

/** Stores the survey as a draft (or replaces the draft `draftId`, the bot's dialogue). */
export async function createSurvey(
  deps: AppDeps,
  sender: Sender,
  input: SurveyInput,
  by: { createdBy: string; chatId: string | null },
): Promise<Outcome<CreatedSurvey>> {
  const checked = await checkSurvey(deps, sender, input);
  if (!checked.ok) return checked;
  const c = checked.value;
  const survey = await insertSurvey(deps.db, {
    institutionId: sender.institutionId,
    titles: c.titles,
    formUrl: c.formUrl,
    tokenField: c.tokenField,
    audienceJson: JSON.stringify(c.audience),
    opensAt: c.opensAt,
    closesAt: c.closesAt,
    createdBy: by.createdBy,
    creatorChatId: by.chatId,
    reminders: c.reminders,
    at: deps.now(),
  });
  return ok({ survey, audience: c.audience, recipients: c.recipients });
}
