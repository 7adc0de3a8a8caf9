// Every line the CLI prints is in the user's language (--lang, else SAPAT_LANG, else
// Kyrgyz): its own messages, option validation, commander's errors, configuration errors;
// and every date is Bishkek's.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../bot/cli/main.ts";
import { dateTime, day } from "../../bot/present/format.ts";
import { type Language, translator } from "../../bot/present/i18n.ts";
import { cli, DATA, tempDatabaseUrl, withPrisma } from "../helpers.ts";

const db = tempDatabaseUrl();
const t = {
  ky: await translator("ky"),
  ru: await translator("ru"),
  en: await translator("en"),
};

beforeAll(async () => {
  expect((await cli(db.url, "import", "session", `${DATA}/kstu-2019-2020-spring-session.csv`, "--create-units")).code).toBe(0);
});
afterAll(() => db.cleanup());

async function sapat(argv: string[], env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(["--db", db.url, ...argv], { out: (s) => out.push(s), err: (s) => err.push(s) }, env);
  return { code, out, err };
}

describe("commander's own errors", () => {
  const cases: [string, string[], (tr: (typeof t)["en"]) => string][] = [
    [
      "an unknown option",
      ["users", "list", "--jsn"],
      (tr) =>
        `${tr("cli.commander.unknownOption", { option: "--jsn" })} ${tr("cli.commander.didYouMean", { suggestion: "--json" })}`,
    ],
    [
      "an unknown command",
      ["reprot"],
      (tr) =>
        `${tr("cli.commander.unknownCommand", { command: "reprot" })} ${tr("cli.commander.didYouMean", { suggestion: "report" })}`,
    ],
    ["a missing argument", ["import", "session"], (tr) => tr("cli.commander.missingArgument", { argument: "file" })],
    [
      "a missing required option",
      ["report", "session", "--term", "spring", "--stage", "main"],
      (tr) => tr("cli.commander.missingMandatoryOption", { option: "--year <year>" }),
    ],
    [
      "an option without its value",
      ["users", "list", "--institution"],
      (tr) => tr("cli.commander.optionMissingArgument", { option: "--institution <code>" }),
    ],
    ["too many arguments", ["users", "revoke", "1", "2"], (tr) => tr("cli.commander.excessArguments", { expected: 1, got: 2 })],
  ];
  for (const lng of ["ky", "ru", "en"] as const) {
    it.each(cases)(`${lng}: %s is one line in ${lng}, exit 1`, async (_what, argv, expected) => {
      const r = await sapat(["--lang", lng, ...argv]);
      expect(r.code).toBe(1);
      expect(r.err).toEqual([expected(t[lng])]);
    });
  }

  it("the language comes from SAPAT_LANG when there is no --lang; Kyrgyz by default", async () => {
    expect((await sapat(["users", "list", "--jsn"], { SAPAT_LANG: "ru" })).err[0]).toMatch(/^неизвестный параметр «--jsn»/);
    expect((await sapat(["users", "list", "--jsn"])).err[0]).toMatch(/^белгисиз параметр «--jsn»/);
    expect((await sapat(["--lang", "en", "users", "list", "--jsn"], { SAPAT_LANG: "ru" })).err[0]).toMatch(/^unknown option/);
  });

  it("refuses an unknown language in one line", async () => {
    expect(await sapat(["--lang", "de", "users", "list"])).toMatchObject({
      code: 1,
      err: [t.ky("cli.badOption", { option: "lang", message: "“de” — ky | ru | en" })],
    });
  });
});

describe("configuration errors", () => {
  it.each(["ky", "ru", "en"] as Language[])("%s: a bad setting is one line naming it", async (lng) => {
    const r = await sapat(["--lang", lng, "users", "list"], { DATABASE_BUSY_TIMEOUT_MS: "soon" });
    expect(r).toMatchObject({ code: 1, err: [t[lng]("problems.configNumber", { name: "DATABASE_BUSY_TIMEOUT_MS" })] });
    const bot = await sapat(["--lang", lng, "bot"], { TELEGRAM_BOT_TOKEN: "oops" });
    expect(bot).toMatchObject({ code: 1, err: [t[lng]("problems.configToken", { name: "TELEGRAM_BOT_TOKEN" })] });
  });
});

describe("dates in Bishkek time", () => {
  const evening = new Date("2026-11-30T20:30:00Z"); // already 1 December in Bishkek (UTC+6)

  it("one helper formats them", () => {
    expect(day(evening, "ru")).toBe("01.12.2026");
    expect(day(evening, "ky")).toBe("01.12.2026");
    expect(day(evening, "en")).toBe("2026-12-01");
    expect(dateTime(evening, "ru")).toBe("01.12.2026 02:30");
    expect(dateTime(evening, "en")).toBe("2026-12-01 02:30");
  });

  it("sapat users list shows the day a user joined in Bishkek", async () => {
    await withPrisma(db.url, async (p) => {
      const institution = await p.institution.findFirstOrThrow();
      await p.user.create({ data: { institutionId: institution.id, telegramId: "5005", role: "leader", createdAt: evening } });
    });
    const r = await sapat(["--lang", "ru", "users", "list"]);
    expect(r.code).toBe(0);
    const row = r.out.find((l) => l.startsWith("5005"));
    expect(row).toContain("01.12.2026");
    expect(row).not.toContain("2026-11-30");
  });

  it("sapat invite create prints the expiry in Bishkek time", async () => {
    const r = await sapat(["--lang", "en", "invite", "create", "--role", "leader", "--expires", "7d"]);
    expect(r.code, r.err.join("\n")).toBe(0);
    const invite = await withPrisma(db.url, (p) => p.invite.findFirstOrThrow({ orderBy: { id: "desc" } }));
    expect(r.out[0]).toBe(
      t.en("cli.invite.created", { role: "leader", scope: "institution", expiresAt: dateTime(invite.expiresAt, "en") }),
    );
    expect(r.out[0]).toContain("Bishkek");
  });
});
