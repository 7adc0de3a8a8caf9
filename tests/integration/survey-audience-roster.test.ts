// "Everyone in the audience" counts the roster: students on it who never joined the bot got no
// link, yet they are in the audience a published rate is over (3 476 students = 53%); those the
// bot could reach are only those who joined. Staff-only audiences have no roster behind them.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildDemo } from "../../bot/app/demo/build-demo.ts";
import type { PrismaClient } from "../../prisma/store/db.ts";
import { cli, tempDir } from "../helpers.ts";
import { testDatabaseUrl } from "../support/database.ts";

const tmp = tempDir("sapat-survey-roster-");
const url = testDatabaseUrl(tmp.dir, "s");
const ROSTER = path.resolve(import.meta.dirname, "../../data/students/roster-sample.csv");
const FORM = "https://docs.google.com/forms/d/e/1FAIpQLSf_demo/viewform";
const day = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
let db: PrismaClient;

beforeAll(async () => {
  const built = await buildDemo(url);
  db = built.db;
  expect((await cli(url, "import", "roster", ROSTER)).code).toBe(0);
  // two of the twelve joined: ЭЭ-1-23 (course 2) and ТЭ-1-24 (course 1)
  for (const [telegramId, studentId] of [
    ["701", "0231001"],
    ["702", "0241001"],
  ] as const) {
    const entry = await db.rosterEntry.findFirstOrThrow({ where: { studentId } });
    const user = await db.user.create({
      data: {
        institutionId: built.institution.id,
        telegramId,
        role: "student",
        scopeUnitId: entry.unitId,
        course: entry.course,
        form: entry.form,
        groupName: entry.groupName,
      },
    });
    await db.rosterEntry.update({ where: { id: entry.id }, data: { userId: user.id, boundAt: new Date() } });
  }
});

afterAll(async () => {
  await db.$disconnect();
  tmp.cleanup();
});

const status = async (id: number) => JSON.parse((await cli(url, "survey", "status", String(id), "--json")).out);

describe("a survey's audience and the roster", () => {
  it("counts every rostered student of the audience, reaching only those who joined — before and after launch", async () => {
    const made = await cli(
      url,
      "survey",
      "create",
      "--title",
      "Сапат",
      "--url",
      FORM,
      "--to",
      "unit:ЭФ",
      "--closes",
      day(20),
      "--json",
    );
    expect(made.code, made.err).toBe(0);
    const { surveyId } = JSON.parse(made.out);
    expect(await status(surveyId)).toMatchObject({ audience: 12, reachable: 2 });
    expect((await cli(url, "survey", "launch", String(surveyId))).code).toBe(0);
    expect(await status(surveyId)).toMatchObject({ audience: 12, reachable: 2, sent: 0 });
    const results = JSON.parse((await cli(url, "survey", "results", String(surveyId), "--json")).out);
    expect(results.rate).toMatchObject({ responses: 0, audience: 12, reachable: 2 });
  });

  it("narrows the roster by course like the audience does", async () => {
    const made = await cli(
      url,
      "survey",
      "create",
      "--title",
      "Сапат",
      "--url",
      FORM,
      "--to",
      "unit:ЭФ,course:2-4",
      "--closes",
      day(20),
      "--json",
    );
    expect(made.code, made.err).toBe(0);
    expect(await status(JSON.parse(made.out).surveyId)).toMatchObject({ audience: 8, reachable: 1 });
  });
});
