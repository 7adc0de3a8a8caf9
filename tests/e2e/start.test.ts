// `sapat bot` (npm start) as a process: configured from the environment, polling the local
// Bot API server, stopped gracefully by SIGTERM.
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildDemo } from "../../bot/app/demo/build-demo.ts";
import { LocalBotApi } from "../../bot/local-api/index.ts";
import { getSetting, upsertLocalUser } from "../../prisma/store/users.ts";
import { tempDir, withPrisma } from "../helpers.ts";
import { testDatabaseUrl } from "../support/database.ts";

const tmp = tempDir("sapat-start-");
const url = testDatabaseUrl(tmp.dir, "demo");
const api = new LocalBotApi({ botUsername: "sapat_start_bot", waitTimeoutMs: 20_000 });
let child: ChildProcess;
let stderr = "";

beforeAll(async () => {
  const { db, institution } = await buildDemo(url);
  await upsertLocalUser(db, {
    institutionId: institution.id,
    telegramId: "3001",
    role: "dean",
    scopeUnitId: (await db.unit.findFirstOrThrow({ where: { code: "МТФ" } })).id,
    firstName: "Dean",
  });
  await db.$disconnect();
  const { apiRoot } = await api.start();
  child = spawn(process.execPath, ["scripts/sapat.mjs", "--db", url, "bot"], {
    cwd: path.resolve(import.meta.dirname, "../.."),
    env: { ...process.env, TELEGRAM_BOT_TOKEN: api.token, TELEGRAM_API_ROOT: apiRoot, LOG_LEVEL: "info", BOT_MODE: "" },
    stdio: ["ignore", "ignore", "pipe"],
  });
  child.stderr?.on("data", (d: Buffer) => {
    stderr += d.toString();
  });
});

afterAll(async () => {
  if (child.exitCode === null) child.kill("SIGKILL");
  await api.stop();
  tmp.cleanup();
});

describe("npm start", () => {
  it("polls, registers its commands and username, and answers", async () => {
    await api.waitFor("getUpdates");
    expect(api.commands({ type: "default" }, "ru")?.map((c) => c.command)).toEqual(["start", "lang", "help"]);
    expect(await withPrisma(url, (db) => getSetting(db, "bot.username"))).toBe("sapat_start_bot");
    api.mark();
    api.sendText({ id: 3001, firstName: "Dean" }, "/debtors");
    const reply = await api.waitFor("sendMessage", (c) => c.params.chat_id === 3001);
    expect(String(reply.params.text)).toContain("525");
  });

  it("stops gracefully on SIGTERM", async () => {
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(stderr).toContain('"signal":"SIGTERM"');
  });
});
