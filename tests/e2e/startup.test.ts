// Start-up and its faults, in-process: each way the bot cannot start is one localized line
// and exit 1 (no stack trace); what is worth retrying is retried within a bound.
import { EventEmitter } from "node:events";
import { existsSync, writeFileSync } from "node:fs";
import { createServer, type Server, type Socket } from "node:net";
import path from "node:path";
import Database from "better-sqlite3";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildDemo } from "../../bot/app/demo/build-demo.ts";
import { runCli } from "../../bot/cli/main.ts";
import { loadConfig } from "../../bot/config.ts";
import { LocalBotApi } from "../../bot/local-api/index.ts";
import { translator } from "../../bot/present/i18n.ts";
import { runBot } from "../../bot/run.ts";
import { createPrisma } from "../../prisma/client.ts";
import { resolveDatabaseUrl } from "../../prisma/database-url.ts";
import { getSetting } from "../../prisma/store/users.ts";
import { tempDir } from "../helpers.ts";

const tmp = tempDir("sapat-startup-");
const url = `file:${path.join(tmp.dir, "demo.db")}`;
const api = new LocalBotApi({ botUsername: "sapat_startup_bot", waitTimeoutMs: 5000 });
let apiRoot: string;
const en = await translator("en");

/** Short bounds: a retry after 0.5 s, start-up given up after 1.5 s, each call 0.3 s. */
const FAST = { TELEGRAM_TIMEOUT_MS: "300", STARTUP_TIMEOUT_MS: "1500", LOG_LEVEL: "silent" };

beforeAll(async () => {
  const { db } = await buildDemo(url);
  await db.$disconnect();
  ({ apiRoot } = await api.start());
});
afterAll(async () => {
  await api.stop();
  tmp.cleanup();
});

async function bot(env: Record<string, string>, ...argv: string[]) {
  const err: string[] = [];
  const out: string[] = [];
  const code = await runCli(
    ["--lang", "en", "bot", ...argv],
    { out: (s) => out.push(s), err: (s) => err.push(s) },
    { TELEGRAM_BOT_TOKEN: api.token, TELEGRAM_API_ROOT: apiRoot, DATABASE_URL: url, ...FAST, ...env },
  );
  return { code, err, out };
}

describe("Telegram refuses at start-up", () => {
  it("401 (a wrong token): one line, exit 1", async () => {
    expect(await bot({ TELEGRAM_BOT_TOKEN: "1234:wrong-token-abcdef" })).toMatchObject({
      code: 1,
      err: [en("problems.telegramUnauthorized")],
    });
  });

  it("404 (a wrong API root): one line naming it", async () => {
    const root = `${apiRoot}/nowhere/`;
    expect(await bot({ TELEGRAM_API_ROOT: root })).toMatchObject({
      code: 1,
      err: [en("problems.telegramNotFound", { apiRoot: root })],
    });
  });

  it("409 from getUpdates (another instance polls the token): one line, exit 1", async () => {
    api.failNext("getUpdates", {
      error_code: 409,
      description: "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running",
    });
    expect(await bot({})).toMatchObject({ code: 1, err: [en("problems.telegramConflict")] });
  });

  it("an API that accepts and never answers: retried, then one line after the start-up bound", async () => {
    const sockets: Socket[] = [];
    const silent: Server = createServer((s) => sockets.push(s));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const root = `http://127.0.0.1:${(silent.address() as { port: number }).port}`;
    try {
      const r = await bot({ TELEGRAM_API_ROOT: root });
      expect(r.code).toBe(1);
      expect(r.err).toHaveLength(1);
      expect(r.err[0]).toMatch(new RegExp(`^${en("problems.telegramNoAnswer", { apiRoot: root, seconds: "X" }).split("X")[0]}`));
      // getMe was tried more than once before giving up
      expect(sockets.length).toBeGreaterThan(1);
    } finally {
      for (const s of sockets) s.destroy();
      silent.close();
    }
  });
});

describe("the database at start-up", () => {
  it("refuses a DATABASE_URL without file: in one line, creating nothing", async () => {
    const r = await bot({ DATABASE_URL: "data/oops.db" });
    expect(r).toMatchObject({ code: 1, err: [en("problems.databaseUrl", { url: "data/oops.db" })] });
  });

  it("refuses a missing file unless told to create it, then says once what it creates and where", async () => {
    const fresh = `file:${path.join(tmp.dir, "vanished.db")}`;
    const file = resolveDatabaseUrl(fresh);
    expect(await bot({ DATABASE_URL: fresh })).toMatchObject({ code: 1, err: [en("problems.databaseMissing", { file })] });
    expect(existsSync(file)).toBe(false);

    // told to: created, said once on stderr (here the token is wrong, so it stops after)
    const created = await bot({ DATABASE_URL: fresh, TELEGRAM_BOT_TOKEN: "1234:wrong-token-abcdef" }, "--create-db");
    expect(created.err[0]).toBe(en("cli.creatingDatabase", { file }));
    expect(created.err.filter((l) => l === en("cli.creatingDatabase", { file }))).toHaveLength(1);
    expect(existsSync(file)).toBe(true);
  });

  it("SAPAT_CREATE_DB=1 does the same as --create-db", async () => {
    const fresh = `file:${path.join(tmp.dir, "env-created.db")}`;
    const r = await bot({ DATABASE_URL: fresh, SAPAT_CREATE_DB: "1", TELEGRAM_BOT_TOKEN: "1234:wrong-token-abcdef" });
    expect(r.err).toEqual([en("cli.creatingDatabase", { file: resolveDatabaseUrl(fresh) }), en("problems.telegramUnauthorized")]);
  });

  it("a file that is not a database: one line naming it", async () => {
    const junk = path.join(tmp.dir, "junk.db");
    writeFileSync(junk, "this is not SQLite\n".repeat(100));
    const r = await bot({ DATABASE_URL: `file:${junk}` });
    expect(r.code).toBe(1);
    expect(r.err).toHaveLength(1);
    expect(r.err[0]).toContain(junk);
  });

  it("a CLI import into a new file says once what it creates, and imports", async () => {
    const fresh = `file:${path.join(tmp.dir, "import.db")}`;
    const err: string[] = [];
    const code = await runCli(
      ["--lang", "en", "--db", fresh, "import", "totals", path.resolve("data/kstu/kstu-published-totals.csv")],
      { out: () => {}, err: (s) => err.push(s) },
      {},
    );
    expect(code).toBe(0);
    expect(err).toEqual([en("cli.creatingDatabase", { file: resolveDatabaseUrl(fresh) })]);
  });
});

describe("start-up retries", () => {
  it("a 502 and a 429 from getMe are retried; the bot starts, stores its name, and stops on SIGTERM", async () => {
    api.failNext("getMe", { error_code: 502, description: "Bad Gateway" });
    api.failNext("getMe", { error_code: 429, description: "Too Many Requests: retry after 0", parameters: { retry_after: 0 } });
    api.mark();
    const loaded = loadConfig({ TELEGRAM_BOT_TOKEN: api.token, TELEGRAM_API_ROOT: apiRoot, ...FAST });
    if (!loaded.ok) throw new Error(loaded.problem.code);
    const signals = new EventEmitter();
    const db = createPrisma(url);
    try {
      const run = runBot(loaded.config, { db, logger: pino({ level: "silent" }) }, { signals, onStarted: () => {} });
      await api.waitFor("getUpdates");
      expect(api.callsSinceMark("getMe").map((c) => c.error?.error_code)).toEqual([502, 429, undefined]);
      expect(await getSetting(db, "bot.username")).toBe("sapat_startup_bot");
      signals.emit("SIGTERM", "SIGTERM");
      expect(await run).toEqual({ ok: true, value: { signal: "SIGTERM", cutOff: false } });
      expect(signals.listenerCount("SIGTERM")).toBe(0);
    } finally {
      await db.$disconnect();
    }
  });

  it("a bot started while another connection holds the write lock (an import) starts anyway", async () => {
    const loaded = loadConfig({ TELEGRAM_BOT_TOKEN: api.token, TELEGRAM_API_ROOT: apiRoot, ...FAST });
    if (!loaded.ok) throw new Error(loaded.problem.code);
    const signals = new EventEmitter();
    const db = createPrisma(url, { busyTimeoutMs: 40 });
    const lock = new Database(resolveDatabaseUrl(url));
    lock.exec("BEGIN IMMEDIATE");
    const logged: string[] = [];
    try {
      api.mark();
      const run = runBot(
        loaded.config,
        { db, logger: pino({ level: "warn" }, { write: (l: string) => logged.push(l) }) },
        { signals },
      );
      await api.waitFor("getUpdates");
      lock.exec("COMMIT");
      signals.emit("SIGTERM", "SIGTERM");
      expect(await run).toMatchObject({ ok: true });
      // the username could not be stored: said in the log, not fatal
      expect(logged.map((l) => JSON.parse(l).msg)).toContain("could not store the bot's username");
    } finally {
      if (lock.inTransaction) lock.exec("ROLLBACK");
      lock.close();
      await db.$disconnect();
    }
  });
});

describe("/healthz and /metrics in polling mode (HEALTH_PORT)", () => {
  async function freePort(): Promise<number> {
    return new Promise((resolve) => {
      const s = createServer().listen(0, "127.0.0.1", () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
  }

  it("serves them while the bot polls, and closes the port on SIGTERM", async () => {
    const port = await freePort();
    const loaded = loadConfig({ TELEGRAM_BOT_TOKEN: api.token, TELEGRAM_API_ROOT: apiRoot, ...FAST, HEALTH_PORT: String(port) });
    if (!loaded.ok) throw new Error(loaded.problem.code);
    const signals = new EventEmitter();
    const db = createPrisma(url);
    try {
      api.mark();
      const run = runBot(loaded.config, { db, logger: pino({ level: "silent" }) }, { signals });
      await api.waitFor("getUpdates");
      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: "ok", database: { ok: true } });
      const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      expect(metrics).toContain("sapat_updates_total");
      expect(metrics).toContain("sapat_outbox_depth 0");
      signals.emit("SIGTERM", "SIGTERM");
      expect(await run).toEqual({ ok: true, value: { signal: "SIGTERM", cutOff: false } });
      await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
    } finally {
      await db.$disconnect();
    }
  });

  it("a HEALTH_PORT in use, or a HOST that is no address: one line each, exit 1", async () => {
    const taken = createServer();
    const port = await new Promise<number>((resolve) =>
      taken.listen(0, "127.0.0.1", () => resolve((taken.address() as { port: number }).port)),
    );
    try {
      const r = await bot({ HEALTH_PORT: String(port) });
      expect(r.code).toBe(1);
      expect(r.err).toEqual([en("problems.webListen", { host: "127.0.0.1", port, reason: "EADDRINUSE" })]);
    } finally {
      taken.close();
    }
    expect(await bot({ HEALTH_PORT: "9", HOST: "not an address" })).toMatchObject({
      code: 1,
      err: [en("problems.configHost", { name: "HOST" })],
    });
  });
});
