// Launching a survey to a university's students (7 000): the time to queue — recipients,
// tokens, the campaign and a delivery each, in one transaction — against an anchor of the
// same rows inserted with raw better-sqlite3 in the same run; the send rate a worker then
// achieves against the local Bot API as a share of its limit; and the memory of both.
import { spawn } from "node:child_process";
import path from "node:path";
import Database from "better-sqlite3";
import { createSurvey } from "../../bot/app/surveys/create-survey.ts";
import { launchSurvey } from "../../bot/app/surveys/launch-survey.ts";
import { INSTITUTION_ACCESS } from "../../core/index.ts";
import { deliveryFixture } from "../../tests/support/delivery.ts";

const WORKER = path.resolve(import.meta.dirname, "delivery-worker.ts");
const mb = (bytes: number) => Math.round(bytes / 1e6);

/** The launch's rows written again with raw statements in one transaction, rolled back: the floor. */
function anchorMs(file: string, surveyId: number, campaignId: number): number {
  const raw = new Database(file);
  try {
    const recipients = raw.prepare('SELECT * FROM "SurveyRecipient" WHERE "surveyId" = ?').all(surveyId) as Record<
      string,
      unknown
    >[];
    const deliveries = raw.prepare('SELECT * FROM "Delivery" WHERE "campaignId" = ?').all(campaignId) as Record<
      string,
      unknown
    >[];
    const insert = (
      table: string,
      rows: Record<string, unknown>[],
      change: (r: Record<string, unknown>) => Record<string, unknown>,
    ) => {
      const first = rows[0];
      if (!first) return;
      const columns = Object.keys(first).filter((c) => c !== "id");
      const stmt = raw.prepare(
        `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) VALUES (${columns.map(() => "?").join(", ")})`,
      );
      for (const r of rows) {
        const row = change(r);
        stmt.run(columns.map((c) => row[c]));
      }
    };
    const start = performance.now();
    raw.exec("BEGIN");
    insert("SurveyRecipient", recipients, (r) => ({ ...r, userId: r.userId, token: `${r.token}x`, surveyId }));
    insert("Delivery", deliveries, (r) => ({ ...r, campaignId }));
    const ms = performance.now() - start;
    raw.exec("ROLLBACK");
    return ms;
  } finally {
    raw.close();
  }
}

export async function benchSurvey(opts: { students: number; rate: number; rateSends: number }) {
  const f = await deliveryFixture({ students: opts.students, faults: false });
  try {
    const deps = { db: f.db, now: () => new Date() };
    const sender = { access: INSTITUTION_ACCESS, institutionId: f.institution.id };
    const closes = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);
    const created = await createSurvey(
      deps,
      sender,
      {
        titles: { ky: "Bench" },
        url: "https://docs.google.com/forms/d/e/x/viewform",
        tokenField: "entry.1",
        audience: { roles: ["student"] },
        closes,
      },
      { createdBy: "cli", chatId: null },
    );
    if (!created.ok) throw new Error(created.problem.code);
    global.gc?.();
    const before = process.memoryUsage();
    let peakRss = before.rss;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }, 5);
    const start = performance.now();
    const launched = await launchSurvey(deps, sender, created.value.survey.id, { createdBy: "cli" });
    const queueMs = performance.now() - start;
    clearInterval(sampler);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    if (!launched.ok || launched.value.campaignId === null) throw new Error("not launched");
    // a unique index would refuse a second recipient of the same user: the anchor drops it for its rollback
    const file = f.databaseUrl.replace(/^file:/, "");
    const raw = new Database(file);
    raw.exec('DROP INDEX IF EXISTS "SurveyRecipient_surveyId_userId_key"; DROP INDEX IF EXISTS "Delivery_campaignId_userId_key"');
    raw.close();
    const anchor = anchorMs(file, created.value.survey.id, launched.value.campaignId);

    const child = spawn(
      process.execPath,
      ["--expose-gc", "--import", "tsx", WORKER, f.databaseUrl, f.apiRoot, f.api.token, String(opts.rate)],
      {
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    let out = "";
    child.stdout.on("data", (d) => {
      out += String(d);
    });
    // the rate over the first sends of the whole queue (all 7 000 at 25/s would take minutes)
    const campaignId = launched.value.campaignId;
    const want = Math.min(opts.rateSends, opts.students);
    while ((await f.db.delivery.count({ where: { campaignId, state: "sent" } })) < want)
      await new Promise((r) => setTimeout(r, 200));
    const done = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await done;
    // the worker prints its memory samples as it stops (none if it was cut short)
    const last = out.trim().split("\n").pop() || '{"samples":[]}';
    const { samples } = JSON.parse(last) as { samples: { rssMb: number }[] };
    const times = f.api
      .sendTimes(["sendMessage"])
      .filter((s) => s.ok)
      .map((s) => s.receivedAt)
      .sort((a, b) => a - b);
    const span = ((times.at(-1) ?? 0) - (times[0] ?? 0)) / 1000;
    const achieved = (times.length - 1) / span;
    return {
      students: opts.students,
      queueMs: Math.round(queueMs),
      anchorMs: Math.round(anchor),
      ratio: Math.round((queueMs / anchor) * 10) / 10,
      rssBeforeMb: mb(before.rss),
      launchPeakRssMb: mb(peakRss),
      sends: times.length,
      rateLimit: opts.rate,
      achievedPerSecond: Math.round(achieved * 10) / 10,
      shareOfLimit: Math.round((achieved / opts.rate) * 1000) / 10,
      maxInAnySecond: f.api.maxSendsInWindow(1000),
      workerPeakRssMb: Math.max(0, ...samples.map((s) => s.rssMb)),
    };
  } finally {
    await f.cleanup();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await benchSurvey({
    students: Number(process.env.BENCH_SURVEY_STUDENTS ?? 7_000),
    rate: Number(process.env.BENCH_SURVEY_RATE ?? 25),
    rateSends: Number(process.env.BENCH_SURVEY_RATE_SENDS ?? 750),
  });
  console.log(JSON.stringify(result, null, 2));
}
