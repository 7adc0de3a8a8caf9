// The survey store on a real database: drafts launched once, recipients added once with
// unique opaque tokens, "I have answered" idempotent, reminders counted, responses by token.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildDemo } from "../../bot/app/demo/build-demo.ts";
import { DEFAULT_REMINDERS } from "../../core/index.ts";
import type { Institution } from "../../prisma/generated/client.ts";
import { type PrismaClient, writeTransaction } from "../../prisma/store/db.ts";
import {
  confirmAnswered,
  findSurvey,
  insertRecipients,
  insertSurvey,
  listSurveys,
  markClosed,
  markLaunched,
  markReminded,
  markResponded,
  newSurveyToken,
  openSurveysOf,
  recipientCounts,
  recipientTokens,
  unansweredRecipients,
} from "../../prisma/store/surveys.ts";
import { tempDir } from "../helpers.ts";
import { testDatabaseUrl } from "../support/database.ts";

let db: PrismaClient;
let institution: Institution;
const tmp = tempDir("sapat-survey-store-");
const at = new Date("2026-09-01T04:00:00Z");

beforeAll(async () => {
  ({ db, institution } = await buildDemo(testDatabaseUrl(tmp.dir, "s")));
  await db.user.createMany({
    data: [1, 2, 3].map((i) => ({ institutionId: institution.id, telegramId: `50${i}`, role: "student", course: i })),
  });
});

afterAll(async () => {
  await db.$disconnect();
  tmp.cleanup();
});

describe("survey store", () => {
  it("stores a draft, launches it once, and adds recipients once with their own tokens", async () => {
    const s = await insertSurvey(db, {
      institutionId: institution.id,
      titles: { ky: "Сурамжылоо", ru: null, en: "Survey" },
      formUrl: "https://forms.example.kg/f",
      tokenField: "t",
      audienceJson: JSON.stringify({ roles: ["student"] }),
      opensAt: at,
      closesAt: new Date("2026-09-16T00:00:00Z"),
      createdBy: "cli",
      creatorChatId: null,
      reminders: DEFAULT_REMINDERS,
      at,
    });
    expect(s.status).toBe("draft");
    expect(await listSurveys(db, institution.id)).toEqual([]);
    expect(await markLaunched(db, s.id, at)).toBe(true);
    expect(await markLaunched(db, s.id, at)).toBe(false);
    const users = await db.user.findMany({ where: { telegramId: { startsWith: "50" } }, orderBy: { id: "asc" } });
    const people = users.map((u) => ({
      userId: u.id,
      role: "student",
      unitCode: null,
      course: u.course,
      form: null,
      groupName: "G",
      token: newSurveyToken(),
    }));
    expect(await writeTransaction(db, (tx) => insertRecipients(tx, s.id, people, at))).toBe(3);
    const first = await recipientTokens(db, s.id);
    expect(first).toEqual(new Map(people.map((p) => [p.userId, p.token])));
    const tokens = [...first.values()];
    expect(new Set(tokens).size).toBe(3);
    for (const t of tokens) expect(t).toMatch(/^[A-Za-z0-9_-]{12}$/);

    const [u1, u2, u3] = users as [(typeof users)[0], (typeof users)[0], (typeof users)[0]];
    expect(await confirmAnswered(db, s.id, u1.id, at)).toBe("confirmed");
    expect(await confirmAnswered(db, s.id, u1.id, at)).toBe("already");
    expect(await markResponded(db, s.id, [first.get(u2.id) as string, "nobody's"], at)).toBe(1);
    const pending = await unansweredRecipients(db, s.id);
    expect(pending.map((p) => p.userId)).toEqual([u3.id]);
    await markReminded(db, s.id, [u3.id], at);
    expect((await unansweredRecipients(db, s.id))[0]).toMatchObject({ remindersSent: 1, lastRemindedAt: at });
    expect(await recipientCounts(db, s.id)).toEqual({ recipients: 3, confirmed: 1, responded: 1, answered: 2 });
    expect((await openSurveysOf(db, u3.id, at)).map((o) => o.token)).toEqual([first.get(u3.id)]);
    expect(await markClosed(db, s.id, at)).toBe(true);
    expect(await markClosed(db, s.id, at)).toBe(false);
    expect(await openSurveysOf(db, u3.id, at)).toEqual([]);
    expect((await findSurvey(db, institution.id, s.id))?.status).toBe("closed");
  });
});
