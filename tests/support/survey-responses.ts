// A launched survey whose recipients hold the tokens of data/surveys/responses-sample.csv:
// ЭФ courses 2–4 and ТФ courses 2–3 (audience 40/35/10/30/25), every tenth one unreachable.
import path from "node:path";
import { launchKey } from "../../bot/app/surveys/launch-survey.ts";
import { DEFAULT_REMINDERS } from "../../core/index.ts";
import { type PrismaClient, writeTransaction } from "../../prisma/store/db.ts";
import { insertRecipients, insertSurvey, markClosed, markLaunched } from "../../prisma/store/surveys.ts";

export const SAMPLE_EXPORT = path.resolve(import.meta.dirname, "../../data/surveys/responses-sample.csv");

/** unit, its token spelling, course, audience (the sample's respondents are the first of each). */
export const SAMPLE_GROUPS = [
  { unit: "ЭФ", tag: "EF", course: 2, audience: 40, responded: 30 },
  { unit: "ЭФ", tag: "EF", course: 3, audience: 35, responded: 25 },
  { unit: "ЭФ", tag: "EF", course: 4, audience: 10, responded: 4 },
  { unit: "ТФ", tag: "TF", course: 2, audience: 30, responded: 22 },
  { unit: "ТФ", tag: "TF", course: 3, audience: 25, responded: 15 },
] as const;

export const SAMPLE_AUDIENCE = SAMPLE_GROUPS.reduce((n, g) => n + g.audience, 0);

/** Creates the survey (closed unless asked otherwise), its recipients and the launch's deliveries. */
export async function sampleSurvey(
  db: PrismaClient,
  institutionId: number,
  options: { closed?: boolean; telegramBase?: number } = {},
): Promise<number> {
  const at = new Date("2026-09-01T04:00:00Z");
  const survey = await insertSurvey(db, {
    institutionId,
    titles: { ky: "Окуу сапаты", ru: "Качество обучения", en: "Teaching quality" },
    formUrl: "https://docs.google.com/forms/d/e/sample/viewform",
    tokenField: "entry.1001",
    audienceJson: JSON.stringify({ roles: ["student"], units: ["ЭФ", "ТФ"] }),
    opensAt: at,
    closesAt: new Date("2026-09-16T00:00:00Z"),
    createdBy: "test",
    creatorChatId: null,
    reminders: DEFAULT_REMINDERS,
    at,
  });
  await markLaunched(db, survey.id, at);
  if (options.closed ?? true) await markClosed(db, survey.id, new Date("2026-09-16T00:00:00Z"));
  const base = options.telegramBase ?? 700_000 + survey.id * 1000;
  const people = SAMPLE_GROUPS.flatMap((g) =>
    Array.from({ length: g.audience }, (_, i) => ({
      token: `smp${g.tag}${g.course}${String(i + 1).padStart(6, "0")}`,
      unit: g.unit,
      course: g.course,
    })),
  );
  await db.user.createMany({
    data: people.map((p, i) => ({ institutionId, telegramId: String(base + i), role: "student", course: p.course })),
  });
  const users = await db.user.findMany({
    where: { telegramId: { in: people.map((_, i) => String(base + i)) } },
    orderBy: { id: "asc" },
  });
  await writeTransaction(db, async (tx) => {
    await insertRecipients(
      tx,
      survey.id,
      users.map((u, i) => ({
        userId: u.id,
        token: people[i]?.token ?? "",
        role: "student",
        unitCode: people[i]?.unit ?? null,
        course: people[i]?.course ?? null,
        form: "full-time",
        groupName: null,
      })),
      at,
    );
    const campaign = await tx.campaign.create({
      data: {
        institutionId,
        kind: "survey",
        category: "survey",
        audience: "{}",
        message: "{}",
        idempotencyKey: launchKey(survey.id),
        createdBy: "test",
        total: users.length,
      },
    });
    await tx.delivery.createMany({
      data: users.map((u, i) => ({
        campaignId: campaign.id,
        userId: u.id,
        chatId: u.telegramId,
        state: i % 10 === 0 ? "unreachable" : "sent",
        nextAttemptAt: at,
      })),
    });
  });
  return survey.id;
}
