// `sapat bot` (npm start) as a process, when things go wrong: Telegram out of reach at
// start-up, an answer hung at shutdown, telegraf's own debug output. Each ends in one line
// on stderr and an exit code, bounded in time by configuration; no stack trace, no texts.
import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildDemo } from "../../bot/app/demo/build-demo.ts";
import { LocalBotApi } from "../../bot/local-api/index.ts";
import { translator } from "../../bot/present/i18n.ts";
import { upsertLocalUser } from "../../prisma/store/users.ts";
import { tempDir } from "../helpers.ts";
import { testDatabaseUrl } from "../support/database.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");
const tmp = tempDir("sapat-process-");
const url = testDatabaseUrl(tmp.dir, "demo");
const en = await translator("en");

beforeAll(async () => {
  const { db, institution } = await buildDemo(url);
  await upsertLocalUser(db, {
    institutionId: institution.id,
    telegramId: "3101",
    role: "dean",
    scopeUnitId: (await db.unit.findFirstOrThrow({ where: { code: "МТФ" } })).id,
    firstName: "Dean",
  });
  await db.$disconnect();
});
afterAll(() => tmp.cleanup());

function sapatBot(env: Record<string, string>): { child: ChildProcess; stderr: () => string; exited: Promise<number | null> } {
  let stderr = "";
  const child = spawn(process.execPath, ["scripts/sapat.mjs", "--db", url, "bot"], {
    cwd: ROOT,
    env: { ...process.env, SAPAT_LANG: "en", BOT_MODE: "", DEBUG: "", ...env },
    stdio: ["ignore", "ignore", "pipe"],
  });
  child.stderr?.on("data", (d: Buffer) => {
    stderr += d.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, stderr: () => stderr, exited };
}

/** stderr lines that are neither the logger's JSON nor telegraf's debug output: what a person reads. */
const plainLines = (stderr: string) =>
  stderr
    .split("\n")
    .filter((l) => l.trim() && !l.startsWith("{") && !/^\S+Z telegraf:/.test(l))
    .map((l) => l.trimEnd());

describe("Telegram out of reach at start-up", () => {
  it("retries with backoff, then prints one line naming the problem and exits 1", async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, "127.0.0.1", () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const apiRoot = `http://127.0.0.1:${port}`;
    const run = sapatBot({
      TELEGRAM_BOT_TOKEN: "1234:abcdefghijklmnop",
      TELEGRAM_API_ROOT: apiRoot,
      STARTUP_TIMEOUT_MS: "1200",
      LOG_LEVEL: "warn",
    });
    expect(await run.exited).toBe(1);
    const reason = `connect ECONNREFUSED 127.0.0.1:${port}`;
    expect(plainLines(run.stderr())).toEqual([en("problems.telegramUnreachable", { apiRoot, reason })]);
    const retries = run
      .stderr()
      .split("\n")
      .filter((l) => l.includes("telegram not reachable, retrying"));
    expect(retries.length).toBeGreaterThan(0);
    expect(run.stderr()).not.toContain("abcdefghijklmnop");
  });
});

describe("a running bot", () => {
  const api = new LocalBotApi({ botUsername: "sapat_process_bot", waitTimeoutMs: 20_000 });
  let run: ReturnType<typeof sapatBot>;
  beforeAll(async () => {
    const { apiRoot } = await api.start();
    run = sapatBot({
      TELEGRAM_BOT_TOKEN: api.token,
      TELEGRAM_API_ROOT: apiRoot,
      SHUTDOWN_TIMEOUT_MS: "1000",
      LOG_LEVEL: "trace",
      // telegraf's own debug output, payloads included, as an operator chasing a problem would set it
      DEBUG: "telegraf:*",
    });
  });
  afterAll(async () => {
    if (run.child.exitCode === null) run.child.kill("SIGKILL");
    await api.stop();
  });

  it("keeps the answer's text out of stderr, even with DEBUG=telegraf:*", async () => {
    await api.waitFor("getUpdates");
    api.mark();
    api.sendText({ id: 3101, firstName: "Dean" }, "/debtors");
    const reply = await api.waitFor("sendMessage", (c) => c.params.chat_id === 3101);
    await api.waitFor("sendPhoto", (c) => c.params.chat_id === 3101);
    const text = String(reply.params.text);
    expect(text).toContain("525");
    // every line of the answer, as telegraf or pino would escape it
    for (const line of text.split("\n").filter((l) => l.length > 12)) {
      expect(run.stderr()).not.toContain(line);
      expect(run.stderr()).not.toContain(JSON.stringify(line).slice(1, -1));
    }
    expect(run.stderr()).toContain("telegraf:main Processing update");
  });

  it("on SIGTERM with an answer hung in Telegram, exits after the shutdown bound with one line", async () => {
    api.setFaults({ hang: ["sendMessage"] });
    api.mark();
    api.sendText({ id: 3101, firstName: "Dean" }, "/debtors");
    await api.waitFor("sendMessage", (c) => c.fault === "hang");
    run.child.kill("SIGTERM");
    expect(await run.exited).toBe(1);
    expect(plainLines(run.stderr())).toEqual([en("cli.botCutOff", { seconds: 1 })]);
    expect(run.stderr()).toContain('"signal":"SIGTERM"');
  });
});
