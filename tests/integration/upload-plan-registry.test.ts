// Action-plan and registry files sent to the bot: previewed as the CLI shows them, written on
// Write from the kept bytes (once, however often it is pressed), a bad plan line named with
// nothing written, and a registry file refused to a dean like a units file.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildDemo } from "../../bot/app/demo/build-demo.ts";
import type { Actor, AppDeps } from "../../bot/app/deps.ts";
import { cancelUploadFile, confirmUpload, receiveUpload } from "../../bot/app/imports/upload-file.ts";
import type { Institution } from "../../prisma/generated/client.ts";
import type { PrismaClient } from "../../prisma/store/db.ts";
import { tempDir } from "../helpers.ts";
import { testDatabaseUrl } from "../support/database.ts";

const tmp = tempDir();
let db: PrismaClient;
let institution: Institution;
const deps = (): AppDeps => ({ db, now: () => new Date("2026-09-05T09:00:00Z") });
const admin = (): Actor => ({ access: { role: "admin", scope: { kind: "institution" } }, institution });
const leader = (): Actor => ({ access: { role: "leader", scope: { kind: "institution" } }, institution });
const dean = (): Actor => ({ access: { role: "dean", scope: { kind: "unit", unit: "МТФ", units: ["МТФ"] } }, institution });

beforeAll(async () => {
  ({ db, institution } = await buildDemo(testDatabaseUrl(tmp.dir, "demo"), { plans: true }));
});
afterAll(async () => {
  await db.$disconnect();
  tmp.cleanup();
});

const send = (actor: Actor, telegramId: string, fileName: string, text: string) =>
  receiveUpload(deps(), actor, { telegramId, fileName, bytes: Buffer.from(text) });

const PLAN = [
  "пункт,мероприятие,ответственный,контроль,срок",
  "1,Обновить силлабусы,все кафедры ЭФ,Проректор по учебной работе,30.11.2026",
  "2,Провести внутренний аудит,декан ЭФ,Проректор по учебной работе,15.12.2026",
].join("\n");

describe("a plan file sent to the bot", () => {
  it("is previewed (title from the file name, fan-outs expanded), written once on two presses", async () => {
    const r = await send(leader(), "20", "Решение совета 7.csv", PLAN);
    if (!r.ok || r.value.status !== "plan") throw new Error(JSON.stringify(r));
    const { header, items } = r.value.preview;
    expect(header).toMatchObject({ title: "Решение совета 7", controllerText: "Проректор по учебной работе" });
    // "все кафедры ЭФ" is one item per department
    expect(items.length).toBeGreaterThan(2);
    expect(items.map((i) => i.number)).toContain("2");
    expect(await db.actionPlan.count({ where: { title: "Решение совета 7" } })).toBe(0);
    const ref = { telegramId: "20", uploadId: r.value.uploadId };
    const both = await Promise.all([confirmUpload(deps(), leader(), ref, null), confirmUpload(deps(), leader(), ref, null)]);
    expect(both.map((x) => (x.ok ? x.value.status : x.problem.code)).sort()).toEqual(["already", "planWritten"]);
    const plan = await db.actionPlan.findFirstOrThrow({ where: { title: "Решение совета 7" } });
    expect(await db.actionItem.count({ where: { planId: plan.id } })).toBe(items.length);
    expect(await confirmUpload(deps(), leader(), ref, null)).toMatchObject({ ok: true, value: { status: "already" } });
  });

  it("names a bad line and writes nothing; nothing is left to confirm", async () => {
    const bad = `${PLAN}\n3,Отчёт,кафедра Луны,Проректор по учебной работе,30.11.2026\n4,Отчёт,декан ЭФ,Проректор по учебной работе,когда-нибудь\n`;
    const r = await send(admin(), "1", "bad-plan.csv", bad);
    if (!r.ok || r.value.status !== "rejected") throw new Error(JSON.stringify(r));
    expect(r.value.issues.map((i) => i.line)).toEqual([4, 5]);
    expect(await db.actionPlan.count({ where: { title: "bad-plan" } })).toBe(0);
    expect(await db.upload.findFirstOrThrow({ where: { fileName: "bad-plan.csv" } })).toMatchObject({ status: "cancelled" });
  });

  it("asks for the controller column, not a CLI option, when the file names none", async () => {
    const r = await send(admin(), "1", "no-controller.csv", "text,responsible,deadline\nОтчёт,декан ЭФ,30.11.2026\n");
    expect(r).toMatchObject({ ok: true, value: { status: "rejected", issues: [{ code: "planNoControllerColumn" }] } });
  });

  it("is refused to someone who makes no plans", async () => {
    const head: Actor = { access: { role: "head", scope: { kind: "unit", unit: "МТФ", units: ["МТФ"] } }, institution };
    expect(await send(head, "30", "p.csv", PLAN)).toMatchObject({ ok: false, problem: { code: "planForbidden" } });
  });
});

describe("a registry file sent to the bot", () => {
  const PROGRAMMES = "code,name,level,unit\n580500,Бизнес-информатика,bachelor,ИЭФ\n590100,Тест программа,bachelor,ИЭФ\n";

  it("is previewed as the CLI previews it and written on Write", async () => {
    const r = await send(admin(), "1", "programmes.csv", PROGRAMMES);
    if (!r.ok || r.value.status !== "registry") throw new Error(JSON.stringify(r));
    expect(r.value.outcome).toMatchObject({ kind: "programmes", read: 2, added: ["bachelor 590100"], unchanged: 1 });
    // columns the file leaves out (form, duration) keep what is stored: 580500 is unchanged
    expect(r.value.outcome.changed).toEqual([]);
    expect(await db.programme.count({ where: { code: "590100" } })).toBe(0);
    const ref = { telegramId: "1", uploadId: r.value.uploadId };
    const done = await confirmUpload(deps(), admin(), ref, r.value.token);
    expect(done).toMatchObject({ ok: true, value: { status: "registryWritten", outcome: { added: ["bachelor 590100"] } } });
    expect(await db.programme.count({ where: { code: "590100" } })).toBe(1);
    expect(await confirmUpload(deps(), admin(), ref, r.value.token)).toMatchObject({ ok: true, value: { status: "already" } });
  });

  it("writes nothing when the registry changed since the preview: the new preview instead", async () => {
    const r = await send(admin(), "1", "agencies.csv", "code,name,international\nNEWAG,New agency,yes\n");
    if (!r.ok || r.value.status !== "registry") throw new Error(JSON.stringify(r));
    const other = await send(admin(), "1", "agencies2.csv", "code,name,international\nNEWAG,New agency,yes\n");
    if (!other.ok || other.value.status !== "registry") throw new Error(JSON.stringify(other));
    await confirmUpload(deps(), admin(), { telegramId: "1", uploadId: other.value.uploadId }, other.value.token);
    const again = await confirmUpload(deps(), admin(), { telegramId: "1", uploadId: r.value.uploadId }, r.value.token);
    expect(again).toMatchObject({ ok: true, value: { status: "registry", outcome: { added: [], unchanged: 1 } } });
    expect(await cancelUploadFile(deps(), admin(), { telegramId: "1", uploadId: r.value.uploadId })).toEqual({
      ok: true,
      value: "cancelled",
    });
  });

  it("is refused to a dean like a units file, and to a leader", async () => {
    const r = await send(dean(), "3", "programmes.csv", PROGRAMMES);
    expect(r).toMatchObject({
      ok: true,
      value: { status: "rejected", issues: [{ code: "importNeedsInstitution", params: { scope: "МТФ" } }] },
    });
    expect(await send(leader(), "20", "programmes.csv", PROGRAMMES)).toMatchObject({
      ok: false,
      problem: { code: "importForbidden" },
    });
  });

  it("takes accreditations, licences and agencies by their headers", async () => {
    const acc = await send(
      admin(),
      "1",
      "acc.csv",
      "programme_code,level,agency,kind,decision_date,term_years\n590100,bachelor,NEWAG,programmatic,2026-06-01,5\n",
    );
    expect(acc).toMatchObject({ ok: true, value: { status: "registry", outcome: { kind: "accreditations", read: 1 } } });
    const lic = await send(
      admin(),
      "1",
      "lic.csv",
      "programme_code,level,basis,unit,state\n590100,bachelor,ministry,ИЭФ,applied\n",
    );
    expect(lic).toMatchObject({ ok: true, value: { outcome: { kind: "licences" } } });
  });
});
