// Where the SQLite file of a `file:` URL lives. Shared by migrate.ts and client.ts so
// the migrator and the client always open the same file, whatever the cwd is.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { REPO_ROOT } from "./package-root.ts";

/** The package root (found, so the build in dist/ finds the same one). */
export { REPO_ROOT };

/** Used when DATABASE_URL is not set. */
export const DEFAULT_DATABASE_URL = "file:./data/sapat.db";

/**
 * A database that cannot be used, shaped like core's Problem (code, params) so every trigger
 * words it with the other problems (locales/<lng>/problems.json). This layer imports nothing
 * of core, hence the structural shape.
 */
export class DatabaseProblem extends Error {
  constructor(
    readonly code: "databaseUrl" | "databaseSchemaName" | "databaseMissing" | "databaseUnusable",
    readonly params: Record<string, string>,
    options?: ErrorOptions,
  ) {
    super(`${code}: ${Object.values(params).join(", ")}`, options);
    this.name = "DatabaseProblem";
  }
}

/**
 * Turns a SQLite database URL into an absolute file path, or ":memory:".
 * `file:` relative paths are resolved against the repository root (not the cwd),
 * as Prisma's own CLI would resolve them against prisma.config.ts, which is there.
 * A `?query` suffix (e.g. `?connection_limit=1`) is ignored. Anything but `file:…` is
 * refused: a bare path or another scheme would quietly become a file in the repository.
 */
export function resolveDatabaseUrl(databaseUrl: string): string {
  const url = databaseUrl.trim();
  if (url === ":memory:" || url === "file::memory:") return ":memory:";
  if (!url.startsWith("file:")) throw new DatabaseProblem("databaseUrl", { url: redact(url) });
  let file = url.slice("file:".length).replace(/\?.*$/, "");
  // file:///abs/path and file://localhost/abs/path are proper file URLs.
  if (file.startsWith("//")) {
    try {
      file = fileURLToPath(`file:${file}`);
    } catch {
      throw new DatabaseProblem("databaseUrl", { url: redact(url) });
    }
  }
  if (file === "") throw new DatabaseProblem("databaseUrl", { url: redact(url) });
  return path.resolve(REPO_ROOT, file);
}

function redact(url: string): string {
  return url.replace(/\/\/[^@/]*@/, "//***@");
}
