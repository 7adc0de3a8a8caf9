// The worker of the delivery bench, as its own process: the bench's configured rate may
// exceed what SAPAT_SEND_RATE allows (Telegram's), so it is built here, not from the env.
// Prints one JSON line of memory samples to stdout when told to stop (SIGTERM).
import pino from "pino";
import { Worker } from "../../bot/worker/worker.ts";
import { openDatabase } from "../../prisma/client.ts";

const [databaseUrl, apiRoot, token, rate] = process.argv.slice(2) as [string, string, string, string];
const db = await openDatabase(databaseUrl, { ifMissing: "refuse" });
const worker = new Worker(
  { db, now: () => new Date(), logger: pino({ level: "error" }) },
  {
    token,
    apiRoot,
    timeoutMs: 10_000,
    schedulerEveryMs: 60_000,
    sender: { rate: { perSecond: Number(rate), marginMs: 10 }, concurrency: 8, leaseMs: 5_000 },
  },
);
const samples: { at: number; rssMb: number; heapMb: number; sent: number }[] = [];
const start = Date.now();
const timer = setInterval(() => {
  // live memory, not garbage not yet collected (the bench starts this with --expose-gc)
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  samples.push({
    at: Date.now() - start,
    rssMb: Math.round(m.rss / 1e6),
    heapMb: Math.round(m.heapUsed / 1e6),
    sent: worker.sender.stats.sent,
  });
}, 1_000);
worker.start();
process.once("SIGTERM", async () => {
  clearInterval(timer);
  await worker.stop();
  await db.$disconnect();
  process.stdout.write(`${JSON.stringify({ samples, stats: worker.sender.stats })}\n`);
  process.exit(0);
});
