// Fuzz: random and hostile CSV files through `sapat import`, and random and hostile updates
// through the real bot (local Bot API server). Reports crashes (an exception escaping, a
// stack trace printed), unanswered updates (a message or press that got no reply) and
// partial writes (a refused file that changed the database; a bot update that changed a
// figure). Not a test: `npx tsx scripts/fuzz.ts [--files N] [--updates N] [--seed N]`;
// exits 1 when any count is not 0. CI runs it with small counts.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pino from "pino";
import type { Update } from "telegraf/types";
import { buildDemo } from "../bot/app/demo/build-demo.ts";
import { runCli } from "../bot/cli/main.ts";
import { createBot } from "../bot/index.ts";
import { LocalBotApi, type LocalUser, seededRandom } from "../bot/local-api/index.ts";
import type { PrismaClient } from "../prisma/store/db.ts";
import { upsertLocalUser } from "../prisma/store/users.ts";
import { hostileFile, hostileUpdate } from "./fuzz/inputs.ts";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const FILES = arg("files", 300);
const UPDATES = arg("updates", 3000);
const SEED = arg("seed", 1);

const tally = { files: 0, updates: 0, crashes: 0, unanswered: 0, partialWrites: 0 };
const examples: string[] = [];
const note = (kind: keyof typeof tally, what: string) => {
  tally[kind]++;
  if (examples.length < 20) examples.push(`${kind}: ${what}`);
};

/** Row counts of every table a write could touch: a refused file must leave them all as they were. */
async function counts(db: PrismaClient): Promise<string> {
  const c = await Promise.all([
    db.institution.count(),
    db.unit.count(),
    db.sessionResult.count(),
    db.publishedTotal.count(),
    db.publishedFigure.count(),
    db.practiceResult.count(),
    db.importBatch.count(),
    db.user.count(),
    db.invite.count(),
  ]);
  return c.join(",");
}

const STACK = /^\s+at .+:\d+:\d+\)?$/m;

async function fuzzFiles(dir: string, random: () => number): Promise<void> {
  const url = `file:${path.join(dir, "files.db")}`;
  const { db } = await buildDemo(url);
  try {
    for (let i = 0; i < FILES; i++) {
      const { name, bytes, kind, what } = hostileFile(random, i);
      const file = path.join(dir, name);
      if (bytes === "directory") mkdirSync(file, { recursive: true });
      else writeFileSync(file, bytes);
      const before = await counts(db);
      const out: string[] = [];
      const lang = ["ky", "ru", "en"][i % 3] as string;
      const argv = ["--db", url, "--lang", lang, "import", ...kind, file];
      let code: number;
      try {
        code = await runCli(argv, { out: (s) => out.push(s), err: (s) => out.push(s) }, {});
      } catch (e) {
        note("crashes", `${what}: ${String(e).slice(0, 200)}`);
        continue;
      } finally {
        tally.files++;
        rmSync(file, { recursive: true, force: true });
      }
      const text = out.join("\n");
      if (STACK.test(text)) note("crashes", `${what}: printed a stack trace`);
      if (code !== 0 && (await counts(db)) !== before) note("partialWrites", `${what}: refused (exit ${code}) but wrote`);
    }
  } finally {
    await db.$disconnect();
  }
}

async function fuzzUpdates(dir: string, random: () => number): Promise<void> {
  const { db, institution } = await buildDemo(`file:${path.join(dir, "bot.db")}`);
  const api = new LocalBotApi({ botUsername: "sapat_fuzz_bot", waitTimeoutMs: 20_000 });
  const errors: string[] = [];
  const logger = pino({ level: "error" }, { write: (line: string) => errors.push(line) });
  try {
    const units = await db.unit.findMany({ where: { institutionId: institution.id } });
    const users: LocalUser[] = [];
    const roles = ["dean", "leader", "admin", "head", "student", null] as const;
    for (let i = 0; i < 12; i++) {
      const user: LocalUser = { id: 7_000_000 + i, firstName: `F${i}`, languageCode: ["ky", "ru", "en", "de"][i % 4] as string };
      const role = roles[i % roles.length];
      if (role) {
        const unit = role === "dean" || role === "head" || role === "student" ? units[i % units.length] : null;
        await upsertLocalUser(db, {
          institutionId: institution.id,
          telegramId: String(user.id),
          role,
          scopeUnitId: unit?.id ?? null,
          firstName: user.firstName ?? "",
        });
      }
      users.push(user);
    }
    const { apiRoot } = await api.start();
    const bot = await createBot({ token: api.token, apiRoot }, { db, logger });
    const running = bot.launch();
    await api.waitFor("getUpdates");
    const figures = async () =>
      [await db.sessionResult.count(), await db.publishedFigure.count(), await db.publishedTotal.count()].join(",");
    const before = await figures();
    for (let i = 0; i < UPDATES; i++) {
      const user = users[Math.floor(random() * users.length)] as LocalUser;
      const messages = api.messages(user.id).filter((m) => m.raw.from?.is_bot);
      const update = hostileUpdate(random, user, messages.at(-1)?.raw);
      const sent = api.pushUpdate(update) as Update;
      api.mark();
      errors.length = 0;
      try {
        await api.waitFor("getUpdates", (c) => Number(c.params.offset) > sent.update_id, 20_000);
      } catch {
        note("unanswered", `update ${describe(update)} was never handled`);
        continue;
      } finally {
        tally.updates++;
      }
      if (errors.some((l) => /"msg":"(unhandled|handler failed)"/.test(l)))
        note("crashes", `${describe(update)}: ${errors.join(" ").slice(0, 300)}`);
      // in a group the bot answers only what is addressed to it (a command, a mention)
      const inGroup = "message" in update && update.message.chat.type !== "private";
      const addressed = !inGroup || /^\/|@sapat_fuzz_bot/.test(String((update.message as { text?: string }).text));
      const needsAnswer = ("message" in update && addressed) || "callback_query" in update;
      const answered = api.callsSinceMark().some((c) => c.method !== "getUpdates" && c.method !== "sendChatAction" && !c.error);
      if (needsAnswer && !answered) note("unanswered", describe(update));
    }
    if ((await figures()) !== before) note("partialWrites", "a bot update changed the stored figures");
    bot.stop("fuzz");
    await running;
  } finally {
    await api.stop();
    await db.$disconnect();
  }
}

/** The part of an update that says what it was: its kind, chat type, text or button data. */
function describe(u: object): string {
  const x = u as Record<string, { chat?: { type?: string }; text?: string; data?: string } | undefined>;
  const [kind, body] = Object.entries(x)[0] ?? ["?", undefined];
  const what = body?.text ?? body?.data ?? Object.keys(body ?? {}).find((k) => ["sticker", "document"].includes(k)) ?? "";
  return `${kind}${body?.chat?.type && body.chat.type !== "private" ? ` (${body.chat.type})` : ""} ${JSON.stringify(what.slice(0, 80))}`;
}

const dir = mkdtempSync(path.join(os.tmpdir(), "sapat-fuzz-"));
try {
  await fuzzFiles(dir, seededRandom(SEED));
  await fuzzUpdates(dir, seededRandom(SEED + 1));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
for (const e of examples) console.log(`  ${e}`);
console.log(
  `fuzz: ${tally.files} files, ${tally.updates} updates: ${tally.crashes} crashes, ${tally.unanswered} unanswered, ${tally.partialWrites} partial writes`,
);
process.exitCode = tally.crashes + tally.unanswered + tally.partialWrites === 0 ? 0 : 1;
