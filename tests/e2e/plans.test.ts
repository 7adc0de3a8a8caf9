// Action plans through the real bot and the worker's sender against the local Bot API, with
// the clock set: a plan with an item for every department of ЭФ; the lead reminder reaches
// the heads (one who blocked the bot does not stop the others); a head marks his item done
// from /plans with a link as evidence; the morning after the deadline the controller gets the
// overdue digest exactly once, across a worker restart.
import pino from "pino";
import type { InlineKeyboardMarkup } from "telegraf/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runDueJobs } from "../../bot/app/delivery/jobs.ts";
import { importPlanFile } from "../../bot/app/plans/create-plan.ts";
import type { LocalUser } from "../../bot/local-api/index.ts";
import { Worker } from "../../bot/worker/worker.ts";
import { untilSent } from "../support/delivery.ts";
import { ADMIN, bishkek, facultyWithDepartments, head } from "../support/requests.ts";
import { type Harness, startHarness } from "./harness.ts";

let h: Harness;
let worker: Worker;
const LEADER = "7300000009";
const user = (id: string, firstName: string): LocalUser => ({ id: Number(id), firstName });
const leader = user(LEADER, "Проректор");
const heads = [1, 2, 3, 4].map((i) => user(head(i), `Башчы ${i}`));
const deps = () => ({ db: h.db, now: () => h.clock.now });
const texts = (u: LocalUser) => h.api.messages(u.id).map((m) => m.text ?? "");
const buttonsOf = (markup: unknown) =>
  ((markup as InlineKeyboardMarkup | undefined)?.inline_keyboard.flat() ?? []) as { text: string; callback_data?: string }[];

function startWorker(): Worker {
  const w = new Worker(
    { db: h.db, now: () => h.clock.now, logger: pino({ level: process.env.TEST_LOG_LEVEL ?? "silent" }) },
    {
      token: h.api.token,
      apiRoot: h.bot.telegram.options.apiRoot,
      timeoutMs: 2_000,
      sender: { idleMs: 50, progressEveryMs: 200 },
    },
  );
  void w.sender.start();
  return w;
}

async function sent(key: string): Promise<void> {
  const c = await h.db.campaign.findUniqueOrThrow({ where: { idempotencyKey: key } });
  await untilSent(h.db, c.id, 20_000);
}

let itemOfHead1 = 0;

beforeAll(async () => {
  h = await startHarness();
  h.clock.now = bishkek("2026-09-10 12:00");
  await facultyWithDepartments(h.db, h.institution, 5);
  await h.db.user.create({
    data: { institutionId: h.institution.id, telegramId: LEADER, role: "leader", firstName: "Проректор", language: "en" },
  });
  await h.db.user.updateMany({ where: { role: "head" }, data: { language: "en" } });
  h.api.setFaults({ forbiddenChats: { [Number(head(2))]: "blocked" } });
  const file = new TextEncoder().encode("item,text,responsible,deadline\n1,Self-assessment report,все кафедры ЭФ,20.09.2026\n");
  const who = {
    access: { role: "admin" as const, scope: { kind: "institution" as const } },
    institutionId: h.institution.id,
    telegramId: ADMIN,
    chatId: ADMIN,
    actor: ADMIN,
  };
  const r = await importPlanFile(deps(), who, file, { title: "Council resolution No 5", controller: LEADER }, true);
  if (!r.ok || !r.value.written) throw new Error(JSON.stringify(r));
  itemOfHead1 = r.value.items.find((i) => i.unit === "ЭФ-1")?.id as number;
  worker = startWorker();
}, 60_000);

afterAll(async () => {
  await worker?.sender.stop();
  await h?.stop();
});

describe("action plans", () => {
  it("the lead reminder reaches every head but the one who blocked the bot", async () => {
    h.clock.now = bishkek("2026-09-13 09:05");
    await runDueJobs(deps(), "w1");
    const items = await h.db.actionItem.findMany({ orderBy: { id: "asc" } });
    for (const it of items.slice(0, 4)) await sent(`plan:1:item:${it.id}:s1:lead-7d`);
    for (const u of [heads[0], heads[2], heads[3]] as LocalUser[])
      expect(texts(u).some((x) => x.startsWith("⏰ Plan"))).toBe(true);
    const blocked = await h.db.user.findUniqueOrThrow({ where: { telegramId: head(2) } });
    expect(blocked.unreachableReason).toBe("blocked");
  });

  it("a head marks his item done from /plans, with a link as the evidence", async () => {
    const head1 = heads[0] as LocalUser;
    const list = await h.say(head1, "/plans");
    const planButton = buttonsOf(list.params.reply_markup).find((b) => b.callback_data === "pl:p:1");
    expect(planButton).toBeDefined();
    await h.press(head1, /^#1 Council resolution/);
    // the press is answered first, then the plan's items come as a message with the buttons
    const items = h.api.messages(head1.id).at(-1);
    expect(items?.text).toContain("1.1 (ЭФ-1)");
    const done = buttonsOf(items?.reply_markup).map((b) => b.callback_data);
    expect(done).toEqual([`pl:d:${itemOfHead1}`]);
    await h.press(head1, /^✅ 1\.1$/);
    expect(texts(head1).at(-1)).toContain("Send the evidence");
    const marked = await h.say(head1, "https://example.org/report.pdf");
    expect(marked.params.text).toBe("✅ Item 1.1 marked done.");
    const row = await h.db.actionItem.findUniqueOrThrow({ where: { id: itemOfHead1 } });
    expect([row.status, row.evidenceLink]).toEqual(["done", "https://example.org/report.pdf"]);
  });

  it("the overdue digest reaches the controller exactly once across a worker restart", async () => {
    h.clock.now = bishkek("2026-09-21 09:05");
    await runDueJobs(deps(), "w1");
    const key = `plan-overdue:${h.institution.id}:2026-09-21:${LEADER}`;
    await sent(key);
    await worker.sender.stop();
    await h.restart();
    worker = startWorker();
    h.clock.now = bishkek("2026-09-21 12:00");
    await runDueJobs(deps(), "w2");
    // the job of that day done, re-queued by hand as a crash would leave it: it runs again and sends nothing new
    await h.db.job.updateMany({ where: { kind: "plan-overdue" }, data: { state: "due" } });
    await runDueJobs(deps(), "w2");
    await sent(key);
    const digests = texts(leader).filter((x) => x.startsWith("🔴"));
    expect(digests).toHaveLength(1);
    // 1.1 was done; 1.2 … 1.5 are overdue
    expect(digests[0]).toContain("Overdue items on 21.09.2026: 4");
    expect(digests[0]).not.toContain("1.1 (ЭФ-1)");
  });
});

describe("a plan whose items' texts are long", () => {
  it("is listed with as many items as fit one message, the rest counted (the fuzz found one Telegram refused)", async () => {
    const text = "Т".repeat(1900);
    const lines = Array.from({ length: 8 }, (_, i) => `${i + 1},${text},отдел качества,30.09.2026`);
    const file = new TextEncoder().encode(`item,text,responsible,deadline\n${lines.join("\n")}\n`);
    const who = {
      access: { role: "admin" as const, scope: { kind: "institution" as const } },
      institutionId: h.institution.id,
      telegramId: ADMIN,
      chatId: ADMIN,
      actor: ADMIN,
    };
    const r = await importPlanFile(deps(), who, file, { title: "Long texts", controller: LEADER }, true);
    if (!r.ok || !r.value.written) throw new Error(JSON.stringify(r));
    await h.say(leader, "/plans");
    const answer = await h.press(leader, /^#\d+ Long texts/);
    expect(answer.error).toBeUndefined();
    const list = h.sent(leader, "sendMessage")[0];
    expect(list?.error).toBeUndefined();
    const shown = String(list?.params.text);
    expect(shown.length).toBeLessThanOrEqual(4096);
    expect(shown.split("\n").at(-1)).toMatch(/^… \+\d+$/);
  });
});
