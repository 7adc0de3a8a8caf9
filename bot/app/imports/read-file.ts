// An import's file: checked before it is read, decoded, and what an import may say about it.
import { createHash } from "node:crypto";
import { readFile, stat } from "node:fs/promises";
import type { ImportIssue } from "../../io/csv.ts";
import { decodeText, type TextEncoding } from "../../io/text.ts";

/**
 * The largest file an import reads. A published session report is a few kilobytes and
 * 50 000 result rows are about 4 MB; past this a file is a mistake (a database dump,
 * a video), refused before it is read rather than parsed for minutes.
 */
export const MAX_FILE_MB = 20;
const MAX_FILE_BYTES = MAX_FILE_MB * 1024 * 1024;

export interface ImportText {
  text: string;
  encoding: TextEncoding;
  sha256: string;
}

/** Line 0: about the file, not one of its lines. */
const fileIssue = (code: string, params: ImportIssue["params"] = {}): ImportIssue => ({ line: 0, code, params });

export async function readImportFile(file: string): Promise<ImportText | ImportIssue> {
  const info = await stat(file).catch(() => null);
  if (!info) return fileIssue("fileUnreadable");
  if (info.isDirectory()) return fileIssue("notAFile");
  if (!info.isFile()) return fileIssue("notAFile");
  if (info.size > MAX_FILE_BYTES)
    return fileIssue("fileTooLarge", { size: Math.ceil(info.size / 1024 / 1024), max: MAX_FILE_MB });
  const bytes = await readFile(file).catch(() => null);
  if (!bytes) return fileIssue("fileUnreadable");
  const decoded = decodeText(bytes);
  if ("code" in decoded) return { ...decoded, line: 0 };
  return { ...decoded, sha256: createHash("sha256").update(bytes).digest("hex") };
}
