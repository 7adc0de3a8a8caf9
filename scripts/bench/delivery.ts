// The sender against the local Bot API: the send rate achieved as a share of the configured
// limit (goal ≥ 95%), and the worker's memory across 20 000 sends (goal: flat).
import { spawn } from "node:child_process";
import path from "node:path";
import { announceToStudents, deliveryFixture, untilSent } from "../../tests/support/delivery.ts";

const SCRIPT = path.resolve(import.meta.dirname, "delivery-worker.ts");

interface Sample {
  at: number;
  rssMb: number;
  heapMb: number;
  sent: number;
}

async function run(students: number, rate: number) {
  const f = await deliveryFixture({ students, faults: false });
  try {
    const { campaign } = await announceToStudents(f);
    const child = spawn(
      process.execPath,
      ["--expose-gc", "--import", "tsx", SCRIPT, f.databaseUrl, f.apiRoot, f.api.token, String(rate)],
      {
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    let out = "";
    child.stdout.on("data", (d) => {
      out += String(d);
    });
    await untilSent(f.db, campaign.id, 3_600_000);
    const done = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await done;
    const { samples } = JSON.parse(out.trim().split("\n").pop() ?? "{}") as { samples: Sample[] };
    const times = f.api
      .sendTimes(["sendMessage"])
      .filter((s) => s.ok)
      .map((s) => s.receivedAt)
      .sort((a, b) => a - b);
    const first = times[0] ?? 0;
    const last = times[times.length - 1] ?? 0;
    // n sends span n−1 gaps
    const achieved = (times.length - 1) / ((last - first) / 1000);
    return {
      sends: times.length,
      seconds: Math.round((last - first) / 100) / 10,
      achievedPerSecond: Math.round(achieved * 10) / 10,
      shareOfLimit: Math.round((achieved / rate) * 1000) / 10,
      maxInAnySecond: f.api.maxSendsInWindow(1000),
      samples,
    };
  } finally {
    await f.cleanup();
  }
}

export async function benchDelivery(opts: { rateSends: number; memorySends: number; memoryRate: number }) {
  const rate = await run(opts.rateSends, 25);
  const memory = await run(opts.memorySends, opts.memoryRate);
  const s = memory.samples.filter((x) => x.sent > 0);
  const quarter = Math.max(1, Math.floor(s.length / 4));
  const avg = (xs: Sample[], k: "rssMb" | "heapMb") => Math.round(xs.reduce((n, x) => n + x[k], 0) / Math.max(1, xs.length));
  return {
    rate: { limit: 25, ...rate, samples: undefined },
    memory: {
      limit: opts.memoryRate,
      sends: memory.sends,
      shareOfLimit: memory.shareOfLimit,
      rssFirstQuarterMb: avg(s.slice(0, quarter), "rssMb"),
      rssLastQuarterMb: avg(s.slice(-quarter), "rssMb"),
      heapFirstQuarterMb: avg(s.slice(0, quarter), "heapMb"),
      heapLastQuarterMb: avg(s.slice(-quarter), "heapMb"),
      peakRssMb: Math.max(...s.map((x) => x.rssMb)),
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await benchDelivery({
    rateSends: Number(process.env.BENCH_RATE_SENDS ?? 750),
    memorySends: Number(process.env.BENCH_MEMORY_SENDS ?? 20_000),
    memoryRate: Number(process.env.BENCH_MEMORY_RATE ?? 400),
  });
  console.log(JSON.stringify(result, null, 2));
}
