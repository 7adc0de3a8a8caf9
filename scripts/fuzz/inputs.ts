// What the fuzz script feeds: hostile CSV files (built from the real KSTU report by
// mutation, or from scratch) and hostile Telegram updates. Seeded, so a run repeats.
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Message } from "telegraf/types";
import type { LocalUser, UpdateInput } from "../../bot/local-api/index.ts";

type Random = () => number;
const pick = <T>(r: Random, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;

const DATA = path.resolve(import.meta.dirname, "../../data/kstu");
const SESSION = readFileSync(path.join(DATA, "kstu-2019-2020-spring-session.csv"), "utf8");
const TOTALS = readFileSync(path.join(DATA, "kstu-published-totals.csv"), "utf8");
const FIGURES = readFileSync(path.join(DATA, "kstu-previous-year.csv"), "utf8");

/** Values people and programs put where a number or a name belongs. */
export const HOSTILE_VALUES = [
  "",
  "-1",
  "99999999999999999999",
  "9007199254740993",
  "1".repeat(400),
  "1e309",
  "NaN",
  "Infinity",
  "0x10",
  "12.5",
  "12,5",
  " 7 ",
  "１２",
  "٣",
  "1000000000",
  "'; DROP TABLE Unit;--",
  "<b>x</b><script>alert(1)</script>",
  "{{name}} $t(bot.error)",
  "\u200bМТФ",
  "МТФ\u0000",
  "\u001b[31mМТФ\u001b[0m",
  "\u202eФТМ",
  "А".repeat(5000),
  "МТФ\nЭТИ",
  '"',
  "МТФ",
  "MTF",
  "мтф",
  "2019-2020",
  "spring",
  "after-retakes",
  "full-time",
  "жок",
  "🎓",
];

function mutate(r: Random, text: string): string {
  const lines = text.split("\n");
  const edits = 1 + Math.floor(r() * 4);
  for (let e = 0; e < edits; e++) {
    const i = Math.floor(r() * lines.length);
    const cells = (lines[i] ?? "").split(",");
    const j = Math.floor(r() * cells.length);
    const how = r();
    if (how < 0.7) cells[j] = pick(r, HOSTILE_VALUES);
    else if (how < 0.8) cells.splice(j, 1);
    else if (how < 0.9) cells.push(pick(r, HOSTILE_VALUES));
    else lines.splice(i, 0, lines[i] ?? "");
    lines[i] = cells.join(",");
  }
  return lines.join("\n");
}

function randomBytes(r: Random, n: number): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = Math.floor(r() * 256);
  return b;
}

/** Windows-1251 bytes of a Cyrillic text (what Excel writes in ky/ru locales). */
function cp1251(text: string): Buffer {
  const out: number[] = [];
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 63;
    if (c < 0x80) out.push(c);
    else if (c >= 0x410 && c <= 0x44f) out.push(c - 0x410 + 0xc0);
    else if (c === 0x401) out.push(0xa8);
    else if (c === 0x451) out.push(0xb8);
    else out.push(0x3f);
  }
  return Buffer.from(out);
}

export interface HostileFile {
  name: string;
  bytes: Buffer | "directory";
  /** the import command's words before the file */
  kind: string[];
  what: string;
}

export function hostileFile(r: Random, i: number): HostileFile {
  const kinds: [string[], string][] = [
    [["session"], SESSION],
    [["totals"], TOTALS],
    [["figures", "--metric", "absolute", "--term", "spring", "--form", "full-time"], FIGURES],
  ];
  const [kind, base] = pick(r, kinds);
  const name = `fuzz-${i}.csv`;
  const shapes: [string, () => Buffer | "directory"][] = [
    ["mutated", () => Buffer.from(mutate(r, base))],
    ["mutated", () => Buffer.from(mutate(r, base))],
    ["mutated", () => Buffer.from(mutate(r, base))],
    ["mutated", () => Buffer.from(mutate(r, base))],
    ["random bytes", () => randomBytes(r, 1 + Math.floor(r() * 4000))],
    ["png", () => Buffer.concat([Buffer.from("89504e470d0a1a0a0000000d49484452", "hex"), randomBytes(r, 200)])],
    ["zip/xlsx", () => Buffer.concat([Buffer.from("504b0304", "hex"), randomBytes(r, 300)])],
    ["pdf", () => Buffer.from(`%PDF-1.4\n${"x".repeat(100)}`)],
    ["windows-1251", () => cp1251(base)],
    ["semicolons", () => Buffer.from(base.replaceAll(",", ";"))],
    ["empty", () => Buffer.alloc(0)],
    ["header only", () => Buffer.from(`${base.split("\n").find((l) => !l.startsWith("#")) ?? ""}\n`)],
    ["bom + crlf", () => Buffer.from(`\ufeff${base.replaceAll("\n", "\r\n")}`)],
    ["unbalanced quote", () => Buffer.from(base.replace(",", ',"'))],
    ["directory", () => "directory"],
    ["long lines", () => Buffer.from(`${base.split("\n")[4]}\n${"1,".repeat(20000)}\n`)],
  ];
  const [what, make] = pick(r, shapes);
  return { name, bytes: make(), kind, what: `${kind[0]} ${what}` };
}

const TEXTS = [
  "/start",
  "/start AAAAAAAAAAAAAAAA",
  "/start ../../etc/passwd",
  `/start ${"x".repeat(80)}`,
  "/debtors",
  "/debtors ЭТИ",
  "/debtors zzz",
  "/stats МТФ",
  "/practice",
  "/lang",
  "/help",
  "/nosuchcommand",
  "МТФ карызкорлор",
  "должники МТФ",
  "debtors MTF",
  "Кара-Балта карызкорлор",
  "сколько должников в Токмоке",
  "МТФ 1-курс карызкорлор",
  "Срочно: должники МТФ",
  "жетишкендик 2018-2019",
  "📉 Карызкорлор",
  "📈 Жетишкендик",
  "🧾 Практика",
  "❓ Жардам",
];

function hostileText(r: Random): string {
  const t = r();
  if (t < 0.5) return pick(r, TEXTS);
  if (t < 0.8) return pick(r, HOSTILE_VALUES) || "?";
  if (t < 0.9) return `${pick(r, TEXTS)} ${pick(r, HOSTILE_VALUES)}`.slice(0, 4096);
  return Array.from({ length: 1 + Math.floor(r() * 60) }, () => String.fromCodePoint(32 + Math.floor(r() * 0x2ff0))).join("");
}

function hostileData(r: Random): string {
  const id = pick(r, [0, 1, 2, 3, 7, 99999, -1]);
  return pick(r, [
    `v:d:${id}:a:f:2019-2020:s`,
    `v:s:${id}:m:x:2019-2020:s`,
    `u:d:${id}:a:p:2018-2019:a`,
    `c:d:${id}:a:x:2019-2020:s`,
    "v:d:1:a:f:9999-10000:s",
    "lang:xx",
    "lang:ru",
    "",
    "x".repeat(64),
    "v:d:1",
    pick(r, HOSTILE_VALUES).slice(0, 64),
  ]);
}

const from = (u: LocalUser) => ({ id: u.id, is_bot: false, first_name: u.firstName ?? "F", language_code: u.languageCode });
const now = () => Math.floor(Date.now() / 1000);

/** A text message as Telegram sends it: a leading command carries its bot_command entity. */
function textMessage(text: string) {
  const command = /^\/\S+/.exec(text)?.[0];
  return command ? { text, entities: [{ type: "bot_command" as const, offset: 0, length: command.length }] } : { text };
}

/** One update of any kind a user (or a group) can cause. */
export function hostileUpdate(r: Random, user: LocalUser, lastBot: Message | undefined): UpdateInput {
  const chat = { id: user.id, type: "private" as const, first_name: user.firstName ?? "F" };
  const base = { message_id: 100_000 + Math.floor(r() * 1e6), date: now(), chat, from: from(user) };
  const t = r();
  if (t < 0.55) return { message: { ...base, ...textMessage(hostileText(r)) } } as UpdateInput;
  if (t < 0.8) {
    const message = lastBot ?? ({ message_id: 1, date: now(), chat, text: "old" } as Message);
    return {
      callback_query: {
        id: `fz-${Math.floor(r() * 1e12)}`,
        from: from(user),
        message,
        chat_instance: String(user.id),
        data: hostileData(r),
      },
    } as UpdateInput;
  }
  if (t < 0.85)
    return {
      message: { ...base, chat: { id: -1000 - user.id, type: "group", title: "Faculty chat" }, ...textMessage(pick(r, TEXTS)) },
    } as UpdateInput;
  if (t < 0.9)
    return {
      message: {
        ...base,
        sticker: {
          file_id: "st",
          file_unique_id: "st",
          type: "regular",
          width: 1,
          height: 1,
          is_animated: false,
          is_video: false,
        },
      },
    } as UpdateInput;
  if (t < 0.95)
    return {
      message: {
        ...base,
        document: {
          file_id: "doc",
          file_unique_id: "doc",
          file_name: pick(r, ["a.csv", "a.png", "a.xlsx"]),
          mime_type: "text/csv",
        },
      },
    } as UpdateInput;
  return { edited_message: { ...base, edit_date: now(), text: hostileText(r) } } as UpdateInput;
}
