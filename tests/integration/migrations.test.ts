// The migration runner against real databases (SQLite files, or PostgreSQL databases when
// the run is on PostgreSQL): what the app does on every start.

import { createHash } from "node:crypto";
import { appendFileSync, cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createPrisma, openDatabase } from "../../prisma/client.ts";
import { migrate } from "../../prisma/migrate.ts";
import { withTemporaryDatabase } from "../../prisma/postgres-admin.ts";
import { migrationsDirOf, PROVIDERS, schemaPathOf } from "../../prisma/provider.ts";
import { withSchemaEngine } from "../../prisma/schema-engine.ts";
import { emptyDatabaseUrl, onPostgres, POSTGRES_SERVER } from "../support/database.ts";

const provider = onPostgres ? "postgresql" : "sqlite";
const MIGRATIONS_DIR = migrationsDirOf(provider);
const SCHEMA_PATH = schemaPathOf(provider);
const tmp = mkdtempSync(path.join(tmpdir(), "sapat-migrations-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const committed = readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();

/** A private copy of prisma/migrations, to break without touching the real one. */
function copyMigrations(name: string): string {
  const dir = path.join(tmp, name);
  cpSync(MIGRATIONS_DIR, dir, { recursive: true });
  return dir;
}

describe("migrate()", () => {
  // SQLite: a directory that does not exist yet, so migrate must create it and the file.
  const dbUrl = onPostgres ? emptyDatabaseUrl(tmp) : `file:${path.join(tmp, "fresh", "nested", "sapat.db")}`;

  it("applies the committed migrations to a fresh database", async () => {
    expect(committed.length).toBeGreaterThan(0);
    expect(committed.some((n) => n.endsWith("_init"))).toBe(true);
    const { applied } = await migrate(dbUrl);
    expect(applied).toEqual(committed);

    const prisma = createPrisma(dbUrl);
    try {
      const tables = await prisma.$queryRawUnsafe<{ name: string }[]>(
        onPostgres
          ? "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1"
          : "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name",
      );
      expect(tables.map((t) => t.name)).toEqual(
        expect.arrayContaining([
          "_prisma_migrations",
          "Institution",
          "Unit",
          "SessionResult",
          "PublishedTotal",
          "PublishedFigure",
          "ImportBatch",
          "PracticeResult",
          "DataRequest",
          "AuditEntry",
          "Dialogue",
        ]),
      );

      // Rows as the Prisma CLI writes them: checksum = sha256 hex of migration.sql.
      const rows = await prisma.$queryRawUnsafe<{ migration_name: string; checksum: string; finished_at: unknown }[]>(
        "SELECT migration_name, checksum, finished_at FROM _prisma_migrations ORDER BY migration_name",
      );
      expect(rows.map((r) => r.migration_name)).toEqual(committed);
      for (const row of rows) {
        const sql = readFileSync(path.join(MIGRATIONS_DIR, row.migration_name, "migration.sql"));
        expect(row.checksum).toBe(createHash("sha256").update(sql).digest("hex"));
        expect(row.finished_at).not.toBeNull();
      }

      const created = await prisma.institution.create({ data: { code: "KSTU", name: "КГТУ им. И. Раззакова" } });
      const read = await prisma.institution.findUniqueOrThrow({ where: { code: "KSTU" } });
      expect(read).toMatchObject({
        id: created.id,
        name: "КГТУ им. И. Раззакова",
        methodologyBase: "admitted",
        debtorsIncludeNotAdmitted: true,
      });
      expect(read.createdAt).toBeInstanceOf(Date);
    } finally {
      await prisma.$disconnect();
    }
  });

  it("applies nothing the second time and keeps the data", async () => {
    const { applied } = await migrate(dbUrl);
    expect(applied).toEqual([]);
    const prisma = await openDatabase(dbUrl);
    try {
      expect(await prisma.institution.count()).toBe(1);
    } finally {
      await prisma.$disconnect();
    }
  });

  it("resolves relative file: URLs against the repo root, not the cwd", async () => {
    const { resolveDatabaseUrl, REPO_ROOT } = await import("../../prisma/database-url.ts");
    expect(resolveDatabaseUrl("file:./data/sapat.db")).toBe(path.join(REPO_ROOT, "data", "sapat.db"));
    expect(resolveDatabaseUrl("file:/abs/x.db?connection_limit=1")).toBe("/abs/x.db");
  });

  it("throws when an applied migration was edited afterwards", async () => {
    const migrationsDir = copyMigrations("edited");
    const url = emptyDatabaseUrl(tmp, "edited");
    expect((await migrate(url, { migrationsDir })).applied).toEqual(committed);

    const first = committed[0] as string;
    appendFileSync(path.join(migrationsDir, first, "migration.sql"), "\n-- edited after it was applied\n");
    await expect(migrate(url, { migrationsDir })).rejects.toThrow(new RegExp(`modified after they were applied: ${first}`));
  });

  it("throws on a failing migration, and keeps throwing until it is resolved", async () => {
    const migrationsDir = copyMigrations("failing");
    const url = emptyDatabaseUrl(tmp, "failing");
    const bad = "99990101000000_bad";
    cpSync(path.join(migrationsDir, committed[0] as string), path.join(migrationsDir, bad), { recursive: true });
    writeFileSync(path.join(migrationsDir, bad, "migration.sql"), 'ALTER TABLE "NoSuchTable" ADD COLUMN "x" TEXT;\n');

    await expect(migrate(url, { migrationsDir })).rejects.toThrow(new RegExp(`Migration ${bad} failed[\\s\\S]*NoSuchTable`));
    await expect(migrate(url, { migrationsDir })).rejects.toThrow(new RegExp(`failed part-way: ${bad}`));
  });
});

/** The engine replays migrations onto the database it opens: SQLite in memory, PostgreSQL a temporary one. */
function diff<T>(fn: (url: string) => Promise<T>): Promise<T> {
  return POSTGRES_SERVER ? withTemporaryDatabase(POSTGRES_SERVER, fn) : fn(":memory:");
}

/** A schema's models, attributes and comments: everything but its generator and datasource. */
function models(schema: string): string {
  return schema.replace(/^(generator|datasource) \w+ \{[^}]*\}\n/gm, "");
}

describe("schema.prisma and prisma/migrations", () => {
  it("the SQLite and PostgreSQL schemas are the same models (edit both: prisma/db/<provider>/schema.prisma)", () => {
    const [sqlite, postgresql] = PROVIDERS.map((p) => readFileSync(schemaPathOf(p), "utf8"));
    expect(models(postgresql as string)).toBe(models(sqlite as string));
    expect(models(sqlite as string)).toMatch(/^model Institution \{/m);
    expect(sqlite).toMatch(/provider = "sqlite"/);
    expect(postgresql).toMatch(/provider = "postgresql"/);
  });

  it("do not drift (add a migration with `npx tsx prisma/migrate-cli.ts create <name>`)", async () => {
    const drift = await diff((url) => withSchemaEngine(url, (engine) => engine.diffSchemaToMigrations()));
    expect(drift.sql).toBe("");
    expect(drift.drifted).toBe(false);
  });

  it("the drift check does see a schema change that has no migration", async () => {
    const schemaPath = path.join(tmp, "schema.prisma");
    const schema = readFileSync(SCHEMA_PATH, "utf8").replace(/model Institution \{/, "model Institution {\n  driftProbe String?");
    writeFileSync(schemaPath, schema);
    const drift = await diff((url) => withSchemaEngine(url, (engine) => engine.diffSchemaToMigrations(), { schemaPath }));
    expect(drift.drifted).toBe(true);
    expect(drift.sql).toMatch(/driftProbe/);
  });
});
