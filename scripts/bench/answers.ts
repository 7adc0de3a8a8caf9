// Answers under load: 100 chats ask /debtors at once, through the local Bot API server
// answering like Telegram under load (latency, a share of 429s), on a database holding
// 50 000 results. The bot runs as its own process, as `npm start` does, so the server
// here does not share its event loop. Prints p50/p95 of the time from the question to the
// answer's text and to its chart, and the bot's memory. Not a test: figures for the
// closing note, compared within one run.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { buildDemo } from "../../bot/app/demo/build-demo.ts";
import { LocalBotApi, type LocalUser } from "../../bot/local-api/index.ts";
import { type SessionImportRow, saveSessionImport } from "../../prisma/store/session-results.ts";
import { upsertLocalUser } from "../../prisma/store/users.ts";
import { asImportRows, syntheticResults } from "./synthetic.ts";

export interface AnswersBench {
  results: number;
  chats: number;
  /** question → the answer's text */
  textP50Ms: number;
  textP95Ms: number;
  /** question → the answer's chart, the last thing sent */
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  /** charts drawn and uploaded (the rest were re-sent by file id) */
  uploads: number;
  answered: number;
  tooManyRequests: number;
  /** the bot process's resident memory: once polling, and its peak (VmHWM) after the run */
  rssBeforeMb: number;
  peakRssMb: number;
}

/** Resident memory of a process, current or peak, MB (Linux /proc). */
function rssOf(pid: number, field: "VmRSS" | "VmHWM"): number {
  const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Math.round(Number(m[1]) / 1024) : 0;
}

/** Synthetic history: 100 faculties, year after year back from 2018-2019, `total` rows. */
export function history(total: number): SessionImportRow[] {
  const years = Array.from({ length: Math.ceil(total / 2400) }, (_, i) => 2018 - i);
  const units = Array.from({ length: 100 }, (_, u) => `U${u}`);
  return asImportRows(syntheticResults({ years, units }).slice(0, total));
}

const quantile = (sorted: readonly number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;

export async function benchAnswers(opts: { results?: number; chats?: number } = {}): Promise<AnswersBench> {
  const total = opts.results ?? 50_000;
  const chats = opts.chats ?? 100;
  const dir = mkdtempSync(path.join(os.tmpdir(), "sapat-bench-"));
  const url = `file:${path.join(dir, "bench.db")}`;
  const { db, institution } = await buildDemo(url);
  const api = new LocalBotApi({
    botUsername: "sapat_bench_bot",
    waitTimeoutMs: 120_000,
    // like Telegram under load: every call takes a little while, one in twenty is told to wait
    faults: { seed: 7, latencyMs: [20, 60], tooManyRequests: { share: 0.05, retryAfter: 1 } },
  });
  try {
    const have = await db.sessionResult.count();
    await saveSessionImport(
      db,
      institution.id,
      history(total - have),
      {
        source: "bench",
        enteredBy: "bench",
        fileName: "bench.csv",
        sha256: "bench",
      },
      { createUnits: true },
    );
    const results = await db.sessionResult.count();
    // deans of the demo's units and of the synthetic ones, and some rectors
    const units = await db.unit.findMany({ where: { institutionId: institution.id } });
    const users: LocalUser[] = [];
    for (let i = 0; i < chats; i++) {
      const user: LocalUser = { id: 5_000_000 + i, firstName: `U${i}`, languageCode: "ky" };
      const unit = i % 5 === 4 ? null : units[i % units.length];
      await upsertLocalUser(db, {
        institutionId: institution.id,
        telegramId: String(user.id),
        role: unit ? "dean" : "leader",
        scopeUnitId: unit?.id ?? null,
        firstName: user.firstName ?? "",
      });
      users.push(user);
    }
    await db.$disconnect();
    const { apiRoot } = await api.start();
    // BENCH_PROF=DIR writes a CPU profile of the bot process there
    const profile = process.env.BENCH_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROF}`] : [];
    const bot = spawn(process.execPath, [...profile, "scripts/sapat.mjs", "--db", url, "bot"], {
      cwd: path.resolve(import.meta.dirname, "../.."),
      env: { ...process.env, TELEGRAM_BOT_TOKEN: api.token, TELEGRAM_API_ROOT: apiRoot, LOG_LEVEL: "warn", BOT_MODE: "" },
      stdio: ["ignore", "ignore", "inherit"],
    });
    const exited = new Promise((resolve) => bot.once("exit", resolve));
    await api.waitFor("getUpdates", () => true, 60_000);
    const pid = bot.pid as number;
    const rssBeforeMb = rssOf(pid, "VmRSS");
    const asked = new Map<number, number>();
    const texted = new Map<number, number>();
    const done = new Map<number, number>();
    let uploads = 0;
    const off = api.on("call", (call) => {
      const chat = Number(call.params.chat_id);
      if (call.error || !asked.has(chat)) return;
      if (call.method === "sendMessage") texted.set(chat, performance.now());
      if (call.method === "sendPhoto") {
        done.set(chat, performance.now());
        if (Buffer.isBuffer(call.params.photo)) uploads++;
      }
    });
    for (const u of users) {
      asked.set(u.id, performance.now());
      api.sendText(u, "/debtors");
    }
    const deadline = Date.now() + 300_000;
    while (done.size < users.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const peakRssMb = rssOf(pid, "VmHWM");
    off();
    const since = (m: Map<number, number>) => [...m].map(([chat, at]) => at - (asked.get(chat) ?? at)).sort((a, b) => a - b);
    const latencies = since(done);
    const texts = since(texted);
    const tooMany = api.sendTimes().filter((s) => !s.ok).length;
    bot.kill("SIGTERM");
    await exited;
    return {
      results,
      chats,
      textP50Ms: Math.round(quantile(texts, 0.5)),
      textP95Ms: Math.round(quantile(texts, 0.95)),
      p50Ms: Math.round(quantile(latencies, 0.5)),
      p95Ms: Math.round(quantile(latencies, 0.95)),
      maxMs: Math.round(latencies.at(-1) ?? 0),
      answered: done.size,
      uploads,
      tooManyRequests: tooMany,
      rssBeforeMb,
      peakRssMb,
    };
  } finally {
    await api.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.filename === process.argv[1]) console.log(await benchAnswers());
