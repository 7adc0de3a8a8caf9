// `sapat demo --db URL` builds the demo by deleting the file first: it must refuse a
// database that holds anything but a demo (users, another institution, other imports,
// not Sapat's at all) unless told --force, and say what it found.
import { existsSync, writeFileSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { bindLocalUser } from "../../bot/app/access/invites.ts";
import { consoleTelegramId } from "../../bot/console/index.ts";
import { savePracticeEntry } from "../../prisma/store/practice.ts";
import { cli, tempDatabaseUrl, withPrisma } from "../helpers.ts";

const tmp = tempDatabaseUrl();
afterAll(() => tmp.cleanup());

let n = 0;
const fresh = () => `file:${path.join(tmp.dir, `db${++n}.db`)}`;
const demo = (url: string, ...flags: string[]) => cli(url, "--lang", "en", "demo", ...flags);
const contents = (url: string) =>
  withPrisma(url, async (p) => ({
    users: await p.user.count(),
    institutions: (await p.institution.findMany()).map((i) => i.code),
    results: await p.sessionResult.count(),
  }));

describe("sapat demo --db", () => {
  it("builds into a new file, and again over its own demo, console users included", async () => {
    const url = fresh();
    expect((await demo(url)).code).toBe(0);
    await withPrisma(url, async (p) => {
      const institution = await p.institution.findFirstOrThrow();
      const unit = await p.unit.findFirstOrThrow({ where: { code: "МТФ" } });
      await bindLocalUser(p, {
        institutionId: institution.id,
        telegramId: String(consoleTelegramId({ role: "dean", unit: "МТФ" })),
        role: "dean",
        scopeUnitId: unit.id,
        firstName: "Console (dean МТФ)",
        language: "ky",
      });
    });
    const again = await demo(url);
    expect(again.code, again.err).toBe(0);
    expect(await contents(url)).toMatchObject({ users: 0, institutions: ["KSTU"] });
  });

  it("refuses a database with users, another institution and other imports, saying what it found", async () => {
    const url = fresh();
    const file = path.join(tmp.dir, "mine.csv");
    writeFileSync(file, "year,term,stage,form,unit,enrolled,admitted,passed_all\n2019-2020,spring,main,full-time,МТФ,10,9,8\n");
    expect((await cli(url, "import", "session", file, "--create-units", "--by", "registrar")).code).toBe(0);
    await withPrisma(url, async (p) => {
      const institution = await p.institution.findFirstOrThrow();
      await p.user.create({
        data: { institutionId: institution.id, telegramId: "123456789", role: "leader", firstName: "Rector" },
      });
    });
    const before = await contents(url);
    const r = await demo(url);
    expect(r.code).toBe(1);
    expect(r.err.split("\n")).toEqual([
      `${url} holds more than a demo, so it was not wiped:`,
      "  users (1): Rector (leader, 123456789)",
      "  an institution other than the demo's: main",
      "  imports not made by the demo (1): mine.csv (session, registrar)",
      "To wipe it and build the demo there anyway, add --force.",
    ]);
    expect(await contents(url)).toEqual(before);
    // lists are not cut like a value quoted from a file
    const long = path.join(tmp.dir, "spring-2019-2020-corrections-from-the-registrar.csv");
    writeFileSync(long, "year,term,stage,form,unit,enrolled,admitted,passed_all\n2019-2020,spring,main,full-time,МТФ,10,9,8\n");
    expect((await cli(url, "import", "session", long, "--by", "registrar")).code).toBe(0); // the same figures: nothing to confirm
    expect((await demo(url)).err).toContain(
      "imports not made by the demo (2): mine.csv (session, registrar), spring-2019-2020-corrections-from-the-registrar.csv (session, registrar)",
    );
    const ru = await cli(url, "--lang", "ru", "demo");
    expect(ru.err).toContain("пользователи (1): Rector (leader, 123456789)");
    expect(ru.err).toContain("--force");
  });

  it("refuses a demo where someone entered figures in the chat (the console's dean included)", async () => {
    const url = fresh();
    expect((await demo(url)).code).toBe(0);
    await withPrisma(url, async (p) => {
      const institution = await p.institution.findFirstOrThrow();
      const unit = await p.unit.findFirstOrThrow({ where: { code: "ТФ" } });
      await savePracticeEntry(
        p,
        institution.id,
        { unit: "ТФ", unitId: unit.id, year: "2025-2026", kind: "production", assigned: 50, completed: 45, asOf: "2026-09-20" },
        { source: "chat", enteredBy: "-1001", at: new Date(), action: "practice.submit" },
      );
    });
    const r = await demo(url);
    expect(r.code).toBe(1);
    expect(r.err).toContain("figures and requests entered by people (1)");
    expect(await withPrisma(url, (p) => p.practiceResult.count())).toBe(1);
  });

  it("wipes it with --force", async () => {
    const url = `file:${path.join(tmp.dir, `db${n}.db`)}`;
    const r = await demo(url, "--force");
    expect(r.code, r.err).toBe(0);
    expect(await contents(url)).toMatchObject({ users: 0, institutions: ["KSTU"] });
  });

  it("refuses a file that is not a Sapat database, and leaves it as it was", async () => {
    const text = path.join(tmp.dir, "notes.db");
    writeFileSync(text, "my notes, not a database\n".repeat(100));
    const notSqlite = await demo(`file:${text}`);
    expect(notSqlite.code).toBe(1);
    expect(notSqlite.err).toContain("  it is not a SQLite database");
    expect(existsSync(text)).toBe(true);

    const other = path.join(tmp.dir, "other.db");
    const db = new Database(other);
    db.exec("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL); INSERT INTO invoices (total) VALUES (12.5);");
    db.close();
    const foreign = await demo(`file:${other}`);
    expect(foreign.code).toBe(1);
    expect(foreign.err).toContain("  it is not a Sapat database (tables: invoices)");
    const after = new Database(other, { readonly: true });
    expect(after.pragma("journal_mode", { simple: true })).toBe("delete"); // not even switched to WAL
    expect(after.prepare("SELECT total FROM invoices").get()).toEqual({ total: 12.5 });
    after.close();
  });
});
