// `sapat import units` and `sapat institution set` through the CLI, on a fresh database.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cli, DATA, onPostgres, tempDatabaseUrl, withPrisma } from "../helpers.ts";

const db = tempDatabaseUrl();
afterAll(() => db.cleanup());

const HEADER = "code,kind,parent,name_ky,name_ru,name_en,aliases";

function file(name: string, ...lines: string[]): string {
  const p = path.join(db.dir, `${name}.csv`);
  writeFileSync(p, `${lines.join("\n")}\n`);
  return p;
}

const importUnits = (p: string) => cli(db.url, "--lang", "en", "import", "units", p);

function units() {
  return withPrisma(db.url, async (prisma) =>
    (await prisma.unit.findMany({ include: { aliases: { orderBy: { id: "asc" } }, parent: true }, orderBy: { id: "asc" } })).map(
      (u) => ({
        code: u.code,
        kind: u.kind,
        parent: u.parent?.code ?? null,
        names: [u.nameKy, u.nameRu, u.nameEn],
        aliases: u.aliases.map((a) => a.name),
      }),
    ),
  );
}

describe("sapat import units", () => {
  it("creates the demo's units with their kinds, names and aliases", async () => {
    const r = await importUnits(path.join(DATA, "kstu-units.csv"));
    // the first command on a new database says it creates it, and nothing else goes to stderr
    // (a PostgreSQL database is made by its administrator: nothing is said)
    if (onPostgres) expect(r.err).toBe("");
    else expect(r.err).toMatch(/^Creating a new database: \S+test\.db$/);
    expect(r.out).toBe("kstu-units.csv: 14 units read — 14 new, 0 updated, 0 unchanged.");
    const stored = await units();
    expect(stored.find((u) => u.code === "Токмок ш. филиал")).toEqual({
      code: "Токмок ш. филиал",
      kind: "branch",
      parent: null,
      names: ["Токмок шаардык филиалы", "Токмакский филиал", "Tokmok branch"],
      aliases: ["Токмок", "Токмак"],
    });
    expect(stored.find((u) => u.code === "Кызыл-Кия ш. филиал")?.aliases).toEqual(["Кызыл-Кия", "Кызыл-Кыя"]);
    expect((await importUnits(path.join(DATA, "kstu-units.csv"))).out).toMatch(/0 new, 0 updated, 14 unchanged/);
  });

  it("updates units in place: a parent by code, aliases replaced, a column left out kept", async () => {
    const p = file("update", "code,parent,aliases", "ТФ-каф,ТФ,Технология кафедрасы", "Токмок ш. филиал,,Токмок;Tokmok city");
    const r = await importUnits(p);
    expect(r.out).toMatch(/2 units read — 1 new, 1 updated, 0 unchanged/);
    const stored = await units();
    expect(stored.find((u) => u.code === "ТФ-каф")).toMatchObject({
      kind: "faculty",
      parent: "ТФ",
      aliases: ["Технология кафедрасы"],
    });
    expect(stored.find((u) => u.code === "Токмок ш. филиал")).toMatchObject({
      kind: "branch",
      names: ["Токмок шаардык филиалы", "Токмакский филиал", "Tokmok branch"],
      aliases: ["Токмок", "Tokmok city"],
    });
  });

  it.each([
    ["a zero-width space", "ЭФ,faculty,,Энергетика\u200b,,,", /line 2: “name_ky”: an invisible or control character \(U\+200B\)/],
    ["a bidi override", "ЭФ,faculty,,,,,\u202eФЭ", /line 2: “aliases”: an invisible or control character \(U\+202E\)/],
    ["a terminal escape", "ЭФ,faculty,,,,\u001b[2JEnergy,", /line 2: “name_en”: an invisible or control character \(U\+001B\)/],
    ["a name too long", `ЭФ,faculty,,${"ы".repeat(121)},,,`, /line 2: “name_ky”: 121 characters, at most 120 allowed/],
    [
      "a name of another unit",
      "ЭФ,faculty,,,,,Токмок",
      /line 2: “aliases”: “Токмок” reads the same as “Токмок”, a name of unit Токмок ш. филиал/,
    ],
    ["a look-alike of another code", "MTF,faculty,,,,,", /line 2: “code”: “MTF” reads the same as “МТФ”, a name of unit МТФ/],
    [
      "ё for е in another's name",
      "ЭФ,faculty,,,Технологичёский факультет,,",
      /line 2: “name_ru”: “Технологичёский факультет” reads the same/,
    ],
    ["an unknown parent", "ЭФ,faculty,НЕТ,,,,", /line 2: “parent”: unit “НЕТ” is neither in the file nor in the database/],
    ["an unknown kind", "ЭФ,school,,,,,", /line 2: “kind”: “school” is unknown/],
  ])("refuses %s, naming the line, and writes nothing", async (name, row, message) => {
    const before = await units();
    const r = await importUnits(file(name.replace(/\W+/g, "-"), HEADER, row, "НОВЫЙ,faculty,,,,,"));
    expect(r.code).toBe(1);
    expect(r.err).toContain("was not accepted; nothing was written");
    expect(r.err).toMatch(message);
    expect(await units()).toEqual(before);
  });

  it("refuses a parent cycle, on every line of it", async () => {
    const r = await importUnits(file("cycle", "code,parent", "А1,Б1", "Б1,А1"));
    expect(r.err).toMatch(/line 2: “parent”: unit А1 would end up below itself/);
    expect(r.err).toMatch(/line 3: “parent”: unit Б1 would end up below itself/);
  });
});

describe("sapat institution set", () => {
  it("names the institution and sets its methodology", async () => {
    expect((await cli(db.url, "--lang", "en", "institution", "show")).out).toContain("Institution: main — main");
    const r = await cli(
      db.url,
      "--lang",
      "en",
      "institution",
      "set",
      "--code",
      "KSTU",
      "--name",
      "Kyrgyz State Technical University",
      "--base",
      "enrolled",
      "--debtors-include-not-admitted",
      "no",
    );
    expect(r.err).toBe("");
    expect(r.out).toBe(
      "Institution: KSTU — Kyrgyz State Technical University\nMethod: achievement over students enrolled; debtors = admitted minus those who passed every exam.",
    );
    const stored = await withPrisma(db.url, (prisma) => prisma.institution.findMany());
    expect(stored.map((i) => [i.code, i.name, i.methodologyBase, i.debtorsIncludeNotAdmitted])).toEqual([
      ["KSTU", "Kyrgyz State Technical University", "enrolled", false],
    ]);
  });

  it("refuses a bad value or an invisible character, naming the option", async () => {
    expect((await cli(db.url, "--lang", "en", "institution", "set", "--base", "everyone")).err).toMatch(/invalid “--base”/);
    expect((await cli(db.url, "--lang", "en", "institution", "set", "--debtors-include-not-admitted", "maybe")).err).toMatch(
      /invalid “--debtors-include-not-admitted”/,
    );
    const r = await cli(db.url, "--lang", "en", "institution", "set", "--name", "KSTU\u202e");
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/“name”: an invisible or control character \(U\+202E\)/);
  });
});
