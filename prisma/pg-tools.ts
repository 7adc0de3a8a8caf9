// pg_dump and pg_restore, PostgreSQL's own backup tools (Debian: postgresql-client), run as
// child processes. The connection reaches them through libpq's environment (PGHOST, PGUSER,
// PGPASSWORD …), never the command line, where a password would show in `ps` and in logs.
import { spawn } from "node:child_process";
import { accessSync, constants } from "node:fs";
import path from "node:path";
import pg from "pg";
import { DatabaseProblem } from "./database-url.ts";
import { parsePgUrl, pgConfig } from "./pg-url.ts";
import { describeDatabase } from "./provider.ts";

export type PgTool = "pg_dump" | "pg_restore";

/** A tool that is not installed, or that failed: `reason` is its own first error line. */
export class PgToolError extends Error {
  constructor(
    readonly tool: PgTool,
    readonly reason: string | null,
  ) {
    super(reason === null ? `${tool} was not found` : `${tool} failed: ${reason}`);
    this.name = "PgToolError";
  }
}

export interface ToolEnvironment {
  /** where the tools are looked for: the PATH of the command's environment */
  PATH?: string | undefined;
  /** HOME (for ~/.pgpass), PG* variables the operator set: passed on */
  [name: string]: string | undefined;
}

/** The tool's path on PATH, or null. */
export function findTool(tool: PgTool, env: ToolEnvironment): string | null {
  for (const dir of (env.PATH ?? "").split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, tool);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {}
  }
  return null;
}

/** libpq's variable for each URL part and query parameter it understands. */
const LIBPQ: Record<string, string> = {
  host: "PGHOST",
  port: "PGPORT",
  user: "PGUSER",
  password: "PGPASSWORD",
  dbname: "PGDATABASE",
  sslmode: "PGSSLMODE",
  sslcert: "PGSSLCERT",
  sslkey: "PGSSLKEY",
  sslrootcert: "PGSSLROOTCERT",
  connect_timeout: "PGCONNECT_TIMEOUT",
  application_name: "PGAPPNAME",
  options: "PGOPTIONS",
};

export interface Connection {
  /** the PG* variables for the tools */
  variables: Record<string, string>;
  /** Prisma's `?schema=`: the one schema Sapat's tables are in, when not the default */
  schema: string | null;
  database: string;
}

/** A postgres:// URL as libpq variables (Prisma's own parameters, like connection_limit, dropped). */
export function connectionOf(databaseUrl: string): Connection {
  const url = new URL(databaseUrl.trim());
  const parts: Record<string, string> = {
    host: url.hostname.replace(/^\[(.*)\]$/, "$1"),
    port: url.port,
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    dbname: decodeURIComponent(url.pathname.replace(/^\//, "")) || "postgres",
  };
  for (const [k, v] of url.searchParams) if (k in LIBPQ && k !== "password") parts[k] = v;
  const variables: Record<string, string> = { PGCONNECT_TIMEOUT: "10" };
  for (const [k, v] of Object.entries(parts)) if (v) variables[LIBPQ[k] as string] = v;
  return { variables, schema: parsePgUrl(databaseUrl).schema ?? null, database: parts.dbname as string };
}

/** The child's environment: the operator's PG* settings and HOME (~/.pgpass), then the URL's. */
function childEnv(env: ToolEnvironment, connection?: Connection): NodeJS.ProcessEnv {
  const passed = Object.entries(env).filter(
    ([k, v]) => v !== undefined && (k.startsWith("PG") || ["PATH", "HOME", "LANG", "LC_ALL", "LC_MESSAGES", "TZ"].includes(k)),
  );
  return { ...Object.fromEntries(passed), ...(connection?.variables ?? {}) };
}

/** Runs a tool; rejects with PgToolError naming its first error line. */
function run(tool: PgTool, args: string[], env: ToolEnvironment, connection?: Connection): Promise<string> {
  const file = findTool(tool, env);
  if (!file) return Promise.reject(new PgToolError(tool, null));
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { env: childEnv(env, connection), stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => err.push(b));
    child.on("error", (e) => reject(new PgToolError(tool, e.message)));
    child.on("close", (code) => {
      if (code === 0) return resolve(Buffer.concat(out).toString("utf8"));
      const lines = Buffer.concat(err).toString("utf8").split("\n").filter(Boolean);
      const line = lines.find((l) => /error|fatal/i.test(l)) ?? lines[0] ?? `exit code ${code}`;
      reject(new PgToolError(tool, line.replace(new RegExp(`^${tool}: (error: )?`), "").slice(0, 300)));
    });
  });
}

/**
 * pg_dump's custom archive of the database at `databaseUrl` into `file`, and the rows each of
 * `tables` held in the very snapshot the dump was taken from (exported by a transaction
 * held open while pg_dump starts). Tables that do not exist are left out of the counts.
 */
export async function dumpDatabase(
  databaseUrl: string,
  file: string,
  tables: readonly string[],
  env: ToolEnvironment,
): Promise<Map<string, number>> {
  if (!findTool("pg_dump", env)) throw new PgToolError("pg_dump", null);
  const connection = connectionOf(databaseUrl);
  // in the URL's schema, as the app's connections are (its search_path)
  const client = new pg.Client({ ...pgConfig(parsePgUrl(databaseUrl)), connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new DatabaseProblem("databaseUnusable", { file: describeDatabase(databaseUrl), reason }, { cause: error });
  }
  try {
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    const snapshot = (await client.query<{ id: string }>("SELECT pg_export_snapshot() AS id")).rows[0]?.id as string;
    const present = await client.query<{ name: string }>(
      "SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relkind = 'r'",
    );
    const existing = new Set(present.rows.map((r) => r.name));
    const counts = new Map<string, number>();
    for (const t of tables.filter((t) => existing.has(t))) {
      const r = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${client.escapeIdentifier(t)}`);
      counts.set(t, Number(r.rows[0]?.n ?? 0));
    }
    const args = ["--format=custom", `--file=${file}`, `--snapshot=${snapshot}`, "--no-password"];
    // quoted: pg_dump folds an unquoted pattern to lower case, as SQL does
    if (connection.schema) args.push(`--schema="${connection.schema}"`);
    await run("pg_dump", args, env, connection);
    return counts;
  } finally {
    await client.query("COMMIT").catch(() => undefined);
    await client.end().catch(() => undefined);
  }
}

/** The entries of a pg_dump archive (`pg_restore --list`): throws when the file is not one. */
export async function archiveContents(file: string, env: ToolEnvironment): Promise<string[]> {
  const listing = await run("pg_restore", ["--list", file], env);
  return listing.split("\n").filter((l) => l && !l.startsWith(";"));
}

/**
 * Restores a pg_dump archive into the URL's database in one transaction: objects in the
 * archive are dropped first (`--clean --if-exists`), owners and grants of the other server
 * are not reproduced. A failure rolls back to the database as it was.
 */
export async function restoreArchive(databaseUrl: string, file: string, env: ToolEnvironment): Promise<void> {
  const connection = connectionOf(databaseUrl);
  await run(
    "pg_restore",
    [
      "--clean",
      "--if-exists",
      "--no-owner",
      "--no-privileges",
      "--single-transaction",
      "--no-password",
      `--dbname=${connection.database}`,
      file,
    ],
    env,
    connection,
  );
}
