// Hostile updates for the real bot: texts carrying hostile values in every place a value
// goes (free-text questions, command arguments, typed figures in an entry), forged button
// data, edited messages, stickers and contacts where text is expected, groups, channels,
// strangers and students, documents to import, and real presses that walk into the
// dialogues the hostile texts then land in.
import type { InlineKeyboardMarkup, Message } from "telegraf/types";
import type { LocalBotApi, LocalMessage, UpdateInput } from "../../bot/local-api/index.ts";
import { brokenCsv, brokenXlsx, IMPORTERS, mutateCells } from "./files.ts";
import { hostileValue, injectionValue, int, numberValue, pick, type Random, type ValueKind } from "./values.ts";
import type { FuzzUser, World } from "./world.ts";

/** What a refused input may change: nothing; a chat's state; anything (it may have been accepted). */
export type Expect = "refused" | "state" | "any";

export interface BotInput {
  user: FuzzUser;
  /** queues the update on the local Bot API (documents and real presses go through its helpers) */
  send: (api: LocalBotApi) => { update_id: number } & object;
  expect: Expect;
  /** sent in the user's private chat (a group's or a channel's update may not change whether the user can be reached) */
  inPrivate: boolean;
  /** "message": any reply to the chat; "press": the query's answerCallbackQuery; null: none owed */
  owed: { kind: "message"; chatId: number } | { kind: "press"; id: string } | null;
  what: string;
}

const now = () => Math.floor(Date.now() / 1000);
const fromOf = (u: FuzzUser) => ({
  id: u.id,
  is_bot: false,
  first_name: u.firstName ?? "F",
  ...(u.languageCode ? { language_code: u.languageCode } : {}),
});
const privateChat = (u: FuzzUser) => ({ id: u.id, type: "private" as const, first_name: u.firstName ?? "F" });
let messageNo = 1_000_000;

/** A text message as Telegram sends it: a leading command carries its bot_command entity. */
function textPart(text: string) {
  const command = /^\/[^\s@]+(?:@\S+)?/u.exec(text)?.[0];
  return command ? { text, entities: [{ type: "bot_command" as const, offset: 0, length: command.length }] } : { text };
}

function messageUpdate(u: FuzzUser, body: object, chat: object = privateChat(u)): UpdateInput {
  return { message: { message_id: messageNo++, date: now(), chat, from: fromOf(u), ...body } } as UpdateInput;
}

const owedMessage = (u: FuzzUser) => ({ kind: "message" as const, chatId: u.id });

function textInput(u: FuzzUser, text: string, expect: Expect, what: string): BotInput {
  // `/restore N` writes at once: an admin's number may be a version he may bring back
  if (/^\/restore\b/i.test(text)) expect = "any";
  return {
    user: u,
    send: (api) => api.pushUpdate(messageUpdate(u, textPart(text.slice(0, 4096)))),
    expect,
    inPrivate: true,
    owed: owedMessage(u),
    what: `${what} ${JSON.stringify(text.slice(0, 80))}`,
  };
}

const UNITS = ["МТФ", "ЭФ", "ТФ", "ЭТИ", "Токмок", "Кара-Балта", "ЭФ-ЭС", "мтф", "MTF", ""];
const QUESTIONS = [
  (v: string, unit: string) => `${unit}${v} карызкорлор`,
  (v: string, unit: string) => `${unit}те канча карызкор бар? ${v}`,
  (v: string, unit: string) => `должники ${unit} ${v}`,
  (v: string, unit: string) => `debtors ${unit} ${v} 2019-2020`,
  (v: string) => `${v} жетишкендик`,
  (v: string) => v,
  (v: string) => `${v}\n${v}`,
];
const COMMANDS = [
  "start",
  "debtors",
  "stats",
  "practice",
  "submit",
  "request",
  "requests",
  "plans",
  "accreditation",
  "history",
  "restore",
  "survey",
  "surveys",
  "survey_results",
  "mysurveys",
  "announce",
  "lang",
  "export",
  "settings",
  "help",
  "cancel",
  "done",
];

/** A value where people type words and numbers: a question, a command's argument, a figure in an entry. */
export function valueText(r: Random, u: FuzzUser, kind: ValueKind): BotInput {
  const v = hostileValue(r, kind);
  const t = r();
  if (kind === "numbers" && t < 0.45) {
    const n = () => (r() < 0.7 ? numberValue(r) : String(int(r, 0, 200)));
    const text = pick(r, [
      () => `/practice өндүрүштүк ${n()}/${n()}`,
      () => `/practice production ${n()}/${n()} ${pick(r, ["2025-2026", numberValue(r), ""])}`,
      () => `/practice ${pick(r, UNITS)} pre-diploma ${n()}/${n()}`,
      () => n(),
      () => `${n()} ${n()}`,
      () => `${n()}/${n()}`,
      () => `${int(r, 1, 6)} ${n()} ${n()} ${n()}`,
      () => `МТФ ${n()}-курс карызкорлор`,
      () => `карызкорлор ${n()}-${n()}`,
    ])();
    return textInput(u, text, "state", "typed figure");
  }
  if (t < 0.75) return textInput(u, pick(r, QUESTIONS)(v, pick(r, UNITS)), "state", "question");
  return textInput(u, `/${pick(r, COMMANDS)} ${v}`, "state", "command");
}

/** Commands with hostile arguments and hostile shapes. */
export function commandText(r: Random, u: FuzzUser): BotInput {
  const command = pick(r, COMMANDS);
  const arg = () => hostileValue(r, pick(r, ["unicode", "numbers", "injection"] as const));
  const text = pick(r, [
    () => `/${command} ${arg()}`,
    () => `/${command} ${arg()} ${arg()} ${arg()}`,
    () => `/${command}@sapat_fuzz_bot ${arg()}`,
    () => `/${command}@other_bot`,
    () => `/${command.toUpperCase()}`,
    () => `/${command}${arg()}`,
    () => `/start ${"A".repeat(int(r, 60, 70))}`,
    () => `/start ${pick(r, ["../../etc/passwd", "%00", "AAAAAAAAAAAAAAAA", "j_abc", "0", "-1", ""])}`,
    () => `/${command} ${"x".repeat(int(r, 4000, 4096))}`,
    () => "/",
    () => "//",
    () => `/ ${command}`,
    () => `/${"a".repeat(40)}`,
  ])();
  return textInput(u, text, "state", "command");
}

/** Inline buttons of a bot message, as [label, data]. */
function buttonsOf(m: LocalMessage): string[] {
  const rows = (m.reply_markup as InlineKeyboardMarkup | undefined)?.inline_keyboard ?? [];
  return rows.flat().flatMap((b) => ("callback_data" in b ? [b.callback_data] : []));
}

function pressUpdate(u: FuzzUser, data: string, message: Message | undefined, id: string): UpdateInput {
  return {
    callback_query: {
      id,
      from: fromOf(u),
      ...(message ? { message } : { inline_message_id: "inline-1" }),
      chat_instance: String(u.id),
      data,
    },
  } as UpdateInput;
}

const HUGE_IDS = ["2147483648", "4294967296", "9007199254740993", "99999999999999999999", "1e3", "-1", "0", "00"];

type Namespace = "units" | "surveys" | "plans" | "items" | "rows";

/**
 * Button data nobody was shown: random, real prefixes with ids of the other institution,
 * missing or huge, at the 64-byte edge. What it may change: `any` when it carries an id of
 * the user's own institution (it may name what he may act on: an item of his, a version to
 * restore), `refused` when its ids are foreign, missing or huge, `state` when it has none (a
 * language, a notice switch, an entry to start).
 */
export function forgedData(r: Random, world: World, u: FuzzUser): { data: string; expect: Expect } {
  // "own" is the presser's institution: the other one's admin owns what KSTU's people may not touch
  const [mine, theirs] = u.institution === "KSTU" ? [world.own, world.foreign] : [world.foreign, world.own];
  let own = false;
  let ids = false;
  // an id of the kind the button carries: the other institution's, this one's, none's, or too big
  const id = (kind: Namespace) => {
    ids = true;
    const t = r();
    if (kind !== "rows" && t < 0.35) return String(pick(r, theirs[kind]));
    own ||= t < 0.55;
    if (kind !== "rows" && t < 0.55) return String(pick(r, mine[kind]));
    // versions, uploads, requests, drafts: rows of this database, whoever's they are
    if (kind === "rows" && t < 0.55) return String(int(r, 1, 60));
    return t < 0.8 ? String(int(r, 90_000, 99_999)) : pick(r, HUGE_IDS);
  };
  const year = () => pick(r, ["2019-2020", "2018-2019", "9999-10000", "2020-2019", "0000-0000"]);
  const data = pick(r, [
    () => `v:d:${id("units")}:a:f:${year()}:s`,
    () => `c:s:${id("units")}:m:x:${year()}:a:${int(r, 0, 9)}`,
    () => `u:d:${id("units")}:a:p:${year()}:s`,
    () => `ac:${id("units")}:${pick(r, ["-", "0", "9", "99"])}:${pick(r, ["a", "*", "vexn", "zz"])}`,
    () => `acg:${id("units")}:${pick(r, ["-", "1", "77"])}`,
    () => `pc:${year()}:${id("units")}`,
    () => `rs:${pick(r, ["p", "s"])}:${id("rows")}`,
    () => `ann:${pick(r, ["a", "s", "e", "c"])}:${id("rows")}${r() < 0.5 ? `:${pick(r, ["all", "deans", "x"])}` : ""}`,
    () =>
      `se:${pick(r, ["tok", "AAAA", "-", "x".repeat(16)])}:${pick(r, ["u", "y", "t", "s", "f", "c", "nx", "ok", "ed", "x"])}:${id("units")}`,
    () => `pe:${pick(r, ["tok", "AAAA"])}:${pick(r, ["u", "k", "y", "ok", "ed", "x"])}:${id("units")}`,
    () => `entry:${pick(r, ["practice", "session"])}:${year()}:${pick(r, ["production", "s", "m", "9"])}`,
    () => `ntc:${pick(r, ["announcement", "reminder", "survey", "x", ""])}:${pick(r, ["0", "1", "2"])}`,
    () => `rq:${pick(r, ["b", "r", "R", "x", "X", "s", "c"])}:${id("rows")}:${pick(r, ["0", "1", "nonce"])}`,
    () => `svr:${pick(r, ["s", "y", "x", "r"])}:${id("rows")}:${id("surveys")}`,
    () => `svd:${pick(r, ["l", "c", "q", "x", "a"])}:${id("surveys")}`,
    () => `sv:a:${id("surveys")}`,
    () => `up:${pick(r, ["c", "x", "f"])}:${id("rows")}:${pick(r, ["-", "0123456789abcdef", "9", "zz"])}`,
    () => `pl:p:${id("plans")}`,
    () => `pl:d:${id("items")}${r() < 0.5 ? `:${int(r, 0, 99)}` : ""}`,
    () => `lang:${pick(r, ["xx", "ky", "ru", "en", "de", "__proto__"])}`,
    // the 64-byte edge, in one-byte and two-byte letters
    () => `v:d:1:a:f:2019-2020:s:${"1".repeat(64 - 22)}`,
    () => "ы".repeat(32),
    () => "ы".repeat(33),
    () => "x".repeat(65),
    () => "",
    () => hostileValue(r, pick(r, ["unicode", "numbers", "injection"] as const)),
    () => Array.from({ length: int(r, 1, 64) }, () => String.fromCharCode(int(r, 32, 126))).join(""),
  ])();
  return { data, expect: own ? "any" : ids ? "refused" : "state" };
}

/** A press of forged data; on the user's own last message, another user's, or none. */
export function forgedPress(r: Random, u: FuzzUser, world: World, api: LocalBotApi): BotInput {
  const id = `fz-${Math.floor(r() * 1e12)}`;
  const other = pick(r, world.users);
  const theirs = api.messages(other.id).filter((m) => buttonsOf(m).length);
  const t = r();
  let data: string;
  let message: Message | undefined;
  let expect: Expect = "refused";
  let what = "forged press";
  if (t < 0.3 && theirs.length && other.id !== u.id) {
    // a real button of another user's message: acted on as the presser, never as its owner
    // (an admin may do most of what it offers: restore a version, mark an item done)
    const m = pick(r, theirs);
    data = pick(r, buttonsOf(m));
    message = m.raw;
    expect = u.role === "admin" ? "any" : "state";
    what = "another user's button";
  } else {
    const forged = forgedData(r, world, u);
    data = forged.data;
    message = t < 0.9 ? (api.messages(u.id).at(-1)?.raw ?? undefined) : undefined;
    expect = forged.expect;
  }
  return {
    user: u,
    send: (a) => a.pushUpdate(pressUpdate(u, data, message, id)),
    expect,
    inPrivate: true,
    owed: { kind: "press", id },
    what: `${what} ${JSON.stringify(data)}`,
  };
}

/** A real button of the user's own recent messages, or a message that opens a dialogue. */
export function walk(r: Random, u: FuzzUser, api: LocalBotApi): BotInput {
  const recent = api
    .messages(u.id)
    .slice(-4)
    .filter((m) => buttonsOf(m).length);
  if (recent.length && r() < 0.65) {
    const m = pick(r, recent);
    const data = pick(r, buttonsOf(m));
    let queryId = "";
    return {
      user: u,
      send: (a) => {
        const update = a.pressButton(u.id, m.message_id, data);
        queryId = update.callback_query.id;
        return update;
      },
      expect: "any",
      inPrivate: true,
      get owed() {
        return { kind: "press" as const, id: queryId };
      },
      what: `press ${JSON.stringify(data)}`,
    };
  }
  const text = pick(r, [
    "/submit practice",
    "/submit session",
    "/submit",
    "/announce",
    "/survey",
    "/surveys",
    "/request",
    "/requests",
    "/plans",
    "/start",
    "/lang",
    "/settings",
    "/debtors",
    "/stats",
    "/practice",
    "/accreditation",
    "/history",
    "/export",
    "/mysurveys",
    "МТФте канча карызкор бар?",
    "📉 Карызкорлор",
    "/cancel",
    "/done",
  ]);
  return textInput(u, text, "any", "walk");
}

export type DocumentShape = "csv" | "xlsx" | ValueKind;

/** A file of some importer's kind, broken one way or another, under a name of its own. */
export async function hostileDocument(r: Random): Promise<{ bytes: Buffer; fileName: string; what: string }> {
  const importer = pick(r, IMPORTERS);
  const shape = pick<DocumentShape>(r, ["csv", "xlsx", "unicode", "numbers", "injection"]);
  const made =
    shape === "csv"
      ? brokenCsv(r, importer.base)
      : shape === "xlsx"
        ? await brokenXlsx(r, importer.base)
        : { bytes: Buffer.from(mutateCells(r, importer.base, shape)), what: `${shape} in a cell` };
  const ext = shape === "xlsx" ? ".xlsx" : ".csv";
  const fileName = pick(r, [
    `fuzz${ext}`,
    `fuzz${ext}`,
    `${injectionValue(r).slice(0, 40)}${ext}`,
    `../../${ext}`,
    `${"ы".repeat(200)}${ext}`,
    "no-extension",
    `fuzz${ext === ".csv" ? ".xlsx" : ".csv"}`,
    "fuzz.pdf",
  ]);
  return { ...made, fileName, what: `${importer.name}: ${made.what}` };
}

export function documentInput(u: FuzzUser, doc: { bytes: Buffer; fileName: string; what: string }): BotInput {
  return {
    user: u,
    send: (api) => api.sendDocument(u, { fileName: doc.fileName, bytes: doc.bytes }),
    expect: "state",
    inPrivate: true,
    owed: owedMessage(u),
    what: `document ${doc.what} (${doc.fileName.slice(0, 40)})`,
  };
}

export { fromOf, messageUpdate, owedMessage, pressUpdate, privateChat, textPart };
