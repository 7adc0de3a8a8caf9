// An import's file: checked before it is read, told apart by content (CSV or XLSX), and
// what an import may say about it.
import { createHash } from "node:crypto";
import { readFile, stat } from "node:fs/promises";
import { readSpreadsheet, type SpreadsheetFormat } from "../../io/spreadsheet.ts";
import type { ImportIssue, Table } from "../../io/table.ts";
import type { TextEncoding } from "../../io/text.ts";

/**
 * The largest file an import reads. A published session report is a few kilobytes and
 * 50 000 result rows are about 4 MB; past this a file is a mistake (a database dump,
 * a video), refused before it is read rather than parsed for minutes. Telegram lets bots
 * download files up to the same 20 MB.
 */
export const MAX_FILE_MB = 20;
export const MAX_FILE_BYTES = MAX_FILE_MB * 1024 * 1024;

export interface ImportTable {
  table: Table;
  format: SpreadsheetFormat;
  /** a CSV's text encoding; null for a workbook */
  encoding: TextEncoding | null;
  sha256: string;
}

/** Line 0: about the file, not one of its lines. */
const fileIssue = (code: string, params: ImportIssue["params"] = {}): ImportIssue => ({ line: 0, code, params });

export const tooLarge = (bytes: number): ImportIssue =>
  fileIssue("fileTooLarge", { size: Math.ceil(bytes / 1024 / 1024), max: MAX_FILE_MB });

/** A file on disk, refused by what it is (a folder, too large) before its bytes are read. */
export async function readImportFile(file: string): Promise<Uint8Array | ImportIssue> {
  const info = await stat(file).catch(() => null);
  if (!info) return fileIssue("fileUnreadable");
  if (!info.isFile()) return fileIssue("notAFile");
  if (info.size > MAX_FILE_BYTES) return tooLarge(info.size);
  return (await readFile(file).catch(() => null)) ?? fileIssue("fileUnreadable");
}

/** A file's bytes (read from disk, or a document sent to the bot) as a table. */
export async function readImportBytes(bytes: Uint8Array): Promise<ImportTable | ImportIssue> {
  if (bytes.length > MAX_FILE_BYTES) return tooLarge(bytes.length);
  const sheet = await readSpreadsheet(bytes);
  if ("code" in sheet) return sheet;
  return { ...sheet, sha256: createHash("sha256").update(bytes).digest("hex") };
}
