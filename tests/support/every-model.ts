// A row in every model the demo leaves empty, with the values a copy could bend: bytes 0–255,
// floats that are not short decimals, dates with milliseconds, nulls, JSON kept as text,
// letters of three alphabets; and a unit whose parent was created after it (a higher id).
import type { PrismaClient } from "../../prisma/store/db.ts";

const at = (s: string) => new Date(s);

export async function seedEveryModel(db: PrismaClient, institutionId: number): Promise<void> {
  const child = await db.unit.create({ data: { institutionId, code: "ЖАШ-1", kind: "department", nameKy: "Бала «кафедра»" } });
  const parent = await db.unit.create({ data: { institutionId, code: "ЖАШ", kind: "faculty", nameRu: "Поздний\nфакультет" } });
  await db.unit.update({ where: { id: child.id }, data: { parentId: parent.id } });

  const invite = await db.invite.create({
    data: {
      institutionId,
      codeHash: "h1",
      role: "dean",
      scopeUnitId: parent.id,
      expiresAt: at("2030-01-02T03:04:05.678Z"),
      createdBy: "test",
    },
  });
  const user = await db.user.create({
    data: {
      institutionId,
      telegramId: "900000001",
      role: "dean",
      scopeUnitId: parent.id,
      firstName: "Айгүл 👩‍🏫",
      inviteId: invite.id,
      unreachableAt: at("2027-05-06T07:08:09.010Z"),
    },
  });
  await db.noticeOptOut.create({ data: { userId: user.id, category: "announcements" } });
  await db.setting.create({ data: { key: "botUsername", value: "sapat_test_bot", updatedAt: at("2026-01-01T00:00:00.001Z") } });
  const campaign = await db.campaign.create({
    data: {
      institutionId,
      kind: "announcement",
      category: "announcements",
      audience: '{"role":["dean"]}',
      message: "Салам, “quotes” 'and' \\",
      createdBy: "1",
    },
  });
  await db.delivery.create({
    data: {
      campaignId: campaign.id,
      userId: user.id,
      chatId: "900000001",
      nextAttemptAt: at("2026-02-03T04:05:06.789Z"),
      params: '{"n":1.5}',
    },
  });
  await db.workerLease.create({ data: { name: "sender:test", owner: "nobody", until: at("2001-01-01T00:00:00.000Z") } });
  // an update id past 2^32: the column is 64-bit wherever it is copied
  await db.processedUpdate.create({ data: { updateId: 9_007_199_254_740_993n, at: at("2026-11-23T10:00:00.123Z") } });
  await db.attemptCount.create({ data: { key: "invite:12345", count: 3, until: at("2026-11-23T10:05:00.000Z") } });
  await db.practiceResult.create({
    data: {
      institutionId,
      unitId: child.id,
      year: "2025-2026",
      kind: "production",
      assigned: 50,
      completed: 45,
      asOf: "2026-06-30",
      source: "test",
      enteredBy: "test",
    },
  });
  await db.dataRequest.create({
    data: {
      institutionId,
      subject: "practice",
      year: "2025-2026",
      detail: "{}",
      units: "[1,2]",
      deadline: at("2026-09-25T03:00:00.000Z"),
      leadDays: "[7,1]",
      createdBy: "1",
    },
  });
  await db.dialogue.create({
    data: { chatId: "900000001", kind: "practice", step: "assigned", data: '{"unit":"ЖАШ-1","ratio":0.30000000000000004}' },
  });
  await db.upload.create({
    data: {
      institutionId,
      telegramId: "900000001",
      fileName: "файл.csv",
      sha256: "0".repeat(64),
      kind: "session",
      bytes: Uint8Array.from({ length: 256 }, (_, i) => i),
    },
  });
  await db.rosterEntry.create({
    data: {
      institutionId,
      studentId: "00123",
      fullName: "Асанов Асан",
      groupName: "ЭЭ-1-23",
      unitId: child.id,
      course: 2,
      form: "full-time",
      userId: user.id,
      importedAt: at("2026-03-04T05:06:07.089Z"),
    },
  });
  const survey = await db.survey.create({
    data: {
      institutionId,
      titleKy: "Сурамжылоо",
      formUrl: "https://example.org/form?a=1&b=2",
      audience: '{"role":["student"]}',
      opensAt: at("2026-04-01T00:00:00.000Z"),
      closesAt: at("2026-04-15T23:59:59.999Z"),
      createdBy: "1",
    },
  });
  await db.surveyRecipient.create({ data: { surveyId: survey.id, userId: user.id, token: "tok-1", role: "dean", course: null } });
  await db.surveyResponse.create({
    data: {
      surveyId: survey.id,
      dedupeKey: "k1",
      answers: '{"q1":"эң жакшы","q2":[1,2]}',
      importBatch: "b1",
      line: 2,
      submittedAt: at("2026-04-02T10:11:12.131Z"),
    },
  });
  // floats a copy must not round: a published figure and a programme's duration
  const figure = await db.publishedFigure.findFirstOrThrow();
  await db.publishedFigure.update({ where: { id: figure.id }, data: { value: 0.1 + 0.2 } });
  const programme = await db.programme.findFirstOrThrow();
  await db.programme.update({ where: { id: programme.id }, data: { durationYears: 1 / 3 } });
}
