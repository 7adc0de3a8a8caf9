// The registry's files and commands end to end: leading zeros through CSV and XLSX, a code
// with a space, lines named for unknown and ambiguous programmes and bad dates, 29 February,
// a programme change waiting for --yes, and the JSON shapes of expiring and due.
import { writeFileSync } from "node:fs";
import path from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli, DATA, tempDatabaseUrl } from "../helpers.ts";

const db = tempDatabaseUrl();
const file = (name: string, text: string) => {
  const f = path.join(db.dir, name);
  writeFileSync(f, text);
  return f;
};
const run = (...argv: string[]) => cli(db.url, "--lang", "en", ...argv);

beforeAll(async () => {
  expect((await cli(db.url, "import", "units", `${DATA}/kstu-units.csv`)).code).toBe(0);
  const programmes = file(
    "programmes.csv",
    [
      "code,name,level,unit,form,leader",
      "050709,Программалык камсыздоо,ОКББ,Политех. колледж,очная,",
      "580500,Бизнес-информатика,бакалавр,ИЭФ,full-time,@nobody_here",
      "580500,Бизнес-информатика,магистратура,ИЭФ,,",
      "ЛК  12,Электр монтёру,лицей,Политех,,",
    ].join("\n"),
  );
  const r = await run("import", "programmes", programmes);
  expect(r.code).toBe(0);
  expect(r.err).toContain("no user “@nobody_here”; kept as text");
});
afterAll(() => db.cleanup());

describe("sapat import programmes", () => {
  it("keeps 050709 and the lyceum code's space", async () => {
    const r = JSON.parse((await run("programmes", "list", "--json")).out);
    expect(r.programmes.map((p: { code: string; level: string }) => `${p.level} ${p.code}`).sort()).toEqual([
      "bachelor 580500",
      "initial-vocational ЛК 12",
      "master 580500",
      "secondary-vocational 050709",
    ]);
    expect(r.programmes.find((p: { code: string }) => p.code === "580500").leader).toBe("@nobody_here");
  });

  it("an XLSX number cell 50709 at a six-digit level is padded back with a warning", async () => {
    const book = new ExcelJS.Workbook();
    const ws = book.addWorksheet("p");
    ws.addRow(["code", "name", "level", "unit"]);
    ws.addRow([50709, "Программалык камсыздоо", "secondary-vocational", "Политех. колледж"]);
    ws.addRow(["080106", "Финансы", "СПО", "Политех. колледж"]);
    const f = path.join(db.dir, "p.xlsx");
    writeFileSync(f, Buffer.from(await book.xlsx.writeBuffer()));
    const r = await run("import", "programmes", f, "--json");
    expect(r.code).toBe(0);
    const o = JSON.parse(r.out);
    expect(o.added).toEqual(["secondary-vocational 080106"]);
    expect(o.unchanged).toBe(1);
    expect(o.warnings[0]).toMatchObject({ line: 2, code: "programmeCodePadded", params: { value: "50709", code: "050709" } });
  });

  it("a change to a stored programme is shown and waits for --yes", async () => {
    const f = file("rename.csv", "code,name,level,unit\n580500,Бизнес-информатика (жаңы),bachelor,ИЭФ\n");
    const pending = await run("import", "programmes", f);
    expect(pending.code).toBe(2);
    expect(pending.out).toContain("bachelor 580500: name “Бизнес-информатика” → “Бизнес-информатика (жаңы)”");
    const list = JSON.parse((await run("programmes", "list", "--json")).out);
    expect(list.programmes.find((p: { level: string; code: string }) => p.code === "580500" && p.level === "bachelor").name).toBe(
      "Бизнес-информатика",
    );
    expect((await run("import", "programmes", f, "--yes")).code).toBe(0);
  });
});

describe("sapat import accreditations", () => {
  it("names the line of an unknown programme, an ambiguous code, a bad date and writes nothing", async () => {
    const f = file(
      "bad.csv",
      [
        "programme_code,agency,kind,decision_date,term_years",
        "050709,NA,programmatic,2022-09-15,5",
        "999999,NA,programmatic,2022-09-15,5",
        "580500,NA,programmatic,2022-09-15,5",
        "050709,NA,programmatic,31.02.2022,5",
      ].join("\n"),
    );
    const r = await run("import", "accreditations", f);
    expect(r.code).toBe(1);
    expect(r.err).toContain("“31.02.2022” is not a date");
    const again = await run(
      "import",
      "accreditations",
      file(
        "bad2.csv",
        "programme_code,agency,kind,decision_date,term_years\n999999,NA,programmatic,2022-09-15,5\n580500,NA,programmatic,2022-09-15,\n",
      ),
    );
    expect(again.err).toMatch(/line 2: programme “999999” {2}is not in the registry/);
    expect(again.err).toContain("line 3: programme code “580500” is stored at several levels (bachelor, master)");
    const counts = JSON.parse((await run("accreditation", "expiring", "--all", "--json")).out).counts;
    expect(counts).toEqual({ valid: 0, expiring: 0, expired: 0, never: 5 });
  });

  it("29 February for 5 years expires on 28 February; the expiry day itself is expired", async () => {
    const f = file(
      "acc.csv",
      [
        "programme_code,level,agency,kind,decision_date,term_years,framework",
        "580500,bachelor,Agency A,программная,29.02.2024,5,ENAEE",
        "050709,,Agency A,programmatic,2021-11-23,,",
        "080106,,Agency A,programmatic,2021-12-10,5,",
      ].join("\n"),
    );
    const r = await run("import", "accreditations", f, "--json");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).newAgencies).toEqual(["Agency A"]);
    const near = await run(
      "import",
      "accreditations",
      file(
        "near.csv",
        "programme_code,level,agency,kind,decision_date,term_years\n580500,master,Agency B,programmatic,2024-01-10,5\n",
      ),
    );
    expect(near.code).toBe(1);
    expect(near.err).toContain("did you mean “Agency A”");

    const out = await run("accreditation", "expiring", "--within", "12m", "--on", "2026-11-23", "--json");
    const j = JSON.parse(out.out);
    expect(Object.keys(j)).toEqual(["programmes", "counts"]);
    expect(j.programmes).toEqual([
      {
        code: "050709",
        name: "Программалык камсыздоо",
        level: "secondary-vocational",
        unit: "Политех. колледж",
        agency: "Agency A",
        decisionDate: "2021-11-23",
        expiresOn: "2026-11-23",
        daysLeft: 0,
        status: "expired",
      },
      expect.objectContaining({ code: "080106", expiresOn: "2026-12-10", daysLeft: 17, status: "expiring" }),
    ]);
    expect(j.counts).toEqual({ valid: 1, expiring: 1, expired: 1, never: 2 });
    const leap = JSON.parse((await run("accreditation", "expiring", "--on", "27.02.2029", "--within", "1d", "--json")).out);
    expect(leap.programmes.find((p: { code: string }) => p.code === "580500")).toMatchObject({
      expiresOn: "2029-02-28",
      daysLeft: 1,
      status: "expiring",
    });
    const text = await run("accreditation", "expiring", "--on", "2026-11-23");
    expect(text.out).toContain(
      "Политех. колледж:\n  050709 Программалык камсыздоо (secondary vocational) — Agency A 23.11.2021 → 23.11.2026: expired today",
    );
  });

  it("due --year lists expiring in the year, expired before it and never accredited, with reasons", async () => {
    const r = JSON.parse((await run("accreditation", "due", "--year", "2026-2027", "--json")).out);
    expect(r.year).toBe("2026-2027");
    expect(r.programmes.map((p: { code: string; reason: string }) => `${p.code} ${p.reason}`)).toEqual([
      "050709 expires",
      "080106 expires",
      "580500 never",
      "ЛК 12 never",
    ]);
  });

  it("bad --within, --on and --year are worded, exit 1", async () => {
    for (const argv of [
      ["accreditation", "expiring", "--within", "2 weeks"],
      ["accreditation", "expiring", "--on", "2026-13-01"],
      ["accreditation", "due", "--year", "2026"],
      ["accreditation", "expiring", "--level", "доктор"],
    ]) {
      const r = await run(...argv);
      expect(r.code).toBe(1);
      expect(r.err).not.toMatch(/at .*\.ts/);
      expect(r.err.length).toBeGreaterThan(10);
    }
  });
});

describe("sapat import licences and licences report", () => {
  it("reads indefinite words, counts the rate with the project's rounding", async () => {
    const rows = ["programme_code,level,basis,unit,state,applied_on,decided_on,valid_until,year"];
    for (let i = 0; i < 24; i++)
      rows.push(
        `050709,,${i % 2 ? "council" : "ministry"},Политех. колледж,${i < 19 ? "granted" : "not-granted"},2023-10-${String(i + 1).padStart(2, "0")},2024-03-01,${i % 3 ? "бессрочно" : ""},2023-2024`,
      );
    const r = await run("import", "licences", file("lic.csv", rows.join("\n")));
    expect(r.code).toBe(0);
    const rep = JSON.parse((await run("licences", "report", "--json")).out);
    expect(rep.totals).toEqual([{ year: "2023-2024", applied: 24, granted: 19, notGranted: 5, pending: 0, rate: 79.2 }]);
    expect((await cli(db.url, "--lang", "ru", "licences", "report")).out).toContain("подано 24, выдано 19 (79,2%)");
    expect(rep.table).toEqual([
      { level: "secondary-vocational", basis: "council", unit: "Политех. колледж", programmes: 1 },
      { level: "secondary-vocational", basis: "ministry", unit: "Политех. колледж", programmes: 1 },
    ]);
  });
});

describe("words as the registrar types them", () => {
  it("reads Kyrgyz licence states: 'берилген' is issued, 'арыз берилген' applied, 'берилген жок' refused", async () => {
    const rows = [
      "programme_code,level,basis,unit,state,applied_on,year",
      "050709,,ministry,Политех. колледж,берилген,2025-10-01,2025-2026",
      "050709,,ministry,Политех. колледж,арыз берилген,2025-10-02,2025-2026",
      "050709,,ministry,Политех. колледж,берилген жок,2025-10-03,2025-2026",
    ];
    const r = await run("import", "licences", file("lic-ky.csv", rows.join("\n")));
    expect(r.code, r.err).toBe(0);
    const rep = JSON.parse((await run("licences", "report", "--year", "2025-2026", "--json")).out);
    expect(rep.totals).toEqual([{ year: "2025-2026", applied: 3, granted: 1, notGranted: 1, pending: 1, rate: 33.3 }]);
  });

  it("keeps a code typed as text with a leading zero as written: '0123' is not padded", async () => {
    const r = await run("import", "programmes", file("short.csv", "code,name,level,unit\n0123,Курс,бакалавр,ИЭФ\n"));
    expect(r.code, r.err).toBe(0);
    expect(r.err).not.toContain("000123");
    const list = JSON.parse((await run("programmes", "list", "--json")).out);
    expect(list.programmes.map((p: { code: string }) => p.code)).toContain("0123");
  });
});
