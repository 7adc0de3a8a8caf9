// Bytes of an uploaded or imported file → text. Excel in Kyrgyz and Russian locales saves
// "CSV" as Windows-1251 (or UTF-16 for "Unicode text"); people also pick the wrong file.
// Each case gets a sentence instead of garbage stored as a unit called "���". Workbooks
// (ZIP) are read by xlsx.ts before this: here they are one more thing that is not text.
import iconv from "iconv-lite";
import type { Problem } from "../../core/index.ts";

export type TextEncoding = "utf-8" | "utf-16le" | "utf-16be" | "windows-1251";

/** Formats a spreadsheet is mistaken for, by their first bytes (what `file-type` looks at). */
const SIGNATURES: [format: string, magic: number[]][] = [
  ["PNG", [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
  ["ZIP/XLSX", [0x50, 0x4b, 0x03, 0x04]],
  ["ZIP/XLSX", [0x50, 0x4b, 0x05, 0x06]],
  ["PDF", [0x25, 0x50, 0x44, 0x46, 0x2d]],
  ["XLS/DOC", [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]],
  ["JPEG", [0xff, 0xd8, 0xff]],
  ["GIF", [0x47, 0x49, 0x46, 0x38]],
  ["GZIP", [0x1f, 0x8b]],
  ["7Z", [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]],
  ["RAR", [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07]],
  ["SQLite", [0x53, 0x51, 0x4c, 0x69, 0x74, 0x65, 0x20, 0x66, 0x6f, 0x72, 0x6d, 0x61, 0x74, 0x20, 0x33, 0x00]],
  ["ELF", [0x7f, 0x45, 0x4c, 0x46]],
];

const startsWith = (bytes: Uint8Array, magic: readonly number[]) =>
  bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b);

/** Control characters other than tab, line feed, form feed and carriage return: text has none. */
function looksBinary(bytes: Uint8Array): boolean {
  if (bytes.includes(0)) return true;
  const head = bytes.subarray(0, 8192);
  let control = 0;
  for (const b of head) if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0c && b !== 0x0d) control++;
  return control > head.length / 100;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

const isLatin = (c: number) => (c | 32) >= 0x61 && (c | 32) <= 0x7a;
const isCyrillic = (c: number) => c >= 0x400 && c <= 0x4ff;
/** What else Windows-1251 text has above ASCII: quotes, dashes, №, €, ™, no-break space. */
const isPunctuation = (c: number) =>
  (c >= 0xa0 && c <= 0xbf) || (c >= 0x2010 && c <= 0x203a) || c === 0x2116 || c === 0x20ac || c === 0x2122;

/**
 * Windows-1251 maps nearly every byte above 0x7f to a Cyrillic letter, so any non-UTF-8
 * text decodes to "Cyrillic". Real Cyrillic text is letters in runs: almost every non-ASCII
 * character is a letter or typographic punctuation, and Latin letters rarely touch
 * Cyrillic ones (Latin-1 "café" would give "cafй").
 */
function isCyrillicText(text: string): boolean {
  let letters = 0;
  let other = 0;
  let mixed = 0;
  let prev = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isCyrillic(c)) {
      letters++;
      if (isLatin(prev)) mixed++;
    } else if (isLatin(c)) {
      if (isCyrillic(prev)) mixed++;
    } else if (c > 0x7f && !isPunctuation(c)) other++;
    prev = c;
  }
  return letters > 0 && other <= letters / 20 && mixed <= letters / 10;
}

/** Decoded text, or why the bytes are not a text file Sapat can read. */
export function decodeText(bytes: Uint8Array): { text: string; encoding: TextEncoding } | Problem {
  if (SIGNATURES.some(([, magic]) => startsWith(bytes, magic))) return { code: "notSpreadsheet", params: {} };
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (startsWith(bytes, [0xff, 0xfe])) return { text: iconv.decode(buffer, "utf-16le"), encoding: "utf-16le" };
  if (startsWith(bytes, [0xfe, 0xff])) return { text: iconv.decode(buffer, "utf-16be"), encoding: "utf-16be" };
  if (looksBinary(bytes)) return { code: "notSpreadsheet", params: {} };
  try {
    return { text: utf8.decode(bytes), encoding: "utf-8" };
  } catch {
    const text = iconv.decode(buffer, "win1251");
    if (isCyrillicText(text)) return { text, encoding: "windows-1251" };
    return { code: "notUtf8", params: {} };
  }
}
