// An answer loads the session it shows and the year before, in the asker's scope: the rows
// it reads do not grow with the years of history stored (issue: every answer used to load
// every stored result of the institution).
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildDemo } from "../../bot/app/demo/build-demo.ts";
import { reportPractice } from "../../bot/app/practice/practice-report.ts";
import { answerFigures } from "../../bot/app/session/answer-figures.ts";
import type { Institution } from "../../prisma/generated/client.ts";
import type { PrismaClient } from "../../prisma/store/db.ts";
import { saveSessionImport } from "../../prisma/store/session-results.ts";
import { accessOf, upsertLocalUser } from "../../prisma/store/users.ts";
import { asImportRows, syntheticResults } from "../../scripts/bench/synthetic.ts";
import { tempDir } from "../helpers.ts";
import { testDatabaseUrl } from "../support/database.ts";

const tmp = tempDir();
let db: PrismaClient;
let institution: Institution;
/** rows Prisma handed back from the result and figure tables since the last reset */
let loaded = 0;

/** Earlier years of the same units: history the answers for 2019-2020 must not read. */
async function addHistory(fromYear: number, years: number): Promise<void> {
  const results = syntheticResults({
    years: Array.from({ length: years }, (_, i) => fromYear + i),
    units: ["МТФ", "ЭТИ", "ТФ", "ЭФ"],
    courses: 5,
    kindOf: (unit) => (unit === "ЭТИ" ? "institute" : "faculty"),
  });
  const rows = asImportRows(results);
  await saveSessionImport(
    db,
    institution.id,
    rows,
    { source: "history", enteredBy: "test", fileName: "h.csv", sha256: `${fromYear}` },
    { createUnits: true },
  );
}

beforeAll(async () => {
  const built = await buildDemo(testDatabaseUrl(tmp.dir, "demo"));
  institution = built.institution;
  // count what every findMany of a figures table returns, whoever calls it
  db = built.db.$extends({
    query: {
      sessionResult: {
        async findMany({ args, query }) {
          const rows = await query(args);
          loaded += rows.length;
          return rows;
        },
      },
      publishedFigure: {
        async findMany({ args, query }) {
          const rows = await query(args);
          loaded += rows.length;
          return rows;
        },
      },
    },
  }) as unknown as PrismaClient;
});
afterAll(async () => {
  await db.$disconnect();
  tmp.cleanup();
});

async function actor(role: "dean" | "leader", unit?: string) {
  const scopeUnit = unit ? await db.unit.findFirstOrThrow({ where: { institutionId: institution.id, code: unit } }) : null;
  const user = await upsertLocalUser(db, {
    institutionId: institution.id,
    telegramId: `${role}-${unit ?? "all"}`,
    role,
    scopeUnitId: scopeUnit?.id ?? null,
    firstName: "t",
  });
  return { access: await accessOf(db, user), institution };
}

async function rowsRead(fn: () => Promise<unknown>): Promise<number> {
  loaded = 0;
  await fn();
  return loaded;
}

describe("answers read one period and one scope", () => {
  it("a dean's and a rector's /debtors read the same rows with 2 or 22 years of history stored", async () => {
    const deps = { db, now: () => new Date() };
    const dean = await actor("dean", "МТФ");
    const leader = await actor("leader");
    const ask = { year: "2019-2020" };
    const dean1 = await rowsRead(() => answerFigures(deps, dean, ask));
    const leader1 = await rowsRead(() => answerFigures(deps, leader, ask));
    const practice1 = await rowsRead(() => reportPractice(deps, leader, {}));
    await addHistory(1998, 20);
    const dean2 = await rowsRead(() => answerFigures(deps, dean, ask));
    const leader2 = await rowsRead(() => answerFigures(deps, leader, ask));
    const practice2 = await rowsRead(() => reportPractice(deps, leader, {}));
    expect(await db.sessionResult.count()).toBeGreaterThan(1500);
    expect([dean2, leader2, practice2]).toEqual([dean1, leader1, practice1]);
    // the dean's own unit only: МТФ's rows of 2019-2020 (two forms, two stages at most) and none of the others'
    expect(dean1).toBeGreaterThan(0);
    expect(dean1).toBeLessThan(10);
    expect(leader1).toBeLessThan(80);
  });

  it("the answer is still right: МТФ after re-takes, 525 debtors of 873", async () => {
    const a = await answerFigures({ db, now: () => new Date() }, await actor("dean", "МТФ"), {});
    if (!a.ok) throw new Error(a.problem.code);
    if (a.value.kind !== "session") throw new Error(a.value.kind);
    const fullTime = a.value.summary.forms.find((f) => f.form === "full-time");
    expect([fullTime?.current.debtors, fullTime?.current.enrolled]).toEqual([525, 873]);
    expect(a.value.selection).toMatchObject({ year: "2019-2020", stage: "after-retakes", unit: "МТФ" });
  });
});
