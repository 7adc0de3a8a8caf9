// Surveys and their recipients: the survey as planned, then at launch one row per person
// with the opaque token of their link and where they stood (unit, course, form, group).
// "I have answered", imported responses and reminders are recorded on those rows.
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { type ReminderSettings, SURVEY_STATUSES, type SurveyStatus } from "../../core/index.ts";
import type { Prisma, Survey, SurveyRecipient } from "../generated/client.ts";
import { chunks, type Db, ID_CHUNK, insertRows, retryBusy } from "./db.ts";

export type { SurveyRecipient };

export interface SurveyTitles {
  ky: string;
  ru: string | null;
  en: string | null;
}

export interface StoredSurvey {
  id: number;
  institutionId: number;
  titles: SurveyTitles;
  formUrl: string;
  tokenField: string | null;
  /** the delivery engine's Audience as stored JSON (validated where it is used) */
  audienceJson: string;
  opensAt: Date;
  closesAt: Date;
  status: SurveyStatus;
  createdBy: string;
  creatorChatId: string | null;
  reminders: ReminderSettings;
  launchedAt: Date | null;
  closedAt: Date | null;
  createdAt: Date;
}

const hours = z.array(z.number().int().min(0));

function surveyOf(row: Survey): StoredSurvey {
  return {
    id: row.id,
    institutionId: row.institutionId,
    titles: { ky: row.titleKy, ru: row.titleRu, en: row.titleEn },
    formUrl: row.formUrl,
    tokenField: row.tokenField,
    audienceJson: row.audience,
    opensAt: row.opensAt,
    closesAt: row.closesAt,
    status: z.enum(SURVEY_STATUSES).parse(row.status),
    createdBy: row.createdBy,
    creatorChatId: row.creatorChatId,
    reminders: {
      leadHours: hours.parse(JSON.parse(row.reminderHours)),
      gapHours: row.reminderGapHours,
      maxPerPerson: row.maxReminders,
    },
    launchedAt: row.launchedAt,
    closedAt: row.closedAt,
    createdAt: row.createdAt,
  };
}

export interface NewSurvey {
  institutionId: number;
  titles: SurveyTitles;
  formUrl: string;
  tokenField: string | null;
  audienceJson: string;
  opensAt: Date;
  closesAt: Date;
  createdBy: string;
  creatorChatId: string | null;
  reminders: ReminderSettings;
  at: Date;
}

function columnsOf(s: Omit<NewSurvey, "institutionId" | "createdBy" | "at">) {
  return {
    titleKy: s.titles.ky,
    titleRu: s.titles.ru,
    titleEn: s.titles.en,
    formUrl: s.formUrl,
    tokenField: s.tokenField,
    audience: s.audienceJson,
    opensAt: s.opensAt,
    closesAt: s.closesAt,
    creatorChatId: s.creatorChatId,
    reminderHours: JSON.stringify(s.reminders.leadHours),
    reminderGapHours: s.reminders.gapHours,
    maxReminders: s.reminders.maxPerPerson,
  };
}

/** A survey as planned (a draft until launched). */
export async function insertSurvey(db: Db, s: NewSurvey): Promise<StoredSurvey> {
  const row = await retryBusy(() =>
    db.survey.create({
      data: { institutionId: s.institutionId, createdBy: s.createdBy, status: "draft", createdAt: s.at, ...columnsOf(s) },
    }),
  );
  return surveyOf(row);
}

/** Changes a draft (the bot's dialogue fills it step by step); false when it is no longer a draft. */
export async function updateSurveyDraft(
  db: Db,
  id: number,
  s: Omit<NewSurvey, "institutionId" | "createdBy" | "at">,
): Promise<boolean> {
  const r = await retryBusy(() => db.survey.updateMany({ where: { id, status: "draft" }, data: columnsOf(s) }));
  return r.count === 1;
}

export async function findSurvey(db: Db, institutionId: number, id: number): Promise<StoredSurvey | null> {
  const row = await db.survey.findFirst({ where: { id, institutionId } });
  return row ? surveyOf(row) : null;
}

/** The newest surveys first; drafts only when asked (the bot's dialogue keeps its own). */
export async function listSurveys(
  db: Db,
  institutionId: number,
  options: { take?: number; drafts?: boolean } = {},
): Promise<StoredSurvey[]> {
  const rows = await db.survey.findMany({
    where: { institutionId, ...(options.drafts ? {} : { status: { not: "draft" } }) },
    orderBy: { id: "desc" },
    take: options.take ?? 20,
  });
  return rows.map(surveyOf);
}

/** draft → open, once: the second caller gets false (a double Launch queues once). */
export async function markLaunched(db: Db, id: number, at: Date): Promise<boolean> {
  const r = await retryBusy(() =>
    db.survey.updateMany({ where: { id, status: "draft" }, data: { status: "open", launchedAt: at } }),
  );
  return r.count === 1;
}

/** Closes a survey (by hand or at its close time); false when it was closed already. */
export async function markClosed(db: Db, id: number, at: Date): Promise<boolean> {
  const r = await retryBusy(() =>
    db.survey.updateMany({ where: { id, status: { not: "closed" } }, data: { status: "closed", closedAt: at } }),
  );
  return r.count === 1;
}

/** An opaque random token (12 URL-safe characters, 72 bits): says nothing about the person. */
export function newSurveyToken(): string {
  return randomBytes(9).toString("base64url");
}

export interface NewRecipient {
  userId: number;
  role: string;
  unitCode: string | null;
  course: number | null;
  form: string | null;
  groupName: string | null;
}

/** Adds recipients with the tokens their links carry (in the launch's transaction); returns how many. */
export async function insertRecipients(
  tx: Prisma.TransactionClient,
  surveyId: number,
  people: readonly (NewRecipient & { token: string })[],
  at: Date,
): Promise<number> {
  const rows = people.map((p) => ({
    surveyId,
    userId: p.userId,
    token: p.token,
    role: p.role,
    unitCode: p.unitCode,
    course: p.course,
    form: p.form,
    groupName: p.groupName,
    confirmedAt: null,
    respondedAt: null,
    remindersSent: 0,
    lastRemindedAt: null,
    createdAt: at,
  }));
  return insertRows(tx, "SurveyRecipient", rows);
}

export async function recipientTokens(db: Db, surveyId: number): Promise<Map<number, string>> {
  const rows = await db.surveyRecipient.findMany({ where: { surveyId }, select: { userId: true, token: true } });
  return new Map(rows.map((r) => [r.userId, r.token]));
}

export interface RecipientState {
  userId: number;
  telegramId: string;
  confirmedAt: Date | null;
  respondedAt: Date | null;
  remindersSent: number;
  lastRemindedAt: Date | null;
}

/** Recipients who have not answered as far as the bot knows (neither confirmed nor responded). */
export async function unansweredRecipients(db: Db, surveyId: number): Promise<RecipientState[]> {
  const rows = await db.surveyRecipient.findMany({
    where: { surveyId, confirmedAt: null, respondedAt: null, user: { revokedAt: null } },
    select: {
      userId: true,
      confirmedAt: true,
      respondedAt: true,
      remindersSent: true,
      lastRemindedAt: true,
      user: { select: { telegramId: true } },
    },
    orderBy: { userId: "asc" },
  });
  return rows.map(({ user, ...r }) => ({ ...r, telegramId: user.telegramId }));
}

/** Counts one reminder for each of these people. */
export async function markReminded(db: Db, surveyId: number, userIds: readonly number[], at: Date): Promise<void> {
  for (const ids of chunks(userIds, ID_CHUNK))
    await retryBusy(() =>
      db.surveyRecipient.updateMany({
        where: { surveyId, userId: { in: ids } },
        data: { remindersSent: { increment: 1 }, lastRemindedAt: at },
      }),
    );
}

/** "I have answered": 'confirmed' the first time, 'already' after, 'notRecipient' for anyone else. */
export async function confirmAnswered(
  db: Db,
  surveyId: number,
  userId: number,
  at: Date,
): Promise<"confirmed" | "already" | "notRecipient"> {
  const r = await retryBusy(() =>
    db.surveyRecipient.updateMany({ where: { surveyId, userId, confirmedAt: null }, data: { confirmedAt: at } }),
  );
  if (r.count === 1) return "confirmed";
  const row = await db.surveyRecipient.findUnique({ where: { surveyId_userId: { surveyId, userId } }, select: { id: true } });
  return row ? "already" : "notRecipient";
}

/** Tokens found in imported responses: marks those recipients responded; returns how many were marked. */
export async function markResponded(db: Db, surveyId: number, tokens: readonly string[], at: Date): Promise<number> {
  let marked = 0;
  for (const part of chunks(tokens, ID_CHUNK)) {
    const r = await retryBusy(() =>
      db.surveyRecipient.updateMany({ where: { surveyId, token: { in: part }, respondedAt: null }, data: { respondedAt: at } }),
    );
    marked += r.count;
  }
  return marked;
}

export interface RecipientCounts {
  recipients: number;
  confirmed: number;
  responded: number;
  /** confirmed or responded, each person once */
  answered: number;
}

export async function recipientCounts(db: Db, surveyId: number): Promise<RecipientCounts> {
  const [recipients, confirmed, responded, answered] = await Promise.all([
    db.surveyRecipient.count({ where: { surveyId } }),
    db.surveyRecipient.count({ where: { surveyId, confirmedAt: { not: null } } }),
    db.surveyRecipient.count({ where: { surveyId, respondedAt: { not: null } } }),
    db.surveyRecipient.count({ where: { surveyId, OR: [{ confirmedAt: { not: null } }, { respondedAt: { not: null } }] } }),
  ]);
  return { recipients, confirmed, responded, answered };
}

/** Every recipient's snapshot (for rates per unit and course). */
export async function recipientsOf(db: Db, surveyId: number): Promise<SurveyRecipient[]> {
  return db.surveyRecipient.findMany({ where: { surveyId }, orderBy: { id: "asc" } });
}

/** The open surveys a user received, with their token (a student's "My surveys"). */
export async function openSurveysOf(
  db: Db,
  userId: number,
  now: Date,
): Promise<{ survey: StoredSurvey; token: string; answered: boolean }[]> {
  const rows = await db.surveyRecipient.findMany({
    where: { userId, survey: { status: "open", closesAt: { gt: now } } },
    include: { survey: true },
    orderBy: { surveyId: "desc" },
  });
  return rows.map((r) => ({ survey: surveyOf(r.survey), token: r.token, answered: Boolean(r.confirmedAt || r.respondedAt) }));
}

/** Removes a survey that was never launched; false for a launched one (or none). */
export async function deleteDraft(db: Db, institutionId: number, id: number): Promise<boolean> {
  const r = await retryBusy(() => db.survey.deleteMany({ where: { id, institutionId, status: "draft" } }));
  return r.count === 1;
}

/** The accounts a survey was sent to. */
export async function recipientUserIds(db: Db, surveyId: number): Promise<Set<number>> {
  const rows = await db.surveyRecipient.findMany({ where: { surveyId }, select: { userId: true } });
  return new Set(rows.map((r) => r.userId));
}
