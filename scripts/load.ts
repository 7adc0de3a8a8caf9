// Load: 200 chats — deans of the demo's units and a few leaders — ask what deans ask ("МТФте
// канча карызкор бар?"), get the answer with its chart, press 📊 and a stage button, against
// bot instances in webhook mode, each a `sapat bot` process of its own, all on one database,
// the updates spread over them, the local Bot API standing in for Telegram. Per answer: the
// time from the update leaving for the bot to the bot's sendMessage / sendPhoto /
// editMessageText reaching the local Bot API — p50, p95, max — and the errors (non-2xx
// webhook answers, missing answers, error texts, refused calls), which must be 0.
// Phases, in one run: the anchor (one instance on SQLite), one and two instances on PostgreSQL.
// Not a test: `npm run load -- [--chats 200] [--rounds 2] [--postgres SERVER_URL]
// [--phases sqlite-1,postgres-1,postgres-2] [--spread 1] [--timeout 300] [--out load.json]`
// (--spread: the chats start within that many seconds; 1, the default, is a burst). Loopback only;
// bounded by --timeout per phase; stops its processes and drops its databases by itself.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { buildDemo } from "../bot/app/demo/build-demo.ts";
import { LocalBotApi, seededRandom } from "../bot/local-api/index.ts";
import { translator } from "../bot/present/i18n.ts";
import { createDatabase, dropDatabase } from "../prisma/postgres-admin.ts";
import { upsertLocalUser } from "../prisma/store/users.ts";
import { CallLog, emptyTimings, type LoadChat, type Run, runChat, type Step, type Timings } from "./load/chats.ts";
import { startInstances } from "./load/instances.ts";

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}
const CHATS = Number(option("chats", "200"));
const ROUNDS = Number(option("rounds", "2"));
const TIMEOUT_S = Number(option("timeout", "300"));
const SERVER = option("postgres", process.env.SAPAT_TEST_POSTGRES ?? "postgres://sapat@127.0.0.1:5433/postgres");
const PHASES = option("phases", "sqlite-1,postgres-1,postgres-2").split(",");
const OUT = option("out", "");
/** the chats start within this many seconds: 1 is a burst, 60 a minute's worth of deans */
const SPREAD_S = Number(option("spread", "1"));

interface Phase {
  name: string;
  database: "SQLite" | "PostgreSQL";
  instances: number;
}

/** A fresh database for a phase: a SQLite file, or a PostgreSQL database of its own on the server. */
async function database(phase: Phase, dir: string): Promise<{ url: string; drop: () => Promise<void> }> {
  if (phase.database === "SQLite") return { url: `file:${path.join(dir, `${phase.name}.db`)}`, drop: async () => {} };
  const name = `fuzzload_load_${process.pid}_${phase.instances}`;
  await dropDatabase(SERVER, name);
  return { url: await createDatabase(SERVER, name), drop: () => dropDatabase(SERVER, name) };
}

/** The demo, and the people of the load: deans of the units that have results, every tenth chat a leader. */
async function prepare(url: string): Promise<LoadChat[]> {
  const { db, institution } = await buildDemo(url);
  try {
    const withResults = await db.sessionResult.findMany({ distinct: ["unitId"], select: { unit: true } });
    const units = withResults.map((r) => r.unit).sort((a, b) => a.code.localeCompare(b.code));
    const random = seededRandom(12);
    const chats: LoadChat[] = [];
    for (let i = 0; i < CHATS; i++) {
      const leader = i % 10 === 9;
      const unit = units[leader ? Math.floor(random() * units.length) : i % units.length];
      if (!unit) throw new Error("the demo has no results");
      const user = { id: 6_000_000 + i, firstName: `L${i}`, languageCode: "ky" };
      await upsertLocalUser(db, {
        institutionId: institution.id,
        telegramId: String(user.id),
        role: leader ? "leader" : "dean",
        scopeUnitId: leader ? null : unit.id,
        firstName: user.firstName,
      });
      const c = unit.code;
      const questions = [`${c}те канча карызкор бар?`, `должники ${c}`, `${c} карызкорлор`, `${c} жетишкендик`];
      chats.push({ user, unit: c, questions: questions.slice(i % 2).concat(questions.slice(0, i % 2)) });
    }
    // who warms each instance up (its first answer loads what every later one reuses), not measured
    const warm = { id: 5_999_999, firstName: "Warm", languageCode: "ky" };
    await upsertLocalUser(db, {
      institutionId: institution.id,
      telegramId: String(warm.id),
      role: "leader",
      scopeUnitId: null,
      firstName: "Warm",
    });
    const first = units[0] as { code: string };
    return [{ user: warm, unit: first.code, questions: [`${first.code} карызкорлор`] }, ...chats];
  } finally {
    await db.$disconnect();
  }
}

/** Peak resident memory of a process, MB (Linux /proc). */
function peakRssMb(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Math.round(Number(m[1]) / 1024) : 0;
  } catch {
    return 0;
  }
}

const quantile = (sorted: readonly number[], q: number) =>
  sorted.length ? Math.round(sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] as number) : null;
const stats = (ms: number[]) => {
  const sorted = [...ms].sort((a, b) => a - b);
  return { count: sorted.length, p50: quantile(sorted, 0.5), p95: quantile(sorted, 0.95), max: quantile(sorted, 1) };
};

async function errorTexts(): Promise<Set<string>> {
  const texts = new Set<string>();
  for (const lng of ["ky", "ru", "en"] as const) {
    const t = await translator(lng);
    for (const key of ["bot.error", "bot.busy", "bot.notUnderstood"]) texts.add(t(key));
  }
  return texts;
}

async function runPhase(phase: Phase, dir: string) {
  const { url, drop } = await database(phase, dir);
  const api = new LocalBotApi({ botUsername: "sapat_load_bot", waitTimeoutMs: 120_000 });
  try {
    const [warm, ...chats] = (await prepare(url)) as [LoadChat, ...LoadChat[]];
    const { apiRoot } = await api.start();
    const instances = await startInstances(api, apiRoot, url, phase.instances);
    // the local Bot API as Telegram behind a load balancer: each update to the next instance;
    // more connections than chats, so an update leaves the moment it is sent
    api.balance({ targets: instances.origins, maxConnections: CHATS + 10, timeoutMs: 120_000 });
    const log = new CallLog(api);
    const timings: Timings = emptyTimings();
    const texts = await errorTexts();
    const warmUp: Run = {
      api,
      log,
      timings: emptyTimings(),
      errorTexts: texts,
      deadline: Infinity,
      stepTimeoutMs: 120_000,
    };
    // one question (answer, chart, 📊, another stage) per instance, round robin, before the clock starts
    for (let i = 0; i < phase.instances; i++) await runChat(warmUp, warm, 1);
    const started = performance.now();
    const run: Run = { ...warmUp, timings, deadline: started + TIMEOUT_S * 1000, stepTimeoutMs: 60_000 };
    try {
      // every chat starting within --spread seconds (a burst by default)
      const jitter = seededRandom(7);
      await Promise.all(
        chats.map(async (chat) => {
          await new Promise((r) => setTimeout(r, jitter() * SPREAD_S * 1000));
          await runChat(run, chat, ROUNDS);
        }),
      );
    } finally {
      log.close();
    }
    const seconds = Math.round((performance.now() - started) / 100) / 10;
    const rss = instances.pids.map(peakRssMb);
    await instances.stop();
    const figures = Object.fromEntries((Object.keys(timings.ms) as Step[]).map((s) => [s, stats(timings.ms[s])])) as Record<
      Step,
      ReturnType<typeof stats>
    >;
    return {
      ...phase,
      chats: chats.length,
      rounds: ROUNDS,
      seconds,
      peakRssMb: rss,
      ...figures,
      errors: timings.errors,
      examples: timings.examples,
    };
  } finally {
    await api.stop();
    await drop();
  }
}

const dir = mkdtempSync(path.join(os.tmpdir(), "sapat-load-"));
const results = [];
try {
  for (const name of PHASES) {
    const [db, n] = name.split("-");
    const phase: Phase = { name, database: db === "sqlite" ? "SQLite" : "PostgreSQL", instances: Number(n ?? 1) };
    console.error(`load: ${name}: ${CHATS} chats × ${ROUNDS} rounds on ${phase.instances} instance(s), ${phase.database}`);
    results.push(await runPhase(phase, dir));
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const line = (s: { count: number; p50: number | null; p95: number | null; max: number | null }) =>
  `${s.count} × p50 ${s.p50} ms, p95 ${s.p95} ms, max ${s.max} ms`;
let failed = false;
for (const r of results) {
  const e = r.errors;
  const errors = e.non2xx + e.missing + e.errorText + e.apiErrors;
  failed ||= errors > 0;
  console.log(
    `\n== ${r.name}: ${r.instances} instance(s) on ${r.database}, ${r.chats} chats × ${r.rounds} rounds, ${r.seconds} s`,
  );
  for (const [step, label] of [
    ["answer", "answer (sendMessage)"],
    ["chart", "its chart (sendPhoto)"],
    ["chartPress", "📊 pressed (sendPhoto)"],
    ["edit", "another stage (editMessageText)"],
  ] as const)
    console.log(`  ${label.padEnd(32)} ${line(r[step])}`);
  console.log(
    `  errors: ${errors} (non-2xx ${e.non2xx}, missing ${e.missing}, error texts ${e.errorText}, refused calls ${e.apiErrors}); peak RSS per instance ${r.peakRssMb.join(", ")} MB`,
  );
  for (const x of r.examples) console.log(`    ${x}`);
}
const report = { at: new Date().toISOString(), cpus: os.cpus().length, loadAverage: os.loadavg(), phases: results };
if (OUT) writeFileSync(OUT, `${JSON.stringify(report, null, 2)}\n`);
process.exitCode = failed ? 1 : 0;
