// The hostile values the fuzz puts where a word, a name or a number belongs: unicode that
// breaks naive string handling, numbers that break naive parsing, and strings that would
// run as SQL, HTML, Markdown, a format string, a template or a shell command if anything
// interpolated them. Each generator draws from a seeded PRNG, so an input repeats.

export type Random = () => number;

export const pick = <T>(r: Random, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
export const int = (r: Random, min: number, max: number) => min + Math.floor(r() * (max - min + 1));

/** Fragments of unicode that trip up code written for ASCII. */
const UNICODE_PARTS = [
  "\u202eФТМ", // right-to-left override
  "\u202bשלום\u202c",
  "مرحبا",
  "\u200bМТФ", // zero-width space
  "М\u200dТ\u200cФ", // joiners
  "\ufeffМТФ", // a BOM inside text
  "М\u0301\u0308\u0323ТФ", // combining marks
  "Z\u0351\u0360\u0361\u0362\u0363\u0364\u0365a\u036b\u036c\u036d\u036el\u0346\u034ag\u0315o", // zalgo
  "👨‍👩‍👧‍👦",
  "🏳️‍🌈",
  "🇰🇬",
  "🎓📊📉",
  "ңөүҢӨҮ",
  "карызкорлор",
  "должники",
  "жетишкендик",
  "\u0000",
  "МТФ\u0000",
  "\ud800", // lone surrogates
  "\udfff",
  "a\ud83d",
  "\u2028\u2029",
  "\u0085",
  "\u001b[31m",
  "\u0007\u0008\u007f",
  "\r\n\r\n",
  "\t",
  "ﬁ", // a ligature NFKC folds
  "ＭＴＦ", // fullwidth
  "MТФ", // a Latin M among Cyrillic letters
  "ı̇İ", // case folding traps
  "ß",
  "\u00a0",
  "𝕄𝕋𝔽",
  "𓀀",
  "\uFFFD",
  "\uFFFF",
];

/** A string of 1–5 unicode fragments, sometimes long, sometimes around real words. */
export function unicodeValue(r: Random): string {
  const n = int(r, 1, 5);
  let s = Array.from({ length: n }, () => pick(r, UNICODE_PARTS)).join(pick(r, ["", " ", "\n"]));
  if (r() < 0.1) s = s.repeat(int(r, 50, 800));
  if (r() < 0.15) s += Array.from({ length: int(r, 1, 40) }, () => String.fromCodePoint(int(r, 0x20, 0x2fff))).join("");
  return s;
}

/** Numbers as people, spreadsheets and attackers write them. */
export const ODD_NUMBERS = [
  "1e309",
  "-1e309",
  "1e-400",
  "-0",
  "0",
  "-1",
  "9007199254740993",
  "18446744073709551617",
  "2147483648",
  "-2147483649",
  "4294967296",
  "٣",
  "٣٤٥",
  "१२",
  "１２",
  "1,5e3",
  "1.5e3",
  "1 000",
  "1\u00a0000",
  "1_000",
  "12,5",
  "12.5",
  "12.",
  ".5",
  "0x1F",
  "0b101",
  "0o17",
  "1/2",
  "½",
  "Ⅻ",
  "NaN",
  "Infinity",
  "-Infinity",
  "+5",
  "007",
  "5%",
  "100%",
  "150%",
  "99999999999999999999",
  "",
  " ",
];

/** A huge or odd number: from the list, or a 20–64 digit integer, or a random float's text. */
export function numberValue(r: Random): string {
  const t = r();
  if (t < 0.65) return pick(r, ODD_NUMBERS);
  if (t < 0.85) return (r() < 0.3 ? "-" : "") + Array.from({ length: int(r, 20, 64) }, () => int(r, 0, 9)).join("");
  return String((r() - 0.5) * 10 ** int(r, -12, 30));
}

/** Strings that would do something if anything pasted them into SQL, HTML, Markdown, a template or a shell. */
export const INJECTIONS = [
  `'; DROP TABLE "User"; --`,
  `' OR '1'='1`,
  `"; DELETE FROM "SessionResult"; --`,
  "1; SELECT pg_sleep(10)",
  "Robert'); DROP TABLE Students;--",
  "<b>",
  "</b>",
  "<b>bold</b><i>",
  "<script>alert(1)</script>",
  '<a href="tg://user?id=1">x</a>',
  "<tg-spoiler>",
  "&lt;&amp;&#0;",
  "*_[",
  "*bold* _it_ [link](http://x) `code`",
  "```",
  "||spoiler||",
  "\\",
  "%s%s%s%n",
  "%d %x %p",
  "{{name}}",
  "{{count}}",
  "{{- unit}}",
  "$t(bot.error)",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the text of a template, on purpose
  "${process.exit()}",
  "$(rm -rf /)",
  "`rm -rf /`",
  "; rm -rf / ;",
  "| cat /etc/passwd",
  "../../../../etc/passwd",
  "C:\\Windows\\system32",
  "=cmd|' /C calc'!A0",
  "=1+1",
  "@SUM(A1:A9)",
  "+1-1",
  '=HYPERLINK("http://x")',
  '{"__proto__": {"admin": true}}',
  "__proto__",
  "constructor",
  "null",
  "undefined",
  "true",
  "[object Object]",
];

export function injectionValue(r: Random): string {
  const s = pick(r, INJECTIONS);
  return r() < 0.2 ? `${s} ${pick(r, INJECTIONS)}` : s;
}

export type ValueKind = "unicode" | "numbers" | "injection";

export const hostileValue = (r: Random, kind: ValueKind) =>
  kind === "unicode" ? unicodeValue(r) : kind === "numbers" ? numberValue(r) : injectionValue(r);
