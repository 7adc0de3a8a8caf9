// The only module that touches Prisma's internal schema-engine API.
//
// Why: Prisma's CLI `migrate *` commands need a native schema-engine binary that it
// downloads on first use, which these machines cannot do. The same engine ships as
// WebAssembly (@prisma/schema-engine-wasm) and, driven through a driver adapter
// (better-sqlite3 for SQLite, node-postgres for PostgreSQL), does what `migrate dev|deploy|status|diff` do, writing `_prisma_migrations`
// exactly as the CLI does. Its API is internal and changes without notice, so the
// versions are pinned exactly in package.json and nothing outside this file imports it.
// The connections it runs on, with their workarounds, are in engine-adapters.ts.

import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import type { DiagnoseMigrationHistoryOutput, MigrationList, SchemaEngine, SchemaFilter } from "@prisma/schema-engine-wasm";
import { engineAdapters } from "./engine-adapters.ts";
import { migrationsDirOf, providerOf, schemaPathOf } from "./provider.ts";

const LOCKFILE = "migration_lock.toml";
const NO_FILTER: SchemaFilter = { externalTables: [], externalEnums: [] };

// ---------------------------------------------------------------------------------------
// Loading the wasm engine

type EngineClass = typeof SchemaEngine;
let engineClass: Promise<EngineClass> | undefined;

/**
 * The package entry does `import * as wasm from "./x.wasm"`, which Node 20 only allows
 * with --experimental-wasm-modules. So we do what that entry does by hand: instantiate
 * the .wasm with the JS glue as its import object, hand the instance to the glue, start it.
 */
function loadEngineClass(): Promise<EngineClass> {
  engineClass ??= (async () => {
    // The glue reports Rust panics through this global; it must exist before any call.
    const g = globalThis as { PRISMA_WASM_PANIC_REGISTRY?: unknown };
    g.PRISMA_WASM_PANIC_REGISTRY ??= new WasmPanicRegistry();

    const glue = await import("@prisma/schema-engine-wasm/schema_engine_bg");
    const require = createRequire(import.meta.url);
    const gluePath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
    const bytes = await readFile(path.join(path.dirname(gluePath), "schema_engine_bg.wasm"));
    const module = await wasmApi.compile(bytes);
    // Every import of the module is named "./schema_engine_bg.js" (the glue).
    const instance = await wasmApi.instantiate(module, { "./schema_engine_bg.js": glue });
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return glue.SchemaEngine;
  })();
  return engineClass;
}

// tsconfig has no DOM lib and @types/node 20 declares no WebAssembly values: type the
// little we use.
interface WasmApi {
  compile(bytes: Uint8Array): Promise<object>;
  instantiate(module: object, imports: Record<string, object>): Promise<{ exports: Record<string, unknown> }>;
}
const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/** Same shape as the registry the Prisma CLI installs. */
class WasmPanicRegistry {
  private message = "";
  get(): string {
    return this.message;
  }
  set_message(value: string): void {
    this.message = `RuntimeError: ${value}`;
  }
}

// ---------------------------------------------------------------------------------------
// Errors

/** An error reported by the schema engine, with Prisma's error code (e.g. P3018) if any. */
export class SchemaEngineError extends Error {
  readonly code: string | undefined;
  constructor(what: string, cause: unknown) {
    const { message, code } = describeEngineError(cause);
    super(`${what}${code ? ` (${code})` : ""}: ${message}`, { cause });
    this.name = "SchemaEngineError";
    this.code = code;
  }
}

function describeEngineError(error: unknown): { message: string; code: string | undefined } {
  const e = error as { message?: unknown; error_code?: unknown; code?: unknown } | null;
  let message = typeof e?.message === "string" ? e.message : String(error);
  let code = typeof e?.error_code === "string" ? e.error_code : typeof e?.code === "string" ? e.code : undefined;
  // Engine errors often arrive as JSON text ({ "error_code": …, "message": … }).
  try {
    const parsed = JSON.parse(message) as { message?: unknown; error_code?: unknown; is_panic?: unknown };
    if (typeof parsed.message === "string") message = parsed.message;
    if (typeof parsed.error_code === "string") code = parsed.error_code;
  } catch {
    // not JSON: keep the message as it is
  }
  // Drop the Rust span trace the wasm engine appends ("   0: schema_engine_wasm::…").
  message = message.replace(/\n\s+0: [\s\S]*$/, "").trim();
  return { message, code };
}

function isMissingMigrationsTable(error: unknown): boolean {
  const { code, message } = describeEngineError(error);
  return code === "P1014" && message.includes("_prisma_migrations");
}

/** The database's migration history disagrees with prisma/migrations in a way we must not paper over. */
export class MigrationHistoryError extends Error {
  constructor(
    message: string,
    readonly status: MigrationStatus,
  ) {
    super(message);
    this.name = "MigrationHistoryError";
  }
}

// ---------------------------------------------------------------------------------------
// Migrations directory

/** Reads prisma/migrations the way the Prisma CLI does (same sort, same lockfile). */
export async function readMigrationsList(migrationsDir = migrationsDirOf("sqlite")): Promise<MigrationList> {
  const lockContent = await readFile(path.join(migrationsDir, LOCKFILE), "utf8").catch(() => null);
  const entries = await readdir(migrationsDir, { withFileTypes: true }).catch(() => []);
  const dirs = entries.filter((e) => e.isDirectory()).map((e) => e.name);
  const migrationDirectories = await Promise.all(
    dirs.map(async (name) => {
      const content = await readFile(path.join(migrationsDir, name, "migration.sql"), "utf8").then(
        (value) => ({ tag: "ok" as const, value }),
        (error: Error) => ({ tag: "error" as const, value: error.message }),
      );
      return { path: name, migrationFile: { path: "migration.sql", content } };
    }),
  );
  migrationDirectories.sort((a, b) => a.path.localeCompare(b.path));
  return {
    baseDir: migrationsDir,
    lockfile: { path: LOCKFILE, content: lockContent },
    migrationDirectories,
    shadowDbInitScript: "",
  };
}

// ---------------------------------------------------------------------------------------
// Public API

export interface MigrationStatus {
  hasMigrationsTable: boolean;
  /** Applied migrations whose migration.sql changed since (checksum mismatch). */
  edited: string[];
  /** Migrations recorded as failed in _prisma_migrations. */
  failed: string[];
  /** In prisma/migrations, not yet applied. */
  pending: string[];
  /** Recorded in the database but missing from prisma/migrations. */
  unknownInDatabase: string[];
  /** True when the database is exactly at the migrations directory's state. */
  upToDate: boolean;
  raw: DiagnoseMigrationHistoryOutput;
}

export interface DriftResult {
  /** True when schema.prisma describes something the migrations do not create. */
  drifted: boolean;
  /** SQL that would bring the migrations up to schema.prisma; "" when none. */
  sql: string;
  /** The engine's exit code: 0 no difference, 2 difference. */
  exitCode: number;
}

export interface CreatedMigration {
  /** Directory name, `<timestamp>_<name>`. */
  name: string;
  /** Absolute path of the migration.sql written. */
  file: string;
  sql: string;
  /** Data-loss warnings the engine gave for this migration. */
  warnings: string[];
}

export interface SchemaEngineSession {
  /** Applies pending migrations; throws MigrationHistoryError on edited/failed/unknown ones first. */
  applyMigrations(): Promise<string[]>;
  /** diagnoseMigrationHistory, summarised. Does not throw on a bad history: see assertHealthy. */
  status(): Promise<MigrationStatus>;
  /**
   * Like `prisma migrate dev --name <name>`: applies pending migrations, checks the database
   * has not drifted, writes prisma/migrations/<timestamp>_<name>/migration.sql for the
   * difference to schema.prisma, then applies it. Returns null when there is no difference.
   */
  createMigration(name: string): Promise<CreatedMigration | null>;
  /** Like `prisma migrate diff --from-migrations … --to-schema … --script --exit-code`. */
  diffSchemaToMigrations(): Promise<DriftResult>;
  /** Like `prisma migrate resolve --rolled-back|--applied <name>`. */
  resolve(name: string, as: "rolled-back" | "applied"): Promise<void>;
}

export interface SchemaEngineOptions {
  schemaPath?: string;
  migrationsDir?: string;
  /** Receives the engine's log lines (JSON text). Default: dropped. */
  log?: (line: string) => void;
}

/**
 * Opens the engine on a database (a SQLite `file:` URL, relative to the repo root, or
 * ":memory:"; or a `postgres://` URL), runs fn, then frees the engine and closes its connections.
 * The database file is created if missing; its directory must exist.
 */
export async function withSchemaEngine<T>(
  databaseUrl: string,
  fn: (engine: SchemaEngineSession) => Promise<T>,
  options: SchemaEngineOptions = {},
): Promise<T> {
  const provider = providerOf(databaseUrl);
  const schemaPath = options.schemaPath ?? schemaPathOf(provider);
  const migrationsDir = options.migrationsDir ?? migrationsDirOf(provider);
  const schemaText = await readFile(schemaPath, "utf8");
  const schemaFiles = { files: [{ path: schemaPath, content: schemaText }] };

  const Engine = await loadEngineClass();
  const factory = engineAdapters(provider, databaseUrl);
  const log = options.log ?? (() => undefined);
  let engine: SchemaEngine;
  try {
    engine = await Engine.new({ datamodels: [[schemaPath, schemaText]] }, log, bindMigrationAwareSqlAdapterFactory(factory));
  } catch (error) {
    await factory.closeAll();
    throw new SchemaEngineError("Schema engine start failed", error);
  }

  const call = async <R>(operation: string, run: () => Promise<R>): Promise<R> => {
    try {
      return await run();
    } catch (error) {
      throw new SchemaEngineError(`Schema engine ${operation} failed`, error);
    }
  };

  const status = async (): Promise<MigrationStatus> => {
    const migrationsList = await readMigrationsList(migrationsDir);
    try {
      const raw = await engine.diagnoseMigrationHistory({
        migrationsList,
        optInToShadowDatabase: false,
        filters: NO_FILTER,
      });
      return summarise(raw);
    } catch (error) {
      // The wasm engine (unlike the CLI's binary) fails with P1014 on a database that has
      // no _prisma_migrations table yet: that simply means nothing is applied.
      if (!isMissingMigrationsTable(error)) throw new SchemaEngineError("Schema engine diagnoseMigrationHistory failed", error);
      const all = migrationsList.migrationDirectories.map((d) => d.path);
      return summarise({
        hasMigrationsTable: false,
        editedMigrationNames: [],
        failedMigrationNames: [],
        history: all.length > 0 ? { diagnostic: "databaseIsBehind", unappliedMigrationNames: all } : null,
      });
    }
  };

  const applyMigrations = async (): Promise<string[]> => {
    // applyMigrations skips an applied-then-edited migration silently, so look first.
    assertHealthy(await status());
    const migrationsList = await readMigrationsList(migrationsDir);
    try {
      const out = await engine.applyMigrations({ migrationsList, filters: NO_FILTER });
      return out.appliedMigrationNames;
    } catch (error) {
      // The engine's error names the SQL problem, not the migration: look it up.
      const failed = await status().then(
        (s) => s.failed,
        () => [],
      );
      const what = failed.length > 0 ? `Migration ${failed.join(", ")} failed` : "Applying migrations failed";
      throw new SchemaEngineError(what, error);
    }
  };

  const session: SchemaEngineSession = {
    applyMigrations,
    status,

    async createMigration(name) {
      if (!/^[A-Za-z0-9_]+$/.test(name)) {
        throw new Error(`Migration name must be letters, digits and "_" only, got "${name}"`);
      }
      // On a database without _prisma_migrations, devDiagnostic fails with P1014;
      // applying (possibly nothing) first creates the table, as `migrate dev` does.
      await applyMigrations();
      let migrationsList = await readMigrationsList(migrationsDir);
      const diagnostic = await call("devDiagnostic", () => engine.devDiagnostic({ migrationsList, filters: NO_FILTER }));
      if (diagnostic.action.tag === "reset") {
        throw new Error(
          `The database ${databaseUrl} has drifted from prisma/migrations and would need a reset ` +
            `(${diagnostic.action.reason}). Point DATABASE_URL at a fresh file or delete this one.`,
        );
      }
      const loss = await call("evaluateDataLoss", () =>
        engine.evaluateDataLoss({ migrationsList, schema: schemaFiles, filters: NO_FILTER }),
      );
      if (loss.unexecutableSteps.length > 0) {
        throw new Error(
          `The migration cannot be applied to ${databaseUrl}:\n${loss.unexecutableSteps.map((s) => `- ${s.message}`).join("\n")}`,
        );
      }
      const out = await call("createMigration", () =>
        engine.createMigration({
          draft: false,
          migrationName: name,
          migrationsList,
          schema: schemaFiles,
          filters: NO_FILTER,
        }),
      );
      if (out.migrationScript === null) return null;

      // Prisma's own layout: <dir>/<timestamp>_<name>/migration.sql + migration_lock.toml.
      const dir = path.join(migrationsDir, out.generatedMigrationName);
      if (existsSync(dir)) throw new Error(`The migration directory already exists at ${dir}`);
      await mkdir(dir, { recursive: true });
      const file = path.join(dir, `migration.${out.extension}`);
      await writeFile(file, out.migrationScript, "utf8");
      await writeFile(
        path.join(migrationsDir, LOCKFILE),
        "# Please do not edit this file manually\n" +
          "# It should be added in your version-control system (e.g., Git)\n" +
          `provider = "${out.connectorType}"\n`,
        "utf8",
      );

      migrationsList = await readMigrationsList(migrationsDir);
      await call("applyMigrations", () => engine.applyMigrations({ migrationsList, filters: NO_FILTER }));
      return {
        name: out.generatedMigrationName,
        file,
        sql: out.migrationScript,
        warnings: loss.warnings.map((w) => w.message),
      };
    },

    async diffSchemaToMigrations() {
      const migrationsList = await readMigrationsList(migrationsDir);
      // With no migrations at all there is no lockfile to tell the connector: diff from empty.
      const from =
        migrationsList.migrationDirectories.length === 0
          ? ({ tag: "empty" } as const)
          : ({ tag: "migrations", ...migrationsList } as const);
      const out = await call("diff", () =>
        engine.diff({
          from,
          to: { tag: "schemaDatamodel", ...schemaFiles },
          script: true,
          exitCode: true,
          filters: NO_FILTER,
        }),
      );
      const drifted = out.exitCode === 2;
      return { drifted, sql: drifted ? (out.stdout ?? "") : "", exitCode: out.exitCode };
    },

    async resolve(name, as) {
      if (as === "rolled-back") {
        await call("markMigrationRolledBack", () => engine.markMigrationRolledBack({ migrationName: name }));
      } else {
        const migrationsList = await readMigrationsList(migrationsDir);
        await call("markMigrationApplied", () => engine.markMigrationApplied({ migrationName: name, migrationsList }));
      }
    },
  };

  try {
    return await fn(session);
  } finally {
    engine.free();
    await factory.closeAll();
  }
}

function summarise(raw: DiagnoseMigrationHistoryOutput): MigrationStatus {
  const h = raw.history;
  const pending = h?.diagnostic === "databaseIsBehind" || h?.diagnostic === "historiesDiverge" ? h.unappliedMigrationNames : [];
  const unknownInDatabase =
    h?.diagnostic === "migrationsDirectoryIsBehind" || h?.diagnostic === "historiesDiverge" ? h.unpersistedMigrationNames : [];
  return {
    hasMigrationsTable: raw.hasMigrationsTable,
    edited: raw.editedMigrationNames,
    failed: raw.failedMigrationNames,
    pending,
    unknownInDatabase,
    upToDate: h === null && raw.editedMigrationNames.length === 0 && raw.failedMigrationNames.length === 0,
    raw,
  };
}

/** Throws MigrationHistoryError when the history is edited, failed or has unknown migrations. */
export function assertHealthy(status: MigrationStatus): void {
  const problems: string[] = [];
  if (status.edited.length > 0) {
    problems.push(
      `applied migration(s) modified after they were applied: ${status.edited.join(", ")} ` +
        "(restore the original migration.sql and add a new migration instead)",
    );
  }
  if (status.failed.length > 0) {
    problems.push(
      `migration(s) failed part-way: ${status.failed.join(", ")} (repair the database, then ` +
        "`npx tsx prisma/migrate-cli.ts resolve --rolled-back|--applied <name>`)",
    );
  }
  if (status.unknownInDatabase.length > 0) {
    problems.push(
      `the database has migration(s) missing from prisma/migrations: ${status.unknownInDatabase.join(", ")} ` +
        "(is this database from a newer version of the code?)",
    );
  }
  if (problems.length > 0) {
    throw new MigrationHistoryError(`Migration history problem: ${problems.join("; ")}`, status);
  }
}
