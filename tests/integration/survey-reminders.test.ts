// A survey's reminders on a real database with a set clock: only recipients who neither
// pressed "I have answered" nor appear in imported responses, at most N each, a minimum gap
// apart, never in quiet hours, nothing after close; and the launch waits for the opening.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runDueJobs } from "../../bot/app/delivery/jobs.ts";
import { buildDemo } from "../../bot/app/demo/build-demo.ts";
import { confirmAnswer, mySurveys } from "../../bot/app/surveys/answers.ts";
import { createSurvey } from "../../bot/app/surveys/create-survey.ts";
import { launchSurvey } from "../../bot/app/surveys/launch-survey.ts";
import { surveyStatus } from "../../bot/app/surveys/survey-status.ts";
import { INSTITUTION_ACCESS, parseLocalDateTime } from "../../core/index.ts";
import type { Institution } from "../../prisma/generated/client.ts";
import type { PrismaClient } from "../../prisma/store/db.ts";
import { markResponded } from "../../prisma/store/surveys.ts";
import { tempDir } from "../helpers.ts";
import { testDatabaseUrl } from "../support/database.ts";

const bishkek = (local: string) => parseLocalDateTime(local, "Asia/Bishkek") as Date;
let db: PrismaClient;
let institution: Institution;
const tmp = tempDir("sapat-survey-reminders-");
let clock = bishkek("2026-09-01 10:00");
const deps = () => ({ db, now: () => clock });
const admin = () => ({ access: INSTITUTION_ACCESS, institutionId: institution.id });
const STUDENTS = 8;

beforeAll(async () => {
  ({ db, institution } = await buildDemo(testDatabaseUrl(tmp.dir, "r")));
  await db.user.createMany({
    data: Array.from({ length: STUDENTS }, (_, i) => ({
      institutionId: institution.id,
      telegramId: String(7000 + i),
      role: "student",
      course: 2,
    })),
  });
});

afterAll(async () => {
  await db.$disconnect();
  tmp.cleanup();
});

async function reminded(key: string): Promise<string[]> {
  const c = await db.campaign.findUnique({ where: { idempotencyKey: key }, include: { deliveries: true } });
  return (c?.deliveries ?? []).map((d) => d.chatId).sort();
}

describe("survey reminders", () => {
  let id = 0;
  it("waits for its opening day, then queues each student's link once", async () => {
    const r = await createSurvey(
      deps(),
      admin(),
      {
        titles: { ky: "Сурамжылоо" },
        url: "https://forms.example.kg/s?id=1",
        tokenField: "t",
        audience: { roles: ["student"] },
        opens: "02.09.2026",
        closes: "15.09.2026",
        reminders: { leadHours: [120, 72, 48, 24], gapHours: 30, maxPerPerson: 2 },
      },
      { createdBy: "cli", chatId: null },
    );
    if (!r.ok) throw new Error(r.problem.code);
    id = r.value.survey.id;
    const launched = await launchSurvey(deps(), admin(), id, { createdBy: "cli" });
    expect(launched.ok && launched.value.state).toBe("waiting");
    expect(await db.campaign.count()).toBe(0);
    clock = bishkek("2026-09-02 08:00");
    expect(await runDueJobs(deps(), "w")).toEqual([{ key: `survey:${id}:launch`, result: "done" }]);
    expect(await reminded(`survey:${id}:launch`)).toHaveLength(STUDENTS);
    const again = await launchSurvey(deps(), admin(), id, { createdBy: "cli" });
    expect(again.ok && again.value.state).toBe("already");
  });

  it("reminds only those who neither confirmed nor responded, within the maximum and the gap", async () => {
    const answered = await confirmAnswer(deps(), "7000", id);
    expect(answered.ok && answered.value.first).toBe(true);
    const twice = await confirmAnswer(deps(), "7000", id);
    expect(twice.ok && twice.value.first).toBe(false);
    const token = (await db.surveyRecipient.findFirstOrThrow({ where: { surveyId: id, user: { telegramId: "7001" } } })).token;
    expect(await markResponded(db, id, [token], clock)).toBe(1);
    const others = Array.from({ length: STUDENTS - 2 }, (_, i) => String(7002 + i));

    // 120 h before close is midnight: quiet hours move it to 08:00; at 23:00 nothing goes
    clock = bishkek("2026-09-10 23:00");
    expect(await runDueJobs(deps(), "w")).toEqual([]);
    clock = bishkek("2026-09-11 08:00");
    expect(await runDueJobs(deps(), "w")).toEqual([{ key: `survey:${id}:remind:120h`, result: "done" }]);
    expect(await reminded(`survey:${id}:remind:120h`)).toEqual(others);

    await confirmAnswer(deps(), "7002", id);
    clock = bishkek("2026-09-13 08:00");
    await runDueJobs(deps(), "w");
    expect(await reminded(`survey:${id}:remind:72h`)).toEqual(others.slice(1));

    // 48 h: 24 h after the last one (gap 30 h) and, at 24 h, the maximum of two is reached
    clock = bishkek("2026-09-14 08:00");
    await runDueJobs(deps(), "w");
    clock = bishkek("2026-09-15 08:00");
    await runDueJobs(deps(), "w");
    expect(await reminded(`survey:${id}:remind:48h`)).toEqual([]);
    expect(await reminded(`survey:${id}:remind:24h`)).toEqual([]);
    const counts = await db.surveyRecipient.findMany({ where: { surveyId: id }, orderBy: { userId: "asc" } });
    expect(counts.map((c) => c.remindersSent)).toEqual([0, 0, 1, 2, 2, 2, 2, 2]);

    // the reminder carries the same personal link as the launch
    const d = await db.delivery.findFirstOrThrow({
      where: { chatId: "7003", campaign: { idempotencyKey: `survey:${id}:remind:72h` } },
    });
    const mine = counts.find((c) => c.userId === d.userId);
    expect(JSON.parse(d.params ?? "{}")).toEqual({ link: `https://forms.example.kg/s?id=1&t=${mine?.token}` });
  });

  it("closes at its close time and sends nothing after", async () => {
    const mine = await mySurveys(deps(), "7003");
    expect(mine.map((m) => m.link)).toHaveLength(1);
    clock = bishkek("2026-09-16 00:00");
    expect(await runDueJobs(deps(), "w")).toEqual([{ key: `survey:${id}:close`, result: "done" }]);
    expect((await db.survey.findUniqueOrThrow({ where: { id } })).status).toBe("closed");
    expect(await mySurveys(deps(), "7003")).toEqual([]);
    const status = await surveyStatus(deps(), admin(), id);
    expect(status.ok && status.value.counts).toEqual({
      audience: STUDENTS,
      reachable: STUDENTS,
      sent: 0,
      unreachable: 0,
      confirmed: 2,
      responses: 1,
    });
    expect(status.ok && status.value.rate.ofAudience).toBe(37.5);
    const launched = await launchSurvey(deps(), admin(), id, { createdBy: "cli" });
    expect(launched.ok ? null : launched.problem.code).toBe("surveyClosed");
  });
});
