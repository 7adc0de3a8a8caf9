// `sapat backup` and `sapat restore` on the database the run uses: a SQLite file, or with
// SAPAT_TEST_POSTGRES a PostgreSQL database (pg_dump / pg_restore). A round trip brings back
// exactly what the backup held; every refusal leaves things as they were.
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildDemo } from "../../bot/app/demo/build-demo.ts";
import { runCli } from "../../bot/cli/main.ts";
import { translator } from "../../bot/present/i18n.ts";
import { resolveDatabaseUrl } from "../../prisma/database-url.ts";
import { Prisma } from "../../prisma/generated/client.ts";
import { migrate } from "../../prisma/migrate.ts";
import { describeDatabase, migrationsDirOf } from "../../prisma/provider.ts";
import { onPostgres, tempDir, testDatabaseUrl, withPrisma } from "../helpers.ts";
import { emptyDatabaseUrl } from "../support/database.ts";

/** The tools are found on the PATH of the environment the command is given. */
const ENV = { PATH: process.env.PATH ?? "" };

async function sapat(url: string, argv: string[], env: Record<string, string> = ENV) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(["--lang", "en", "--db", url, ...argv], { out: (s) => out.push(s), err: (s) => err.push(s) }, env);
  return { code, out: out.join("\n"), err: err.join("\n") };
}

async function reports(url: string): Promise<string[]> {
  const out: string[] = [];
  for (const argv of [
    ["report", "session", "--year", "2019-2020", "--term", "spring", "--stage", "after-retakes", "--json"],
    ["report", "practice", "--json"],
    ["accreditation", "expiring", "--within", "12m", "--on", "2026-11-23", "--json"],
  ]) {
    const r = await sapat(url, argv);
    expect(r.code, r.err).toBe(0);
    out.push(r.out);
  }
  return out;
}

const practice = ["practice", "submit", "--unit", "ТФ", "--kind", "production", "--assigned", "50", "--completed", "45"];

/** Another connection's write transaction, open until commit(): an import or the bot writing. */
async function openWrite(url: string): Promise<{ commit(): Promise<void> }> {
  const sql = `INSERT INTO "Setting" ("key", "value", "updatedAt") VALUES ('during-backup', 'x', '2026-01-01T00:00:00.000+00:00')`;
  if (!onPostgres) {
    const raw = new Database(resolveDatabaseUrl(url));
    raw.exec("BEGIN IMMEDIATE");
    raw.exec(sql);
    return {
      commit: async () => {
        raw.exec("COMMIT");
        raw.close();
      },
    };
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query("BEGIN");
  await client.query(sql);
  return {
    commit: async () => {
      await client.query("COMMIT");
      await client.end();
    },
  };
}

describe(`sapat backup and restore (${onPostgres ? "PostgreSQL" : "SQLite"})`, () => {
  const t = tempDir();
  let url: string;
  const file = (name: string) => path.join(t.dir, name);
  beforeAll(async () => {
    url = testDatabaseUrl(t.dir, "live");
    const { db } = await buildDemo(url);
    await db.$disconnect();
  }, 60_000);
  afterAll(() => t.cleanup());

  it("round trip: what is written after the backup is gone after the restore, and the reports read as before", async () => {
    const before = await reports(url);
    const made = await sapat(url, ["backup", file("round.bak"), "--json"]);
    expect(made.code, made.err).toBe(0);
    const summary = JSON.parse(made.out);
    expect(summary).toMatchObject({ file: file("round.bak"), provider: onPostgres ? "postgresql" : "sqlite" });
    expect(summary.tables).toMatchObject({ Institution: 1, Unit: 14, SessionResult: 32, PracticeResult: 0 });
    expect(summary.bytes).toBeGreaterThan(1000);

    expect((await sapat(url, [...practice, "--yes"])).code).toBe(0);
    expect(await reports(url)).not.toEqual(before);

    // the database holds data: replaced only with --force, and nothing changes without it
    const refused = await sapat(url, ["restore", file("round.bak")]);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/holds data — institutions: 1, users: 0, rows: \d+ — which the restore would replace/);
    expect(await withPrisma(url, (db) => db.practiceResult.count())).toBe(1);

    const restored = await sapat(url, ["restore", file("round.bak"), "--force"]);
    expect(restored.code, restored.err).toBe(0);
    expect(restored.out).toContain("It replaced what the database held — institutions: 1, users: 0.");
    expect(restored.out).toMatch(/^ {2}SessionResult +32$/m);
    expect(await withPrisma(url, (db) => db.practiceResult.count())).toBe(0);
    expect(await reports(url)).toEqual(before);
    // and the database goes on: ids continue after the restored rows
    expect((await sapat(url, [...practice, "--yes"])).code).toBe(0);
  });

  it("is online: another connection's open write transaction neither blocks it nor gets into it", async () => {
    const writer = await openWrite(url);
    let during: Awaited<ReturnType<typeof sapat>>;
    try {
      during = await sapat(url, ["backup", file("during.bak"), "--json"]);
    } finally {
      await writer.commit();
    }
    expect(during.code, during.err).toBe(0);
    expect(JSON.parse(during.out).tables.Setting).toBe(0);
    const after = await sapat(url, ["backup", file("after.bak"), "--json"]);
    expect(JSON.parse(after.out).tables.Setting).toBe(1);

    const target = testDatabaseUrl(t.dir, "fresh");
    const r = await sapat(target, ["restore", file("during.bak")]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).not.toContain("It replaced");
    expect(await withPrisma(target, (db) => db.setting.count())).toBe(0);
  });

  it("never overwrites a file without --force, and leaves no half file behind", async () => {
    const en = await translator("en");
    writeFileSync(file("taken.bak"), "keep me");
    const refused = await sapat(url, ["backup", file("taken.bak")]);
    expect(refused.code).toBe(1);
    expect(refused.err).toBe(en("problems.backupExists", { file: file("taken.bak") }));
    expect(readFileSync(file("taken.bak"), "utf8")).toBe("keep me");
    const forced = await sapat(url, ["backup", file("taken.bak"), "--force"]);
    expect(forced.code, forced.err).toBe(0);
    const tables = Object.keys(Prisma.ModelName).length;
    expect(forced.out).toMatch(
      new RegExp(`Backup of .* written to .*taken\\.bak: [\\d.]+ KB, \\d+ rows in ${tables} tables, [\\d.]+ s\\.`),
    );

    const nowhere = await sapat(url, ["backup", file("no/such/dir.bak")]);
    expect(nowhere.err).toBe(en("problems.backupNoDirectory", { dir: file("no/such") }));

    // a folder is refused by name, --force or not, and stays as it was
    mkdirSync(file("folder"));
    const folder = await sapat(url, ["backup", file("folder"), "--force"]);
    expect(folder.code).toBe(1);
    expect(folder.err).toBe(en("problems.backupIsFolder", { file: file("folder") }));
    expect(readdirSync(file("folder"))).toEqual([]);
  });

  it("says in one line when the backup fails, and leaves no file named like a good one", async () => {
    const en = await translator("en");
    if (!onPostgres) {
      // the copy cannot be written where it goes
      mkdirSync(`${file("failed.bak")}.partial-${process.pid}`);
      const failed = await sapat(url, ["backup", file("failed.bak")]);
      expect(failed.code).toBe(1);
      expect(failed.err).toMatch(/^The backup failed and left no file: /);
      expect(existsSync(file("failed.bak"))).toBe(false);
      rmSync(`${file("failed.bak")}.partial-${process.pid}`, { recursive: true });
      return;
    }
    // pg_dump writes half an archive, then fails; it is given the password in its environment only
    const bin = file("bin");
    mkdirSync(bin);
    writeFileSync(
      path.join(bin, "pg_dump"),
      `#!/bin/sh\nprintf '%s\\n' "$@" > "${file("args.log")}"\necho "$PGPASSWORD" > "${file("env.log")}"\nfor a in "$@"; do case "$a" in --file=*) printf PGDMP-half > "\${a#--file=}";; esac; done\necho "pg_dump: error: could not write to output file: No space left on device" >&2\nexit 1\n`,
    );
    chmodSync(path.join(bin, "pg_dump"), 0o755);
    const secret = new URL(url);
    secret.password = "s3cret-pw";
    const failed = await sapat(secret.toString(), ["backup", file("failed.bak")], { PATH: `${bin}:${ENV.PATH}` });
    expect(failed.code).toBe(1);
    expect(failed.err).toBe(
      en("problems.pgToolFailed", { tool: "pg_dump", reason: "could not write to output file: No space left on device" }),
    );
    expect(readdirSync(t.dir).filter((f) => f.startsWith("failed.bak"))).toEqual([]);
    expect(readFileSync(file("args.log"), "utf8")).not.toContain("s3cret");
    expect(readFileSync(file("env.log"), "utf8").trim()).toBe("s3cret-pw");
  });

  it("refuses a file that is no backup, a missing one, and a backup of the other kind of database", async () => {
    const en = await translator("en");
    writeFileSync(file("notes.txt"), "not a database\n");
    const random = await sapat(url, ["restore", file("notes.txt")]);
    expect(random.code).toBe(1);
    expect(random.err).toBe(en("problems.restoreNotBackup", { file: file("notes.txt") }));

    const foreign = new Database(file("other.db"));
    foreign.exec("CREATE TABLE t (x)");
    foreign.close();
    const other = await sapat(url, ["restore", file("other.db")]);
    expect(other.err).toBe(
      en(onPostgres ? "problems.restoreSqliteIntoPostgres" : "problems.restoreNotBackup", { file: file("other.db") }),
    );

    const missing = await sapat(url, ["restore", file("gone.bak")]);
    expect(missing.err).toBe(en("problems.backupFileMissing", { file: file("gone.bak") }));
    expect(await withPrisma(url, (db) => db.sessionResult.count())).toBe(32);

    writeFileSync(file("fake.dump"), "PGDMP this is no archive");
    const fake = await sapat(onPostgres ? url : `file:${file("x.db")}`, ["restore", file("fake.dump")]);
    expect(fake.err).toBe(
      en(onPostgres ? "problems.restoreNotBackup" : "problems.restorePostgresIntoSqlite", { file: file("fake.dump") }),
    );
  });

  it("calls a cut-short SQLite file damaged, in SQLite's words, whether restored, backed up or copied; writes nothing", async () => {
    const en = await translator("en");
    await migrate(`file:${file("whole.db")}`);
    // a copy that stopped early: SQLite's header and first pages, the rest missing
    writeFileSync(file("cut.db"), readFileSync(file("whole.db")).subarray(0, 8192));
    const reason = "database disk image is malformed";
    const restored = await sapat(`file:${file("y.db")}`, ["restore", file("cut.db")]);
    expect([restored.code, restored.err]).toEqual([1, en("problems.restoreDamaged", { file: file("cut.db"), reason })]);
    const backedUp = await sapat(`file:${file("cut.db")}`, ["backup", file("cut.bak")]);
    expect([backedUp.code, backedUp.err]).toEqual([1, en("problems.databaseDamaged", { db: file("cut.db"), reason })]);
    const copied = await sapat(`file:${file("z.db")}`, ["db", "copy", "--from", `file:${file("cut.db")}`]);
    expect([copied.code, copied.err]).toEqual([1, en("problems.databaseDamaged", { db: file("cut.db"), reason })]);
    expect(["y.db", "cut.bak", "z.db"].filter((f) => existsSync(file(f)))).toEqual([]);

    // whole, and read as Sapat's, but an index's page overwritten: SQLite's quick_check finds it
    const db = new Database(file("whole.db"));
    db.pragma("journal_mode = DELETE");
    db.exec("CREATE TABLE t (x); CREATE INDEX t_x ON t (x)");
    for (let i = 0; i < 500; i++) db.prepare("INSERT INTO t VALUES (?)").run(`row ${i}`);
    const { rootpage } = db.prepare("SELECT rootpage FROM sqlite_master WHERE name = 't_x'").get() as { rootpage: number };
    const pageSize = db.pragma("page_size", { simple: true }) as number;
    db.close();
    const bytes = readFileSync(file("whole.db"));
    bytes.fill(0xff, (rootpage - 1) * pageSize + 8, (rootpage - 1) * pageSize + 72);
    writeFileSync(file("bad-index.db"), bytes);
    const checked = await sapat(`file:${file("y.db")}`, ["restore", file("bad-index.db")]);
    expect(checked.code).toBe(1);
    expect(checked.err).toMatch(/ is damaged \(\*\*\* in database main \*\*\*\n.*invalid page number/s);
    expect(existsSync(file("y.db"))).toBe(false);
  });

  it("refuses to restore under a running bot (its sender lease is fresh); on PostgreSQL --force goes ahead", async () => {
    const en = await translator("en");
    const target = testDatabaseUrl(t.dir, "running");
    await migrate(target);
    await withPrisma(target, (db) =>
      db.workerLease.create({ data: { name: "sender:1", owner: "bot", until: new Date(Date.now() + 60_000) } }),
    );
    const refused = await sapat(target, ["restore", file("round.bak")]);
    expect(refused.code).toBe(1);
    const forced = await sapat(target, ["restore", file("round.bak"), "--force"]);
    if (onPostgres) {
      expect(refused.err).toBe(en("problems.databaseInUse", { db: describeDatabase(target) }));
      expect(forced.code, forced.err).toBe(0);
      return;
    }
    // a SQLite file renamed over the one a running bot has open: the bot would go on writing
    // into the old, unlinked file, and every answer and invite after the restore would be lost
    expect(refused.err).toMatch(/^A bot or sapat worker is running on .*running.*stop it first/);
    expect(forced.code).toBe(1);
    expect(forced.err).toBe(refused.err);
    expect(forced.err).toMatch(/--force does not help here.* (59|60) s longer/);
    expect(await withPrisma(target, (db) => db.institution.count())).toBe(0);
  });

  it.skipIf(onPostgres)("brings a backup of an older version up to date; refuses one of a newer version", async () => {
    const en = await translator("en");
    // a database as the version before the latest migration left it
    const all = migrationsDirOf("sqlite");
    const older = file("older-migrations");
    cpSync(all, older, { recursive: true });
    const latest = readdirSync(all)
      .filter((d) => /^\d/.test(d))
      .sort()
      .at(-1) as string;
    rmSync(path.join(older, latest), { recursive: true });
    await migrate(`file:${file("older.db")}`, { migrationsDir: older });
    const raw = new Database(file("older.db"));
    raw.exec(
      `INSERT INTO "Institution" ("code", "name", "createdAt") VALUES ('OLD', 'Old one', '2020-01-01T00:00:00.000+00:00')`,
    );
    raw.close();
    const restored = await sapat(`file:${file("from-older.db")}`, ["restore", file("older.db")]);
    expect(restored.code, restored.err).toBe(0);
    expect(restored.out).toContain(`The backup was made by an older version: 1 migrations applied (${latest}).`);
    expect(await withPrisma(`file:${file("from-older.db")}`, (db) => db.institution.findMany())).toMatchObject([{ code: "OLD" }]);

    // and one made by a version this one does not know yet is refused before anything changes
    cpSync(file("round.bak"), file("newer.bak"));
    const newer = new Database(file("newer.bak"));
    newer.exec(
      `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count) SELECT 'x', checksum, finished_at, '20990101000000_future', 1 FROM "_prisma_migrations" LIMIT 1`,
    );
    newer.close();
    const before = await reports(url);
    const refused = await sapat(url, ["restore", file("newer.bak"), "--force"]);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(
      /^.*newer\.bak cannot be brought up to this version \(.*20990101000000_future.*\): nothing was changed\.$/,
    );
    expect(await reports(url)).toEqual(before);
    expect(readdirSync(t.dir).filter((f) => f.includes("partial"))).toEqual([]);
    expect(en("problems.restoreCannotMigrate", { file: "f", reason: "r" })).toBe(
      "f cannot be brought up to this version (r): nothing was changed.",
    );
  });

  it("says in one line when pg_dump or pg_restore is not installed", async () => {
    const en = await translator("en");
    const server = "postgres://sapat:secret@127.0.0.1:1/nothing";
    const dump = await sapat(server, ["backup", file("pg.bak")], { PATH: t.dir });
    expect(dump.code).toBe(1);
    expect(dump.err).toBe(en("problems.pgToolMissing", { tool: "pg_dump" }));
    expect(existsSync(file("pg.bak"))).toBe(false);
    writeFileSync(file("archive.dump"), "PGDMP");
    const restore = await sapat(server, ["restore", file("archive.dump")], { PATH: "" });
    expect(restore.err).toBe(en("problems.pgToolMissing", { tool: "pg_restore" }));
  });
});

// Prisma's `?schema=`: the migrations, the client, pg_dump and pg_restore all in that schema
// (migrations once went to `public` while the client looked in the schema).
describe.runIf(onPostgres)("a database in a schema of its own (?schema=, with a capital letter, and libpq options)", () => {
  const t = tempDir();
  afterAll(() => t.cleanup());
  // with libpq's own options too: both must reach the server
  const inSchema = (url: string) => `${url}?schema=Sapat_Own&options=-c%20statement_timeout%3D60000`;
  const schemas = (url: string) =>
    withPrisma(url, (db) =>
      db.$queryRawUnsafe<{ schema: string; n: bigint }[]>(
        `SELECT table_schema AS schema, count(*) AS n FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema') GROUP BY 1`,
      ),
    );

  it("migrates into it, backs it up and restores it into another database's same schema", async () => {
    const url = inSchema(emptyDatabaseUrl(t.dir, "own"));
    const { db } = await buildDemo(url);
    await db.$disconnect();
    const tables = await schemas(url);
    expect(tables.map((r) => r.schema)).toEqual(["Sapat_Own"]);
    const settings = await withPrisma(url, (db) =>
      db.$queryRawUnsafe<{ path: string; timeout: string }[]>(
        "SELECT current_setting('search_path') AS path, current_setting('statement_timeout') AS timeout",
      ),
    );
    expect(settings).toEqual([{ path: '"Sapat_Own"', timeout: "1min" }]);
    const before = await reports(url);
    const made = await sapat(url, ["backup", path.join(t.dir, "own.bak")]);
    expect(made.code, made.err).toBe(0);
    const other = inSchema(emptyDatabaseUrl(t.dir, "other"));
    const restored = await sapat(other, ["restore", path.join(t.dir, "own.bak")]);
    expect(restored.code, restored.err).toBe(0);
    expect(await reports(other)).toEqual(before);
    expect((await schemas(other)).map((r) => r.schema)).toEqual(["Sapat_Own"]);
  });
});
