// Two writers on one SQLite file: another connection holds a write transaction open (as a
// second import would) while the CLI imports or the bot redeems an invite. The loser waits
// and retries within a bound, then says so in one localized line; it never crashes.
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../bot/cli/main.ts";
import type { LocalUser } from "../../bot/local-api/index.ts";
import { translator } from "../../bot/present/i18n.ts";
import { createPrisma } from "../../prisma/client.ts";
import { resolveDatabaseUrl } from "../../prisma/database-url.ts";
import { DatabaseBusyError, type PrismaClient, writeTransaction } from "../../prisma/store/db.ts";
import { hashCode } from "../../prisma/store/users.ts";
import { type Harness, startHarness } from "../e2e/harness.ts";
import { DATA, onPostgres, tempDatabaseUrl, withPrisma } from "../helpers.ts";

/** Another process's import, as SQLite sees it: a write transaction that stays open. */
function holdWriteLock(url: string) {
  const raw = new Database(resolveDatabaseUrl(url));
  raw.exec("BEGIN IMMEDIATE");
  return {
    release() {
      if (raw.inTransaction) raw.exec("COMMIT");
    },
    close() {
      this.release();
      raw.close();
    },
  };
}

// a short busy timeout keeps the bounded waits short
const ENV = { DATABASE_BUSY_TIMEOUT_MS: "40" };
const SESSION = `${DATA}/kstu-2019-2020-spring-session.csv`;

async function sapat(url: string, ...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(["--lang", "en", "--db", url, ...argv], { out: (s) => out.push(s), err: (s) => err.push(s) }, ENV);
  return { code, out, err };
}

// SQLite allows one writer at a time; PostgreSQL writers wait on row locks instead, so
// these lock-holding scenarios are SQLite's (concurrent claims on PostgreSQL: claims tests).
describe.skipIf(onPostgres)("the CLI import while another connection writes", () => {
  const db = tempDatabaseUrl();
  afterAll(() => db.cleanup());

  it("prints one localized line and exits 1, writes nothing; the same import works once the lock is gone", async () => {
    expect((await sapat(db.url, "import", "totals", `${DATA}/kstu-published-totals.csv`)).code).toBe(0);
    const batches = () => withPrisma(db.url, (p) => p.importBatch.count());
    const before = await batches();

    const lock = holdWriteLock(db.url);
    let busy: Awaited<ReturnType<typeof sapat>>;
    try {
      busy = await sapat(db.url, "import", "session", SESSION, "--create-units");
    } finally {
      lock.close();
    }
    expect(busy.code).toBe(1);
    expect(busy.err).toEqual([(await translator("en"))("cli.databaseBusy")]);
    expect(await batches()).toBe(before);

    const again = await sapat(db.url, "import", "session", SESSION, "--create-units");
    expect(again.code, again.err.join("\n")).toBe(0);
    expect(await batches()).toBe(before + 1);
  });

  it("says it in the user's language", async () => {
    const lock = holdWriteLock(db.url);
    const err: string[] = [];
    try {
      const code = await runCli(
        ["--db", db.url, "import", "session", SESSION, "--create-units"],
        { out: () => {}, err: (s) => err.push(s) },
        { ...ENV, SAPAT_LANG: "ru" },
      );
      expect(code).toBe(1);
    } finally {
      lock.close();
    }
    expect(err).toEqual([(await translator("ru"))("cli.databaseBusy")]);
  });
});

describe.skipIf(onPostgres)("writeTransaction", () => {
  const db = tempDatabaseUrl();
  afterAll(() => db.cleanup());
  /** A client whose each try waits 40 ms for the lock. */
  const withShortWait = async (fn: (prisma: PrismaClient) => Promise<void>) => {
    const prisma = createPrisma(db.url, { busyTimeoutMs: 40 });
    try {
      await fn(prisma);
    } finally {
      await prisma.$disconnect();
    }
  };

  it("runs the whole transaction again once the other writer has committed, within its tries", async () => {
    expect((await sapat(db.url, "users", "list")).code).toBe(0); // creates and migrates the file
    await withShortWait(async (prisma) => {
      const lock = holdWriteLock(db.url);
      let runs = 0;
      try {
        const key = await writeTransaction(
          prisma,
          async (tx) => {
            runs++;
            await tx.setting.create({ data: { key: "k", value: "v" } });
            return "written";
          },
          {},
          // the other writer commits during the first pause
          { sleep: async () => lock.release() },
        );
        expect(key).toBe("written");
      } finally {
        lock.close();
      }
      expect(runs).toBe(2);
      expect(await prisma.setting.findUnique({ where: { key: "k" } })).toMatchObject({ value: "v" });
    });
  });

  it("gives up after its tries with DatabaseBusyError, and rolls back", async () => {
    await withShortWait(async (prisma) => {
      const lock = holdWriteLock(db.url);
      let runs = 0;
      try {
        await expect(
          writeTransaction(
            prisma,
            async (tx) => {
              runs++;
              await tx.setting.create({ data: { key: "never", value: "v" } });
            },
            {},
            { attempts: 3, sleep: async () => {} },
          ),
        ).rejects.toBeInstanceOf(DatabaseBusyError);
      } finally {
        lock.close();
      }
      expect(runs).toBe(3);
      expect(await prisma.setting.findUnique({ where: { key: "never" } })).toBeNull();
    });
  });
});

describe.skipIf(onPostgres)("an invite redeemed while another connection writes", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ busyTimeoutMs: 40 });
  });
  afterAll(() => h?.stop());

  it("gets the localized 'busy, try again' answer, binds nothing, and works on the next try", async () => {
    const en = await h.t("en");
    const dean: LocalUser = { id: 6001, firstName: "Dean", languageCode: "en" };
    const code = await h.invite("dean", "МТФ");
    const lock = holdWriteLock(h.databaseUrl);
    let reply: Awaited<ReturnType<Harness["say"]>>;
    try {
      reply = await h.say(dean, `/start ${code}`);
    } finally {
      lock.close();
    }
    expect(reply.params.text).toBe(en("bot.busy"));
    expect(await h.db.user.findUnique({ where: { telegramId: "6001" } })).toBeNull();
    expect((await h.db.invite.findUniqueOrThrow({ where: { codeHash: hashCode(code) } })).usedAt).toBeNull();

    const welcome = await h.say(dean, `/start ${code}`);
    expect(welcome.params.text).toBe(
      en("bot.welcome", { name: "Dean", role: en("bot.role.dean"), scope: en("bot.scope.unit", { unit: "МТФ" }) }),
    );
  });
});
