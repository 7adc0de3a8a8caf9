// A survey's imported responses: written once per row (a re-imported export adds nothing,
// a tokened row answered again replaces its answers), the recipients whose tokens were found
// marked responded (reminders skip them), and read back for results.
import { z } from "zod";
import type { ResultRecipient, ResultResponse } from "../../core/index.ts";
import { chunks, type Db, ID_CHUNK, insertRows, type PrismaClient, retryBusy, writeTransaction } from "./db.ts";
import { findCampaignByKey } from "./outbox.ts";
import { markResponded } from "./surveys.ts";

export interface NewResponse {
  token: string | null;
  dedupeKey: string;
  unitCode: string | null;
  course: number | null;
  submittedAt: Date | null;
  answers: Record<string, string>;
  line: number;
}

/** Where each known token belongs: this survey's recipients and any other survey's (a wrong file). */
export interface TokenOwner {
  surveyId: number;
  unitCode: string | null;
  course: number | null;
}

export async function tokenOwners(db: Db, tokens: readonly string[]): Promise<Map<string, TokenOwner>> {
  const out = new Map<string, TokenOwner>();
  for (const part of chunks([...new Set(tokens)], ID_CHUNK)) {
    const rows = await db.surveyRecipient.findMany({
      where: { token: { in: part } },
      select: { token: true, surveyId: true, unitCode: true, course: true },
    });
    for (const r of rows) out.set(r.token, { surveyId: r.surveyId, unitCode: r.unitCode, course: r.course });
  }
  return out;
}

/** The stored answers by dedupe key (what a new import would add, replace or leave). */
export async function storedResponseKeys(db: Db, surveyId: number): Promise<Map<string, string>> {
  const rows = await db.surveyResponse.findMany({ where: { surveyId }, select: { dedupeKey: true, answers: true } });
  return new Map(rows.map((r) => [r.dedupeKey, r.answers]));
}

/** The questions of the last import (to tell an export of another form). */
export async function storedQuestions(db: Db, surveyId: number): Promise<string[] | null> {
  const row = await db.surveyResponse.findFirst({ where: { surveyId }, orderBy: { id: "desc" }, select: { answers: true } });
  return row ? Object.keys(answersOf(row.answers)) : null;
}

const answersSchema = z.record(z.string(), z.string());
const answersOf = (json: string): Record<string, string> => {
  const r = answersSchema.safeParse(JSON.parse(json));
  return r.success ? r.data : {};
};

export interface ResponseWrite {
  added: number;
  replaced: number;
  /** recipients newly marked responded */
  marked: number;
}

/** Adds new rows and replaces changed tokened ones, in one transaction; marks the tokens' recipients responded. */
export async function writeResponses(
  db: PrismaClient,
  surveyId: number,
  batch: string,
  rows: readonly NewResponse[],
  at: Date,
): Promise<ResponseWrite> {
  return writeTransaction(db, async (tx) => {
    const stored = await storedResponseKeys(tx, surveyId);
    const fresh = rows.filter((r) => !stored.has(r.dedupeKey));
    const changed = rows.filter((r) => {
      const old = stored.get(r.dedupeKey);
      return old !== undefined && old !== JSON.stringify(r.answers);
    });
    await insertRows(
      tx,
      "SurveyResponse",
      fresh.map((r) => ({
        surveyId,
        token: r.token,
        dedupeKey: r.dedupeKey,
        unitCode: r.unitCode,
        course: r.course,
        submittedAt: r.submittedAt,
        answers: JSON.stringify(r.answers),
        importBatch: batch,
        line: r.line,
        createdAt: at,
      })),
    );
    for (const r of changed)
      await tx.surveyResponse.update({
        where: { surveyId_dedupeKey: { surveyId, dedupeKey: r.dedupeKey } },
        data: { answers: JSON.stringify(r.answers), submittedAt: r.submittedAt, importBatch: batch, line: r.line },
      });
    const tokens = rows.flatMap((r) => (r.token ? [r.token] : []));
    const marked = await markResponded(tx, surveyId, tokens, at);
    return { added: fresh.length, replaced: changed.length, marked };
  });
}

export async function responsesOf(db: Db, surveyId: number): Promise<ResultResponse[]> {
  const rows = await db.surveyResponse.findMany({
    where: { surveyId },
    orderBy: { id: "asc" },
    select: { unitCode: true, course: true, answers: true },
  });
  return rows.map((r) => ({ unitCode: r.unitCode, course: r.course, answers: answersOf(r.answers) }));
}

const UNREACHED = new Set(["unreachable", "failed", "skipped"]);

/** Every recipient with where they stood and whether the link reached them (the launch campaign's deliveries). */
export async function recipientReach(db: Db, surveyId: number, campaignKey: string): Promise<ResultRecipient[]> {
  const [recipients, campaign] = await Promise.all([
    db.surveyRecipient.findMany({ where: { surveyId }, select: { userId: true, unitCode: true, course: true } }),
    findCampaignByKey(db, campaignKey),
  ]);
  const state = new Map<number, string>();
  if (campaign) {
    const rows = await retryBusy(() =>
      db.delivery.findMany({ where: { campaignId: campaign.id }, select: { userId: true, state: true } }),
    );
    for (const d of rows) state.set(d.userId, d.state);
  }
  return recipients.map((r) => {
    const s = state.get(r.userId);
    return { unitCode: r.unitCode, course: r.course, reachable: s !== undefined && !UNREACHED.has(s) };
  });
}
