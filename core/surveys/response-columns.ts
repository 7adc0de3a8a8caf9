// Which columns of a form's export are questions. Google Forms adds a timestamp, and on
// quizzes or forms that collect e-mail an address and a score; the survey's own token field
// is a column too (its question title, holding the opaque tokens); a poster form may ask for
// the unit. Everything else is a question.
import { answerKey } from "./scales.ts";

const TIMESTAMP = ["отметка времени", "timestamp", "убакыт белгиси", "дата/время", "дата и время", "убакыт"];
const EMAIL = [
  "адрес электронной почты",
  "электронная почта",
  "email address",
  "email",
  "e-mail",
  "электрондук почта",
  "электрондук дарек",
];
const SCORE = ["баллы", "score", "total score", "упай", "балл"];
const TOKEN = ["token", "токен", "код", "code", "жеке код", "личный код", "personal code"];
const UNIT = ["unit", "факультет", "факультет/институт", "институт", "подразделение", "бөлүм", "бөлүм/факультет"];

/** What the survey's tokens look like (12 URL-safe characters); a column of only such values is the token column. */
export const TOKEN_SHAPE = /^[A-Za-z0-9_-]{12}$/;

export interface ResponseColumns {
  timestamp: string | null;
  token: string | null;
  unit: string | null;
  /** e-mail, score: recognised and left out */
  other: string[];
  questions: string[];
}

/** What an import of responses found, and wrote when confirmed: the CLI, the bot and the use case share it. */
export interface ResponsesTally {
  /** rows with any answer */
  rows: number;
  /** rows whose token is one of this survey's recipients' */
  matched: number;
  /** rows with a token nobody in this survey holds: counted as anonymous responses */
  unknownTokens: number;
  /** rows without a token (the poster's link) */
  withoutToken: number;
  /** lines left out because they hold no answer at all */
  blank: number;
  added: number;
  replaced: number;
  unchanged: number;
  /** set when written */
  written: boolean;
  /** recipients newly marked responded (reminders skip them) */
  marked: number;
}

const named = (names: readonly string[], header: string) => names.includes(answerKey(header));

/**
 * The columns of an export. The token column is the one holding most of this survey's
 * tokens; else one named like a token field; else one whose every value has a token's shape.
 */
export function responseColumns(
  header: readonly string[],
  rows: readonly Record<string, string>[],
  isToken: (value: string) => boolean,
): ResponseColumns {
  const timestamp = header.find((h) => named(TIMESTAMP, h)) ?? null;
  const other = header.filter((h) => named(EMAIL, h) || named(SCORE, h));
  const rest = header.filter((h) => h !== timestamp && !other.includes(h));
  const valuesOf = (h: string) => rows.map((r) => (r[h] ?? "").trim()).filter((v) => v !== "");
  let token: string | null = null;
  let most = 0;
  for (const h of rest) {
    const hits = valuesOf(h).filter(isToken).length;
    if (hits > most) [token, most] = [h, hits];
  }
  token ??= rest.find((h) => named(TOKEN, h)) ?? null;
  token ??=
    rest.find((h) => {
      const values = valuesOf(h);
      return values.length > 0 && values.every((v) => TOKEN_SHAPE.test(v)) && new Set(values).size === values.length;
    }) ?? null;
  const unit = rest.find((h) => h !== token && named(UNIT, h)) ?? null;
  return { timestamp, token, unit, other, questions: rest.filter((h) => h !== token && h !== unit) };
}

/** A file that looks like a form's export: a timestamp column and a token column (for files sent to the bot). */
export function looksLikeResponses(header: readonly string[], rows: readonly Record<string, string>[]): boolean {
  const c = responseColumns(header, rows, () => false);
  return c.timestamp !== null && c.token !== null;
}

/**
 * The form's timestamp as an instant: "2026/09/05 10:23:45 AM GMT+6" (Google, en),
 * "05.09.2026 10:23:45" (Google, ru/ky), "2026-09-05 10:23" or "2026-09-05" (a workbook's
 * date); a time without a zone is the institution's (offset in minutes). null when unreadable.
 */
export function parseResponseTime(text: string, offsetMinutes: number): Date | null {
  const s = text.trim();
  let m =
    /^(\d{4})[/-](\d{1,2})[/-](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?\s*(AM|PM)?)?\s*(?:GMT([+-]\d{1,2})(?::?(\d{2}))?)?$/i.exec(
      s,
    );
  let parts: number[] | null = null;
  let zone: number | null = null;
  if (m) {
    let hour = Number(m[4] ?? 0);
    if (m[7]) hour = (hour % 12) + (m[7].toUpperCase() === "PM" ? 12 : 0);
    parts = [Number(m[1]), Number(m[2]), Number(m[3]), hour, Number(m[5] ?? 0), Number(m[6] ?? 0)];
    if (m[8]) zone = Number(m[8]) * 60 + Math.sign(Number(m[8]) || 1) * Number(m[9] ?? 0);
  } else {
    m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:[ ,]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(s);
    if (m) parts = [Number(m[3]), Number(m[2]), Number(m[1]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
  }
  if (!parts) return null;
  const [y, mo, d, h, mi, se] = parts as [number, number, number, number, number, number];
  const day = new Date(Date.UTC(y, mo - 1, d));
  // 31.02 rolls over into March: not a day
  if (day.getUTCMonth() !== mo - 1 || day.getUTCDate() !== d || h > 23 || mi > 59 || se > 59) return null;
  return new Date(Date.UTC(y, mo - 1, d, h, mi, se) - (zone ?? offsetMinutes) * 60_000);
}
