// Migration commands without the Prisma CLI's downloaded engine (see prisma/schema-engine.ts).
//   npx tsx prisma/migrate-cli.ts new <name>      a migration for each provider, made on throwaway databases
//   npx tsx prisma/migrate-cli.ts create <name>   like `prisma migrate dev --name <name>`
//   npx tsx prisma/migrate-cli.ts deploy          like `prisma migrate deploy`
//   npx tsx prisma/migrate-cli.ts status          like `prisma migrate status` (exit 1 unless up to date)
//   npx tsx prisma/migrate-cli.ts drift           exit 1 when schema.prisma and prisma/migrations differ
//   npx tsx prisma/migrate-cli.ts resolve --rolled-back|--applied <name>
// The database is DATABASE_URL, default file:./data/sapat.db (relative to the repo root).
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { DEFAULT_DATABASE_URL, resolveDatabaseUrl } from "./database-url.ts";
import { migrate } from "./migrate.ts";
import { withTemporaryDatabase } from "./postgres-admin.ts";
import { describeDatabase, isPostgres } from "./provider.ts";
import { assertHealthy, readMigrationsList, withSchemaEngine } from "./schema-engine.ts";

const USAGE = `usage: npx tsx prisma/migrate-cli.ts <command>
  new <name>                           create <name> for SQLite and for PostgreSQL, each on a throwaway database
                                       (PostgreSQL: SAPAT_MIGRATE_POSTGRES, default the server of scripts/postgres.sh)
  create <name>                        write prisma/db/<provider>/migrations/<timestamp>_<name>/ from its schema.prisma and apply it
  deploy                               apply pending migrations
  status                               show the migration state (exit 1 unless up to date)
  drift                                exit 1 when schema.prisma and prisma/migrations differ
  resolve --rolled-back|--applied <name>   mark a failed migration
database: DATABASE_URL (default ${DEFAULT_DATABASE_URL}); a postgres:// URL works on prisma/db/postgresql/`;

/** Runs one command; returns the process exit code. */
export async function main(argv: string[], databaseUrl: string): Promise<number> {
  const [command, ...args] = argv;
  const postgres = isPostgres(databaseUrl);
  const file = postgres ? describeDatabase(databaseUrl) : resolveDatabaseUrl(databaseUrl);
  const dbUrl = postgres ? databaseUrl : file === ":memory:" ? file : `file:${file}`;

  switch (command) {
    case "new": {
      const name = args[0];
      if (!name || args.length > 1) return usage();
      const dir = mkdtempSync(path.join(tmpdir(), "sapat-migrate-"));
      try {
        const sqlite = await main(["create", name], `file:${path.join(dir, "new.db")}`);
        if (sqlite !== 0) return sqlite;
        const server = process.env.SAPAT_MIGRATE_POSTGRES || "postgres://sapat@127.0.0.1:5433/postgres";
        return await withTemporaryDatabase(server, (url) => main(["create", name], url));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }

    case "create": {
      const name = args[0];
      if (!name || args.length > 1) return usage();
      if (!postgres && file !== ":memory:") mkdirSync(path.dirname(file), { recursive: true });
      const created = await withSchemaEngine(dbUrl, (engine) => engine.createMigration(name));
      if (!created) {
        console.log("schema.prisma matches prisma/migrations: no migration created.");
        return 0;
      }
      console.log(`Created ${path.relative(process.cwd(), created.file)} and applied it to ${file}`);
      for (const warning of created.warnings) console.warn(`warning: ${warning}`);
      return 0;
    }

    case "deploy": {
      if (args.length > 0) return usage();
      const { applied } = await migrate(databaseUrl);
      console.log(
        applied.length > 0 ? `Applied to ${file}:\n${applied.map((n) => `  ${n}`).join("\n")}` : `${file} is up to date.`,
      );
      return 0;
    }

    case "status": {
      if (args.length > 0) return usage();
      if (!postgres && file !== ":memory:" && !existsSync(file)) {
        // Don't create the file just to look at it.
        const { migrationDirectories } = await readMigrationsList();
        console.log(`${file} does not exist; ${migrationDirectories.length} migration(s) to apply.`);
        return 1;
      }
      const status = await withSchemaEngine(dbUrl, (engine) => engine.status());
      const lines = [
        `database: ${file}`,
        ...status.pending.map((n) => `pending:   ${n}`),
        ...status.edited.map((n) => `EDITED after being applied: ${n}`),
        ...status.failed.map((n) => `FAILED:    ${n}`),
        ...status.unknownInDatabase.map((n) => `in the database, not in prisma/migrations: ${n}`),
      ];
      console.log(lines.join("\n"));
      try {
        assertHealthy(status);
      } catch (error) {
        console.error((error as Error).message);
        return 1;
      }
      console.log(status.upToDate ? "Up to date." : "Not up to date: run `deploy`.");
      return status.upToDate ? 0 : 1;
    }

    case "drift": {
      if (args.length > 0) return usage();
      // Needs no real database: SQLite replays the migrations in memory, PostgreSQL on an
      // empty temporary database on the same server (the engine replays onto the one it opens).
      const diff = (url: string) => withSchemaEngine(url, (engine) => engine.diffSchemaToMigrations());
      const drift = postgres ? await withTemporaryDatabase(databaseUrl, diff) : await diff(":memory:");
      if (!drift.drifted) {
        console.log("schema.prisma and prisma/migrations agree.");
        return 0;
      }
      console.error("schema.prisma differs from prisma/migrations; missing migration SQL:\n");
      console.error(drift.sql);
      console.error("Run: npx tsx prisma/migrate-cli.ts create <name>");
      return 1;
    }

    case "resolve": {
      const [flag, name] = args;
      if ((flag !== "--rolled-back" && flag !== "--applied") || !name || args.length > 2) return usage();
      const as = flag === "--rolled-back" ? "rolled-back" : "applied";
      await withSchemaEngine(dbUrl, (engine) => engine.resolve(name, as));
      console.log(`Marked ${name} as ${as} in ${file}`);
      return 0;
    }

    default:
      return usage();
  }
}

function usage(): number {
  console.error(USAGE);
  return 2;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main(process.argv.slice(2), process.env.DATABASE_URL || DEFAULT_DATABASE_URL).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    },
  );
}
