// A unit code in a file is a reference to a stored unit: a typo must not become a new
// faculty. New units are created only when the import says so (--create-units).
import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli, tempDatabaseUrl, withPrisma } from "../helpers.ts";

const db = tempDatabaseUrl();
afterAll(() => db.cleanup());

const HEADER = "year,term,stage,form,unit,enrolled,admitted,passed_all";
function file(name: string, ...lines: string[]): string {
  const f = path.join(db.dir, name);
  writeFileSync(f, `${lines.join("\n")}\n`);
  return f;
}
const stored = () =>
  withPrisma(db.url, async (p) => ({
    units: (await p.unit.findMany({ orderBy: { id: "asc" } })).map((u) => u.code),
    results: await p.sessionResult.count(),
    figures: await p.publishedFigure.count(),
  }));

beforeAll(async () => {
  const first = file(
    "first.csv",
    HEADER,
    "2019-2020,spring,main,full-time,МТФ,873,819,263",
    "2019-2020,spring,main,full-time,ЭТИ,351,326,148",
  );
  const r = await cli(db.url, "--lang", "en", "import", "session", first, "--create-units");
  expect(r.code, r.err).toBe(0);
  expect(r.out).toContain("New units: МТФ, ЭТИ");
});

describe("units a file names", () => {
  it("refuses unknown units without --create-units, listing each with its lines and the near miss", async () => {
    const typo = file(
      "typo.csv",
      HEADER,
      "2019-2020,spring,after-retakes,full-time,МТФФ,873,819,348",
      "2019-2020,spring,after-retakes,full-time,ХYZ,10,10,5",
      "2019-2020,spring,after-retakes,part-time,МТФФ,133,120,85",
      "2019-2020,spring,after-retakes,full-time,эти,351,326,200",
    );
    const r = await cli(db.url, "--lang", "en", "import", "session", typo);
    expect(r.code).toBe(1);
    expect(r.err.split("\n")).toEqual([
      "typo.csv was not accepted; nothing was written:",
      "  line 2: unit “МТФФ” is not in the database (lines 2, 4); did you mean “МТФ”?",
      "  line 3: unit “ХYZ” is not in the database (lines 3)",
      "  line 5: unit “эти” is not in the database (lines 5); did you mean “ЭТИ”?",
      "To add them as new units, import the file again with --create-units.",
    ]);
    expect(await stored()).toEqual({ units: ["МТФ", "ЭТИ"], results: 2, figures: 0 });

    const ru = await cli(db.url, "--lang", "ru", "import", "session", typo);
    expect(ru.err).toContain("строка 2: подразделения «МТФФ» нет в базе (строки 2, 4); может быть, «МТФ»?");
    const ky = await cli(db.url, "import", "session", typo);
    expect(ky.err).toContain("--create-units");
  });

  it("refuses unknown units in published figures the same way", async () => {
    const figures = file("figures.csv", "unit,2018-2019 main", "ЭТИ,42.2", "ЭТИИ,41.0");
    const r = await cli(db.url, "--lang", "en", "import", "figures", figures, "--metric", "absolute");
    expect(r.code).toBe(1);
    expect(r.err).toContain("line 3: unit “ЭТИИ” is not in the database (lines 3); did you mean “ЭТИ”?");
    expect(await stored()).toMatchObject({ units: ["МТФ", "ЭТИ"], figures: 0 });
    const created = await cli(db.url, "--lang", "en", "import", "figures", figures, "--metric", "absolute", "--create-units");
    expect(created.code, created.err).toBe(0);
    expect(await stored()).toMatchObject({ units: ["МТФ", "ЭТИ", "ЭТИИ"], figures: 2 });
  });

  it("creates them when told to", async () => {
    const r = await cli(
      db.url,
      "--lang",
      "en",
      "import",
      "session",
      file("new.csv", HEADER, "2019-2020,spring,main,full-time,ЭФ,100,90,80"),
      "--create-units",
    );
    expect(r.code, r.err).toBe(0);
    expect((await stored()).units).toContain("ЭФ");
  });
});
