// The upload use case under the bot: a units file is previewed by a dry run that writes
// nothing, two Write presses at once write once, and a write cut off by a crash can be
// pressed again.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildDemo } from "../../bot/app/demo/build-demo.ts";
import type { Actor, AppDeps } from "../../bot/app/deps.ts";
import { chooseFigures, confirmUpload, receiveUpload, type UploadStep } from "../../bot/app/imports/upload-file.ts";
import type { Institution } from "../../prisma/generated/client.ts";
import type { PrismaClient } from "../../prisma/store/db.ts";
import { tempDir } from "../helpers.ts";
import { testDatabaseUrl } from "../support/database.ts";

const tmp = tempDir();
let db: PrismaClient;
let institution: Institution;
const clock = { now: new Date("2026-11-20T09:00:00Z") };
const deps = (): AppDeps => ({ db, now: () => clock.now });
const admin = (): Actor => ({ access: { role: "admin", scope: { kind: "institution" } }, institution });

beforeAll(async () => {
  ({ db, institution } = await buildDemo(testDatabaseUrl(tmp.dir, "demo")));
});
afterAll(async () => {
  await db.$disconnect();
  tmp.cleanup();
});

async function preview(fileName: string, text: string): Promise<Extract<UploadStep, { status: "preview" }>> {
  const r = await receiveUpload(deps(), admin(), { telegramId: "1", fileName, bytes: Buffer.from(text) });
  if (!r.ok || r.value.status !== "preview") throw new Error(JSON.stringify(r));
  return r.value;
}

describe("receiveUpload and confirmUpload", () => {
  it("previews a units file without writing it, then writes it on confirmation", async () => {
    const p = await preview("units.csv", "code,kind,name_en\nНОВ,faculty,New faculty\nТФ,faculty,Technology\n");
    expect(p).toMatchObject({ kind: "units", read: 2, units: { added: 1, corrected: 1, unchanged: 0 } });
    expect(await db.unit.count({ where: { code: "НОВ" } })).toBe(0);
    const done = await confirmUpload(deps(), admin(), { telegramId: "1", uploadId: p.uploadId }, null);
    expect(done).toMatchObject({ ok: true, value: { status: "written", tally: { added: 1, corrected: 1 } } });
    expect((await db.unit.findFirstOrThrow({ where: { code: "ТФ" } })).nameEn).toBe("Technology");
  });

  it("writes once when Write is pressed twice at the same moment", async () => {
    const p = await preview("totals.csv", "year,term,stage,scope,enrolled\n2019-2020,autumn,main,all,100\n");
    const ref = { telegramId: "1", uploadId: p.uploadId };
    const token = p.preview?.token ?? null;
    const both = await Promise.all([confirmUpload(deps(), admin(), ref, token), confirmUpload(deps(), admin(), ref, token)]);
    expect(both.map((r) => (r.ok ? r.value.status : r.problem.code)).sort()).toEqual(["already", "written"]);
    expect(await db.publishedTotal.count({ where: { term: "autumn" } })).toBe(1);
    expect(await db.importBatch.count({ where: { fileName: "totals.csv" } })).toBe(1);
  });

  it("lets a write cut off by a crash be pressed again, but not one still running", async () => {
    const p = await preview("again.csv", "year,term,stage,scope,enrolled\n2019-2020,autumn,after-retakes,all,90\n");
    const ref = { telegramId: "1", uploadId: p.uploadId };
    // a press whose process died while writing: the claim stays, nothing was written
    await db.upload.update({ where: { id: p.uploadId }, data: { status: "writing", claimedAt: clock.now } });
    expect(await confirmUpload(deps(), admin(), ref, null)).toMatchObject({ ok: true, value: { status: "already" } });
    clock.now = new Date(clock.now.getTime() + 11 * 60 * 1000);
    expect(await confirmUpload(deps(), admin(), ref, null)).toMatchObject({ ok: true, value: { status: "written" } });
    expect(await db.upload.findUniqueOrThrow({ where: { id: p.uploadId } })).toMatchObject({ status: "written" });
  });

  it("refuses a leader's file that is no review, and a file of unknown columns by its header", async () => {
    const leader: Actor = { access: { role: "leader", scope: { kind: "institution" } }, institution };
    const r = await receiveUpload(deps(), leader, { telegramId: "2", fileName: "x.csv", bytes: Buffer.from("a,b\n1,2\n") });
    expect(r).toMatchObject({ ok: false, problem: { code: "importForbidden" } });
    const u = await receiveUpload(deps(), admin(), {
      telegramId: "1",
      fileName: "x.csv",
      bytes: Buffer.from("# note\na,b\n1,2\n"),
    });
    expect(u).toMatchObject({
      ok: true,
      value: { status: "rejected", issues: [{ line: 2, code: "unknownTable", params: { columns: "a, b" } }] },
    });
  });

  it("leaves nothing to confirm of a file its preview refused (a dean's row of another faculty)", async () => {
    const dean: Actor = { access: { role: "dean", scope: { kind: "unit", unit: "МТФ", units: ["МТФ"] } }, institution };
    const text = "year,term,stage,form,unit,enrolled,admitted,passed_all\n2025-2026,autumn,main,full-time,ЭФ,10,10,5\n";
    const r = await receiveUpload(deps(), dean, { telegramId: "3", fileName: "ef.csv", bytes: Buffer.from(text) });
    expect(r).toMatchObject({ ok: true, value: { status: "rejected", issues: [{ line: 2, code: "unitOutsideScope" }] } });
    const upload = await db.upload.findFirstOrThrow({ where: { telegramId: "3" } });
    expect(upload.status).toBe("cancelled");
    const forged = await confirmUpload(deps(), dean, { telegramId: "3", uploadId: upload.id }, null);
    expect(forged).toMatchObject({ ok: false, problem: { code: "uploadGone" } });
    expect(await db.sessionResult.count({ where: { year: "2025-2026" } })).toBe(0);
  });

  it("takes a practice file by its header, and keeps a dean off the institution's total line", async () => {
    const p = await preview(
      "practice.csv",
      "unit,year,kind,assigned,completed,as_of\nТФ,2025-2026,production,50,45,2026-09-25\n",
    );
    expect(p).toMatchObject({ kind: "practice", read: 1, preview: { added: [{ line: 2 }] } });
    const done = await confirmUpload(deps(), admin(), { telegramId: "1", uploadId: p.uploadId }, p.preview?.token ?? null);
    expect(done).toMatchObject({ ok: true, value: { status: "written", kind: "practice" } });
    expect(await db.practiceResult.count({ where: { year: "2025-2026", completed: 45 } })).toBe(1);

    const dean: Actor = { access: { role: "dean", scope: { kind: "unit", unit: "ТФ", units: ["ТФ"] } }, institution };
    const text = "unit,2025-2026\nТФ,96\nЖалпы,90\n";
    const r = await receiveUpload(deps(), dean, { telegramId: "4", fileName: "rates.csv", bytes: Buffer.from(text) });
    if (!r.ok || r.value.status !== "chooseFigures") throw new Error(JSON.stringify(r));
    const chosen = await chooseFigures(deps(), dean, { telegramId: "4", uploadId: r.value.uploadId }, 0);
    expect(chosen).toMatchObject({ ok: true, value: { status: "rejected", issues: [{ line: 3, code: "unitOutsideScope" }] } });
  });
});
