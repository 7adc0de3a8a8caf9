// Where the SQLite file of a `file:` URL lives. Shared by migrate.ts and client.ts so
// the migrator and the client always open the same file, whatever the cwd is.
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root (this file is in <root>/prisma/). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** Used when DATABASE_URL is not set. */
export const DEFAULT_DATABASE_URL = "file:./data/sapat.db";

/**
 * Turns a SQLite database URL into an absolute file path, or ":memory:".
 * `file:` relative paths are resolved against the repository root (not the cwd),
 * as Prisma's own CLI would resolve them against prisma.config.ts, which is there.
 * A `?query` suffix (e.g. `?connection_limit=1`) is ignored.
 */
export function resolveDatabaseUrl(databaseUrl: string): string {
  const url = databaseUrl.trim();
  if (url === ":memory:" || url === "file::memory:") return ":memory:";
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url) && !url.startsWith("file:")) {
    throw new Error(`Only SQLite "file:" database URLs are supported, got "${redact(url)}"`);
  }
  let file = url.startsWith("file:") ? url.slice("file:".length) : url;
  file = file.replace(/\?.*$/, "");
  // file:///abs/path and file://localhost/abs/path are proper file URLs.
  if (file.startsWith("//")) file = fileURLToPath(`file:${file}`);
  if (file === "") throw new Error(`Empty SQLite database path in "${url}"`);
  return path.resolve(REPO_ROOT, file);
}

function redact(url: string): string {
  return url.replace(/\/\/[^@/]*@/, "//***@");
}
