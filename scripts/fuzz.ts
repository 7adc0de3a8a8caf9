// Fuzz: random and hostile inputs through the importers (`sapat import …`, `sapat plan
// import`, `sapat survey responses`, `sapat review summary`) and through the real bot on the
// local Bot API server — unicode, huge and odd numbers, injection strings, malformed CSV and
// XLSX files, documents, forged button data, hostile commands, edited messages, stickers and
// contacts, groups, channels, strangers and students. Counts per kind of input:
//   crashes        an exception escaping (a handler's error logged, runCli throwing, an
//                  uncaught error), a stack trace in anything printed or sent;
//   unanswered     a message or a press that got no reply (a press: its answerCallbackQuery);
//   partial writes a refused input that changed a table (a digest of every table of the
//                  generated client before and after; accepted inputs may write).
// Not a test. `npm run fuzz -- [--count N] [--seed S] [--db URL | --postgres SERVER_URL]`
// (or --files N --updates M: N inputs through the CLI, M through the bot); exits 1 when any
// count is not 0. Each input draws from its own seeded PRNG; a run repeats with its seed.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { seededRandom } from "../bot/local-api/index.ts";
import { createDatabase, dropDatabase } from "../prisma/postgres-admin.ts";
import { isPostgres } from "../prisma/provider.ts";
import { BotRig } from "./fuzz/bot-run.ts";
import { fileInput, runFile } from "./fuzz/cli-run.ts";
import { changed, digest, type Part } from "./fuzz/digest.ts";
import { type BotInput, commandText, documentInput, forgedPress, hostileDocument, valueText, walk } from "./fuzz/updates.ts";
import { chats, edited, media } from "./fuzz/updates-other.ts";
import { pick, type Random } from "./fuzz/values.ts";
import { buildWorld, type FuzzUser, type World } from "./fuzz/world.ts";

const KINDS = [
  "unicode",
  "numbers",
  "injection",
  "csv",
  "xlsx",
  "documents",
  "callbacks",
  "commands",
  "edited",
  "media",
  "chats",
  "walk",
] as const;
type Kind = (typeof KINDS)[number];
type Carrier = "cli" | "bot";
const VALUE_KINDS = new Set<Kind>(["unicode", "numbers", "injection"]);

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}
const numberOption = (name: string) => (option(name) === undefined ? undefined : Number(option(name)));

const SEED = numberOption("seed") ?? 1;
const FILES = numberOption("files");
const UPDATES = numberOption("updates");
const COUNT = numberOption("count") ?? (FILES !== undefined || UPDATES !== undefined ? 0 : 10_000);

/**
 * Input i's kind and where it goes: the kinds in turn, a value kind to the bot and the CLI by
 * turns; with --files/--updates, that many through each, spread evenly among each other.
 */
function schedule(): [Kind, Carrier][] {
  if (FILES === undefined && UPDATES === undefined)
    return Array.from({ length: COUNT }, (_, i) => {
      const kind = KINDS[i % KINDS.length] as Kind;
      const round = Math.floor(i / KINDS.length);
      return [kind, kind === "csv" || kind === "xlsx" || (VALUE_KINDS.has(kind) && round % 2) ? "cli" : "bot"];
    });
  const cliKinds: Kind[] = ["unicode", "numbers", "injection", "csv", "xlsx"];
  const botKinds = KINDS.filter((k) => k !== "csv" && k !== "xlsx");
  const cli = Array.from({ length: FILES ?? 0 }, (_, i): [Kind, Carrier] => [cliKinds[i % cliKinds.length] as Kind, "cli"]);
  const bot = Array.from({ length: UPDATES ?? 0 }, (_, i): [Kind, Carrier] => [botKinds[i % botKinds.length] as Kind, "bot"]);
  const out: [Kind, Carrier][] = [];
  for (let a = 0, b = 0; a < cli.length || b < bot.length; )
    out.push(b >= bot.length || (a < cli.length && a * bot.length <= b * cli.length) ? (cli[a++] as never) : (bot[b++] as never));
  return out;
}

interface Tally {
  inputs: number;
  /** time spent on them, digests included */
  ms: number;
  crashes: number;
  unanswered: number;
  partialWrites: number;
}
const tallies = new Map<Kind, Tally>(KINDS.map((k) => [k, { inputs: 0, ms: 0, crashes: 0, unanswered: 0, partialWrites: 0 }]));
const examples: string[] = [];
let current = "";
const shownPer = new Map<string, number>();
/** Counts a finding; up to 20 are shown, at most 3 of one kind and count, so one frequent finding hides no other. */
function note(kind: Kind, what: "crashes" | "unanswered" | "partialWrites", text: string) {
  (tallies.get(kind) as Tally)[what]++;
  const key = `${kind}:${what}`;
  if (examples.length >= 20 || (shownPer.get(key) ?? 0) >= 3) return;
  shownPer.set(key, (shownPer.get(key) ?? 0) + 1);
  examples.push(`${what} [${kind}] ${current}: ${text}`);
}
let lastKind: Kind = "unicode";
/** While inputs run, an error escaping everything (a timer, a stream) is a crash of the one running. */
function catchStrays(): () => void {
  const uncaught = (e: unknown) => note(lastKind, "crashes", `uncaught ${String(e).slice(0, 200)}`);
  const unhandled = (e: unknown) => note(lastKind, "crashes", `unhandled rejection ${String(e).slice(0, 200)}`);
  process.on("uncaughtException", uncaught);
  process.on("unhandledRejection", unhandled);
  return () => {
    process.off("uncaughtException", uncaught);
    process.off("unhandledRejection", unhandled);
  };
}

/** Who sends a bot input: mostly people with an account, now and then anyone. */
const sender = (r: Random, world: World): FuzzUser =>
  pick(r, r() < 0.8 ? world.users.filter((u) => u.role && u.role !== "student" && !u.revoked) : world.users);

async function botInput(r: Random, kind: Kind, world: World, rig: BotRig): Promise<BotInput> {
  const u = sender(r, world);
  switch (kind) {
    case "unicode":
    case "numbers":
    case "injection":
      return valueText(r, u, kind);
    case "documents":
      return documentInput(u, await hostileDocument(r));
    case "callbacks":
      return forgedPress(r, u, world, rig.api);
    case "commands":
      return commandText(r, u);
    case "edited":
      return edited(r, u);
    case "media":
      return media(r, u);
    case "chats":
      return chats(r, u, world, rig.api);
    default:
      return walk(r, u, rig.api);
  }
}

/** A database of its own on the server `--postgres` names, or `--db` as given (emptied by the demo), or a SQLite file. */
async function databaseUrl(dir: string): Promise<{ url: string; drop?: () => Promise<void> }> {
  const server = option("postgres");
  if (server) {
    const name = `fuzzload_${process.pid}_${Date.now() % 1e6}`;
    return { url: await createDatabase(server, name), drop: () => dropDatabase(server, name) };
  }
  return { url: option("db") ?? `file:${path.join(dir, "fuzz.db")}` };
}

const dir = mkdtempSync(path.join(os.tmpdir(), "sapat-fuzz-"));
const { url, drop } = await databaseUrl(dir);
const started = Date.now();
const world = await buildWorld(url);
const rig = new BotRig(world.db);
await rig.start();
const plan = schedule();
const release = catchStrays();
// Ctrl-C (or a SIGTERM) ends the run after the input in progress: the summary is printed and
// a PostgreSQL database made for the run dropped
let interrupted = false;
const interrupt = () => {
  interrupted = true;
};
process.once("SIGINT", interrupt);
process.once("SIGTERM", interrupt);
try {
  let before = await digest(world.db);
  for (const [i, [kind, carrier]] of plan.entries()) {
    if (interrupted) break;
    const r = seededRandom((Math.imul(SEED, 0x9e3779b1) ^ Math.imul(i + 1, 0x85ebca6b)) >>> 0);
    lastKind = kind;
    const tally = tallies.get(kind) as Tally;
    tally.inputs++;
    const t0 = performance.now();
    let mayWrite: "refused" | "state" | "any";
    let inPrivate = false;
    if (carrier === "cli") {
      const input = await fileInput(r, kind as "csv" | "xlsx" | "unicode" | "numbers" | "injection");
      current = `#${i} ${input.what}`;
      const v = await runFile(path.join(dir, "files"), url, world.surveyId, input, i);
      if (v.crash) note(kind, "crashes", v.crash);
      // a roster's new students are written at once, its moves wait for --yes (exit 2)
      const refused = v.code !== 0 && !(v.code === 2 && input.importer.name === "roster");
      mayWrite = refused ? "refused" : "any";
    } else {
      const input = await botInput(r, kind, world, rig);
      current = `#${i} ${input.user.role ?? "stranger"} ${input.what}`;
      // a private message answering "send the evidence" (or a student id) is taken as data
      const asked = input.inPrivate && input.owed?.kind === "message";
      const dialogue = asked ? await world.db.dialogue.findUnique({ where: { chatId: String(input.user.id) } }) : null;
      mayWrite = dialogue && dialogue.kind !== "practice" && dialogue.kind !== "session" ? "any" : input.expect;
      inPrivate = input.inPrivate;
      const v = await rig.run(input);
      if (v.crash) note(kind, "crashes", v.crash);
      if (v.unanswered && input.owed) note(kind, "unanswered", v.unanswered);
    }
    const after = await digest(world.db);
    if (mayWrite !== "any") {
      // a private chat may say the user can be reached again; a group or channel may not
      const allowed: Part[] = [...(mayWrite === "state" ? ["state" as const] : []), ...(inPrivate ? ["reach" as const] : [])];
      const diff = changed(before, after, allowed);
      if (diff.length)
        note(
          kind,
          "partialWrites",
          `${mayWrite === "refused" ? "refused" : "an unconfirmed input"}, yet changed ${diff.join(", ")}`,
        );
    }
    before = after;
    tally.ms += performance.now() - t0;
    if ((i + 1) % 500 === 0)
      console.error(`fuzz: ${i + 1}/${plan.length} inputs, ${Math.round((Date.now() - started) / 1000)} s`);
  }
} finally {
  release();
  await rig.stop();
  await world.db.$disconnect();
  await drop?.();
  rmSync(dir, { recursive: true, force: true });
}

const database = isPostgres(url) ? "PostgreSQL" : "SQLite";
const args = FILES !== undefined || UPDATES !== undefined ? `--files ${FILES ?? 0} --updates ${UPDATES ?? 0}` : "--count N";
for (const e of examples) console.log(`  ${e}`);
if (examples.length)
  console.log(`  (to repeat one: npm run fuzz -- --seed ${SEED} ${args} with N past its number, on ${database})`);
const total: Tally = { inputs: 0, ms: 0, crashes: 0, unanswered: 0, partialWrites: 0 };
for (const [kind, t] of tallies) {
  if (!t.inputs) continue;
  console.log(
    `fuzz ${kind.padEnd(10)} ${String(t.inputs).padStart(6)} inputs: ${t.crashes} crashes, ${t.unanswered} unanswered, ${t.partialWrites} partial writes (${Math.round(t.ms / t.inputs)} ms each)`,
  );
  for (const k of Object.keys(total) as (keyof Tally)[]) total[k] += t[k];
}
console.log(
  `fuzz total (${database}, seed ${SEED}, ${Math.round((Date.now() - started) / 1000)} s): ${total.inputs} inputs: ${total.crashes} crashes, ${total.unanswered} unanswered, ${total.partialWrites} partial writes`,
);
process.exitCode = total.crashes + total.unanswered + total.partialWrites === 0 ? 0 : 1;
