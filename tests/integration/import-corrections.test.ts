// A file whose figures differ from the stored ones is a correction: shown first (what is
// new, what changes from what to what, what looks implausible) and written only when
// confirmed. Every version stays, can be listed (history) and brought back (revert).
import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importFile } from "../../bot/app/imports/import-file.ts";
import { dateTime } from "../../bot/present/format.ts";
import { cli, DATA, tempDatabaseUrl, withPrisma } from "../helpers.ts";

const db = tempDatabaseUrl();
afterAll(() => db.cleanup());

const SESSION = path.join(DATA, "kstu-2019-2020-spring-session.csv");
const HEADER = "year,term,stage,form,unit,enrolled,admitted,passed_all,debtors_reported";
const MTF = "2019-2020,spring,after-retakes,full-time,МТФ";
const KEY = ["--unit", "МТФ", "--year", "2019-2020", "--term", "spring", "--stage", "after-retakes", "--form", "full-time"];

function file(name: string, ...rows: string[]): string {
  const f = path.join(db.dir, name);
  writeFileSync(f, `${[HEADER, ...rows].join("\n")}\n`);
  return f;
}
const mtfVersions = () =>
  withPrisma(db.url, (p) =>
    p.sessionResult.findMany({
      where: { unit: { code: "МТФ" }, year: "2019-2020", stage: "after-retakes", form: "full-time", course: 0 },
      orderBy: { version: "asc" },
    }),
  );
const counts = () =>
  withPrisma(db.url, async (p) => ({ results: await p.sessionResult.count(), batches: await p.importBatch.count() }));

beforeAll(async () => {
  const r = await cli(db.url, "import", "session", SESSION, "--create-units");
  expect(r.code, r.err).toBe(0);
});

describe("a correction of stored figures", () => {
  const zeros = () => file("zeros.csv", `${MTF},0,0,0,0`, "2020-2021,autumn,main,full-time,МТФ,351,326,148,203");

  it("is shown, not written, without --yes: new results, changes from → to, all zeros called out; exit 2", async () => {
    const before = await counts();
    const r = await cli(db.url, "--lang", "en", "import", "session", zeros());
    expect(r.code).toBe(2);
    expect(r.out.split("\n")).toEqual([
      "zeros.csv: 2 rows read — 1 new, 1 would change stored figures, 0 unchanged. Nothing was written.",
      "New results (1):",
      "  line 3: МТФ, 2020-2021, autumn, main session, full-time",
      "Changes to stored figures (1), stored → in the file:",
      "  line 2: МТФ, 2019-2020, spring, after re-takes, full-time (version 1)",
      // a column the file leaves out is a figure it clears: shown as such
      "      enrolled 873 → 0; admitted 819 → 0; passed_all 348 → 0; absolute_reported 42.5 → —; quality_reported 27 → —; " +
        "debtors_reported 525 → 0; debtor_share_reported 60.1 → —; course1_abs 45 → —; course2_abs 46 → —; course3_abs 32 → —; course4_abs 69 → —",
      "      ⚠ every count becomes 0 — check that this is the right file",
    ]);
    expect(r.err).toBe("To write these changes (the earlier versions are kept), run the same command again with --yes.");
    expect(await counts()).toEqual(before);
    expect((await mtfVersions()).map((v) => [v.version, v.enrolled, v.supersededAt])).toEqual([[1, 873, null]]);
  });

  it("calls out a count three times larger, in every language", async () => {
    const huge = file("huge.csv", `${MTF},5000000,819,348,525`);
    const en = await cli(db.url, "--lang", "en", "import", "session", huge);
    expect(en.code).toBe(2);
    expect(en.out).toContain("⚠ “enrolled” changes from 873 to 5000000: 3 times or more — check it");
    const ru = await cli(db.url, "--lang", "ru", "import", "session", huge);
    expect(ru.out).toContain("⚠ «enrolled» меняется с 873 на 5000000: в 3 раза или больше — проверьте");
    expect(ru.err).toContain("--yes");
    const ky = await cli(db.url, "import", "session", huge);
    expect(ky.out).toContain("Сакталган маалыматтын өзгөрүүлөрү (1)");
    expect((await mtfVersions()).length).toBe(1);
  });

  it("prints the preview as JSON with --json", async () => {
    const r = await cli(db.url, "--lang", "en", "import", "session", zeros(), "--json");
    expect(r.code).toBe(2);
    const json = JSON.parse(r.out);
    expect(json).toMatchObject({ status: "pending", file: "zeros.csv", encoding: "utf-8", read: 2 });
    expect(json.preview.added).toEqual([
      { line: 3, what: { unit: "МТФ", year: "2020-2021", term: "autumn", stage: "main", form: "full-time", course: 0 } },
    ]);
    expect(json.preview.changed[0]).toMatchObject({
      line: 2,
      version: 1,
      changes: expect.arrayContaining([{ column: "enrolled", from: 873, to: 0 }]),
      warnings: [{ code: "correctionZeroed", params: {}, message: "every count becomes 0 — check that this is the right file" }],
    });
    expect(json.preview.token).toMatch(/^[0-9a-f]{16}$/);
  });

  it("is written with --yes as a new version, the old one kept", async () => {
    const fix = file("fix.csv", `${MTF},873,819,349,524`);
    const r = await cli(db.url, "--lang", "en", "import", "session", fix, "--yes");
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain("0 new, 1 corrected");
    const json = JSON.parse((await cli(db.url, "import", "session", fix, "--json")).out);
    expect(json).toMatchObject({ status: "written", tally: { added: 0, corrected: 0, unchanged: 1 } });
    expect((await mtfVersions()).map((v) => [v.version, v.passedAll, v.supersededAt === null])).toEqual([
      [1, 348, false],
      [2, 349, true],
    ]);
  });

  it("needs no confirmation when only new results come", async () => {
    const r = await cli(
      db.url,
      "--lang",
      "en",
      "import",
      "session",
      file("new.csv", "2020-2021,spring,main,full-time,МТФ,351,326,148,203"),
    );
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain("1 new, 0 corrected");
  });

  it("is written by a preview's token only while the stored figures are as previewed (a bot's confirm button)", async () => {
    const institutionId = await withPrisma(db.url, async (p) => (await p.institution.findFirstOrThrow()).id);
    const req = { kind: "session" as const, institutionId, enteredBy: "bot:42" };
    await withPrisma(db.url, async (prisma) => {
      const first = await importFile(prisma, { ...req, file: file("bot.csv", `${MTF},873,819,350,523`) });
      expect(first.status).toBe("pending");
      const token = first.status === "pending" ? first.preview.token : "";
      // someone else corrects МТФ in between: the token no longer covers what would be replaced
      expect(
        (await importFile(prisma, { ...req, file: file("other.csv", `${MTF},873,819,351,522`), confirm: true })).status,
      ).toBe("written");
      const stale = await importFile(prisma, { ...req, file: file("bot.csv", `${MTF},873,819,350,523`), confirm: token });
      expect(stale.status).toBe("pending");
      const fresh = stale.status === "pending" ? stale.preview.token : "";
      expect(fresh).not.toBe(token);
      const ok = await importFile(prisma, { ...req, file: file("bot.csv", `${MTF},873,819,350,523`), confirm: fresh });
      expect(ok.status).toBe("written");
    });
    expect((await mtfVersions()).map((v) => v.passedAll)).toEqual([348, 349, 351, 350]);
  });
});

describe("a unit's versions", () => {
  it("are listed with who, when, the source and the figures (sapat history)", async () => {
    const r = await cli(db.url, "--lang", "en", "history", ...KEY, "--json");
    expect(r.code, r.err).toBe(0);
    const json = JSON.parse(r.out);
    expect(json.results).toHaveLength(1);
    const [result] = json.results;
    expect(result.what).toEqual({
      unit: "МТФ",
      year: "2019-2020",
      term: "spring",
      stage: "after-retakes",
      form: "full-time",
      course: 0,
    });
    expect(
      result.versions.map((v: { version: number; figures: { passed_all: number } }) => [v.version, v.figures.passed_all]),
    ).toEqual([
      [1, 348],
      [2, 349],
      [3, 351],
      [4, 350],
    ]);
    expect(result.versions[0]).toMatchObject({
      source: "kstu-2019-2020-spring-session.csv",
      supersededAt: expect.any(String),
      figures: { enrolled: 873, admitted: 819, absolute_reported: 42.5, counted_in_total: true, course1_abs: 45 },
    });
    expect(result.versions[3]).toMatchObject({ enteredBy: "bot:42", supersededAt: null });

    const text = await cli(db.url, "--lang", "en", "history", "--unit", "мтф", "--stage", "after-retakes");
    expect(text.out).toMatch(/^МТФ, 2019-2020, spring, after re-takes, full-time$/m);
    // entered when, in Bishkek time like every date a user reads
    const enteredAt = new Date(String(result.versions[0]?.enteredAt));
    expect(text.out).toMatch(
      new RegExp(
        `^ {2}v1 {2}${dateTime(enteredAt, "en")} {2}cli:\\S+ {2}kstu-2019-2020-spring-session\\.csv {2}— superseded `,
        "m",
      ),
    );
    expect(text.out).toMatch(/^ {2}v4 .* — current$/m);
    expect(text.out).toMatch(/^МТФ, 2019-2020, spring, after re-takes, part-time$/m);
  });

  it("bring an earlier version back as a new one, shown first, written with --yes (sapat revert)", async () => {
    const before = await counts();
    const shown = await cli(db.url, "--lang", "en", "revert", ...KEY, "--to-version", "1");
    expect(shown.code).toBe(2);
    expect(shown.out).toContain("МТФ, 2019-2020, spring, after re-takes, full-time (version 4)");
    expect(shown.out).toContain("passed_all 350 → 348; absolute_reported — → 42.5");
    expect(shown.err).toContain("--yes");
    expect(await counts()).toEqual(before);

    const done = await cli(db.url, "--lang", "en", "revert", ...KEY, "--to-version", "1", "--yes", "--by", "quality dept");
    expect(done.code, done.err).toBe(0);
    expect(done.out).toContain("Version 1's figures are current again, as a new version.");
    const versions = await mtfVersions();
    expect(versions.map((v) => [v.version, v.passedAll, v.absoluteReported, v.supersededAt === null])).toEqual([
      [1, 348, 42.5, false],
      [2, 349, null, false],
      [3, 351, null, false],
      [4, 350, null, false],
      [5, 348, 42.5, true],
    ]);
    expect(versions[4]).toMatchObject({
      source: "revert:v1",
      enteredBy: "quality dept",
      courseAbsoluteReported: versions[0]?.courseAbsoluteReported,
    });
    await withPrisma(db.url, async (p) => {
      expect(await p.importBatch.findFirstOrThrow({ orderBy: { id: "desc" } })).toMatchObject({ kind: "revert", rowsAdded: 1 });
    });
    const history = await cli(db.url, "--lang", "ru", "history", ...KEY);
    expect(history.out).toMatch(/^ {2}v5 .* quality dept {2}возврат к версии 1 {2}— действующая$/m);
  });

  it("refuses a version that does not exist, or is the current one", async () => {
    const none = await cli(db.url, "--lang", "en", "revert", ...KEY, "--to-version", "9", "--yes");
    expect(none.code).toBe(1);
    expect(none.err).toBe("МТФ has no version 9 of this result; it has 1, 2, 3, 4, 5");
    const current = await cli(db.url, "--lang", "en", "revert", ...KEY, "--to-version", "5", "--yes");
    expect(current.err).toBe("version 5 is the current one: there is nothing to revert");
    const course = await cli(db.url, "--lang", "en", "revert", ...KEY, "--course", "3", "--to-version", "1");
    expect(course.err).toBe("МТФ has no stored result for this year, term, stage, form and course");
  });
});
