// Answers under load: 100 chats ask /debtors at once, through the local Bot API server
// answering like Telegram under load (latency, a share of 429s), on a database holding
// 50 000 results. Prints p50/p95 of the time from the question to the answer's chart, and
// memory. Not a test: figures for the closing note, compared within one run.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pino from "pino";
import { buildDemo } from "../../bot/app/demo/build-demo.ts";
import { createBot } from "../../bot/index.ts";
import { LocalBotApi, type LocalUser } from "../../bot/local-api/index.ts";
import { emptyCounts, FORMS, NO_REPORTED, STAGES } from "../../core/index.ts";
import { type SessionImportRow, saveSessionImport } from "../../prisma/store/session-results.ts";
import { upsertLocalUser } from "../../prisma/store/users.ts";

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
  peakRssMb: number;
  rssBeforeMb: number;
}

/** Synthetic history: `units` faculties × forms × stages × 6 courses × years, until `total` rows. */
function history(total: number, units: number): SessionImportRow[] {
  const rows: SessionImportRow[] = [];
  for (let y = 2018; rows.length < total; y--)
    for (let u = 0; u < units && rows.length < total; u++)
      for (const form of FORMS)
        for (const stage of STAGES)
          for (let course = 1; course <= 6 && rows.length < total; course++) {
            const enrolled = 40 + ((u * 7 + course) % 60);
            const admitted = enrolled - (u % 5);
            rows.push({
              line: rows.length + 2,
              courseAbsolute: {},
              result: {
                unit: `U${u}`,
                unitKind: "faculty",
                year: `${y}-${y + 1}`,
                term: "spring",
                stage,
                form,
                course,
                countedInTotal: true,
                counts: {
                  ...emptyCounts(),
                  enrolled,
                  admitted,
                  passedAll: Math.floor(admitted * (stage === "main" ? 0.5 : 0.7)),
                },
                reported: NO_REPORTED,
              },
            });
          }
  return rows;
}

const quantile = (sorted: readonly number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;

export async function benchAnswers(opts: { results?: number; chats?: number } = {}): Promise<AnswersBench> {
  const total = opts.results ?? 50_000;
  const chats = opts.chats ?? 100;
  const dir = mkdtempSync(path.join(os.tmpdir(), "sapat-bench-"));
  const { db, institution } = await buildDemo(`file:${path.join(dir, "bench.db")}`);
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
      history(total - have, 100),
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
    const { apiRoot } = await api.start();
    const bot = await createBot({ token: api.token, apiRoot }, { db, logger: pino({ level: "silent" }) });
    const running = bot.launch();
    await api.waitFor("getUpdates");

    global.gc?.();
    const rssBeforeMb = process.memoryUsage().rss / 1e6;
    let peak = rssBeforeMb;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss / 1e6);
    }, 20);
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
    clearInterval(sampler);
    off();
    const since = (m: Map<number, number>) => [...m].map(([chat, at]) => at - (asked.get(chat) ?? at)).sort((a, b) => a - b);
    const latencies = since(done);
    const texts = since(texted);
    const tooMany = api.sendTimes().filter((s) => !s.ok).length;
    bot.stop("bench");
    await running;
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
      peakRssMb: Math.round(peak),
      rssBeforeMb: Math.round(rssBeforeMb),
    };
  } finally {
    await api.stop();
    await db.$disconnect();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.filename === process.argv[1]) console.log(await benchAnswers());
