// Start-up benchmark: what one `sapat` command costs before it does anything useful, run
// through tsx (development) and from the build (production): wall time and peak memory of
// `sapat --help` and of a report on the demo database, and the time from starting the bot
// to its first getUpdates against the local Bot API. Anchor: `node -e 0` in the same run.
// Each figure is the median of `runs`. Builds dist/ first (npm run build).
// `npx tsx scripts/bench/startup.ts [runs]` prints the figures.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { buildDemo } from "../../bot/app/demo/build-demo.ts";
import { LocalBotApi } from "../../bot/local-api/index.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");
const SAPAT = path.join(ROOT, "scripts", "sapat.mjs");
/**
 * Loaded into every measured process: writes its peak RSS (KiB) and CPU time (µs, all its
 * threads; steadier than wall time on a busy machine) to $BENCH_RSS_FILE on exit. VmHWM, not
 * resourceUsage().maxRSS: on Linux that one keeps the peak of the process forked from this
 * (large) one before it became node.
 */
const RSS_PROBE = `data:text/javascript,${encodeURIComponent(
  `import { readFileSync, writeFileSync } from "node:fs";
  process.on("exit", () => {
    let kib;
    try { kib = /VmHWM:\\s*(\\d+)/.exec(readFileSync("/proc/self/status", "utf8"))[1]; }
    catch { kib = process.resourceUsage().maxRSS; }
    const cpu = process.cpuUsage();
    writeFileSync(process.env.BENCH_RSS_FILE, kib + " " + (cpu.user + cpu.system));
  });`,
)}`;
const REPORT = [
  "report",
  "session",
  "--year",
  "2019-2020",
  "--term",
  "spring",
  "--stage",
  "after-retakes",
  "--form",
  "full-time",
];

interface Sample {
  ms: number;
  cpuMs: number;
  rssMb: number;
}
interface Figure extends Sample {
  /** wall time over the anchor's */
  ratio: number;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
};

function env(dir: string, extra: Record<string, string>): NodeJS.ProcessEnv {
  const { NODE_OPTIONS: _, ...rest } = process.env;
  return { ...rest, BENCH_RSS_FILE: path.join(dir, "rss"), LOG_LEVEL: "warn", SAPAT_LANG: "", NODE_ENV: "", ...extra };
}

function readProbe(dir: string): { rssMb: number; cpuMs: number } {
  const [kib, cpuUs] = readFileSync(path.join(dir, "rss"), "utf8").split(" ").map(Number);
  return { rssMb: Math.round((kib ?? 0) / 1024), cpuMs: Math.round((cpuUs ?? 0) / 1000) };
}

/** One process to its exit: wall time and peak RSS. */
async function once(args: string[], dir: string, extra: Record<string, string>): Promise<Sample> {
  const started = performance.now();
  const child = spawn(process.execPath, ["--import", RSS_PROBE, ...args], { cwd: ROOT, env: env(dir, extra), stdio: "ignore" });
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  const ms = performance.now() - started;
  if (code !== 0) throw new Error(`${args.join(" ")} exited with ${code}`);
  return { ms, ...readProbe(dir) };
}

/** The bot from spawn to its first getUpdates (then stopped): time; CPU and peak RSS over its life. */
async function botOnce(api: LocalBotApi, apiRoot: string, url: string, dir: string, mode: string): Promise<Sample> {
  const polled = new Promise<number>((resolve) => {
    const off = api.on("call", (call) => {
      if (call.method !== "getUpdates") return;
      off();
      resolve(performance.now());
    });
  });
  const started = performance.now();
  const bot = spawn(process.execPath, ["--import", RSS_PROBE, SAPAT, "--db", url, "bot"], {
    cwd: ROOT,
    env: env(dir, { SAPAT_BUILD: mode, TELEGRAM_BOT_TOKEN: api.token, TELEGRAM_API_ROOT: apiRoot, BOT_MODE: "" }),
    stdio: ["ignore", "ignore", "inherit"],
  });
  const exited = new Promise((resolve) => bot.once("exit", resolve));
  const ms = (await polled) - started;
  bot.kill("SIGTERM");
  await exited;
  return { ms, ...readProbe(dir) };
}

async function repeat(runs: number, f: () => Promise<Sample>): Promise<Sample> {
  const samples: Sample[] = [];
  for (let i = 0; i < runs; i++) samples.push(await f());
  const mid = (key: keyof Sample) => Math.round(median(samples.map((s) => s[key])));
  return { ms: mid("ms"), cpuMs: mid("cpuMs"), rssMb: mid("rssMb") };
}

export async function benchStartup(runs = 5) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "sapat-bench-startup-"));
  const api = new LocalBotApi({ botUsername: "sapat_bench_bot", waitTimeoutMs: 60_000 });
  try {
    const buildStarted = performance.now();
    const built = spawnSync(process.execPath, [path.join(ROOT, "scripts", "build.mjs")], { stdio: "inherit" });
    if (built.status !== 0) throw new Error("npm run build failed");
    const buildMs = Math.round(performance.now() - buildStarted);

    const url = `file:${path.join(dir, "demo.db")}`;
    const { db } = await buildDemo(url);
    await db.$disconnect();
    const { apiRoot } = await api.start();

    const anchor = await repeat(runs, () => once(["-e", "0"], dir, {}));
    const rated = (s: Sample): Figure => ({ ...s, ratio: Math.round((s.ms / anchor.ms) * 10) / 10 });
    const byMode = async (mode: "tsx" | "dist") => ({
      help: rated(await repeat(runs, () => once([SAPAT, "--help"], dir, { SAPAT_BUILD: mode }))),
      report: rated(await repeat(runs, () => once([SAPAT, "--db", url, ...REPORT], dir, { SAPAT_BUILD: mode }))),
      botFirstPoll: rated(await repeat(runs, () => botOnce(api, apiRoot, url, dir, mode))),
    });
    const tsx = await byMode("tsx");
    const dist = await byMode("dist");
    return { runs, buildMs, anchor, tsx, dist };
  } finally {
    await api.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One line per measurement: tsx → build. */
export function describeStartup(r: Awaited<ReturnType<typeof benchStartup>>): string {
  const row = (what: string, a: Figure, b: Figure) =>
    `${what}: tsx ${a.ms} ms (${a.ratio}×, CPU ${a.cpuMs} ms), ${a.rssMb} MB → build ${b.ms} ms (${b.ratio}×, CPU ${b.cpuMs} ms), ${b.rssMb} MB`;
  return [
    `anchor node -e 0: ${r.anchor.ms} ms (CPU ${r.anchor.cpuMs} ms), ${r.anchor.rssMb} MB; npm run build: ${r.buildMs} ms; medians of ${r.runs}`,
    row("sapat --help", r.tsx.help, r.dist.help),
    row("sapat report session (demo database)", r.tsx.report, r.dist.report),
    row("bot to its first getUpdates (peak RSS over start and stop)", r.tsx.botFirstPoll, r.dist.botFirstPoll),
  ].join("\n");
}

if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) {
  const result = await benchStartup(process.argv[2] ? Number(process.argv[2]) : undefined);
  console.log(result);
  console.log(describeStartup(result));
}
