// The database connections Prisma's WebAssembly schema engine runs on (schema-engine.ts):
// driver adapters, SQLite's and PostgreSQL's, with what each needs so that the engine's
// migrations, diffs and shadow databases work through them.
import { randomUUID } from "node:crypto";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import type {
  SqlDriverAdapter,
  SqlMigrationAwareDriverAdapterFactory,
  SqlQuery,
  Transaction,
} from "@prisma/driver-adapter-utils";
import pg from "pg";
import { resolveDatabaseUrl } from "./database-url.ts";
import { type PgUrl, parsePgUrl, pgConfig } from "./pg-url.ts";
import { createDatabase, dropDatabase, ensureSchema } from "./postgres-admin.ts";
import type { Provider } from "./provider.ts";

const MULTI_STATEMENT = "more than one statement";

function isMultiStatementError(error: unknown): boolean {
  const e = error as { message?: unknown; cause?: { message?: unknown } } | null;
  const messages = [e?.message, e?.cause?.message];
  return messages.some((m) => typeof m === "string" && m.includes(MULTI_STATEMENT));
}

/**
 * The engine sends whole migration scripts through `executeRaw` without parameters, but
 * better-sqlite3's prepare() accepts a single statement only ("The supplied SQL string
 * contains more than one statement"). Parameterless raw calls therefore fall back to
 * exec() — on the same connection, so inside a transaction they stay inside it.
 */
function scriptFallback<T extends SqlDriverAdapter | Transaction>(target: T, runScript: (sql: string) => Promise<void>): T {
  const executeRaw = async (query: SqlQuery): Promise<number> => {
    try {
      return await target.executeRaw(query);
    } catch (error) {
      if (query.args.length > 0 || !isMultiStatementError(error)) throw error;
      await runScript(query.sql);
      return 0;
    }
  };
  // A Proxy keeps the adapter's own methods (and its private fields) working untouched.
  return new Proxy(target, {
    get(obj, prop) {
      if (prop === "executeRaw") return executeRaw;
      const value = Reflect.get(obj, prop);
      return typeof value === "function" ? value.bind(obj) : value;
    },
  });
}

function wrapAdapter(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const runScript = (sql: string) => adapter.executeScript(sql);
  const wrapped = scriptFallback(adapter, runScript);
  return new Proxy(wrapped, {
    get(obj, prop) {
      if (prop === "startTransaction") {
        return async (...args: Parameters<SqlDriverAdapter["startTransaction"]>) =>
          scriptFallback(await adapter.startTransaction(...args), runScript);
      }
      return Reflect.get(obj, prop);
    },
  });
}

/** A factory the engine can use; remembers its connections so we can close them. */
export class TrackingFactory implements SqlMigrationAwareDriverAdapterFactory {
  readonly provider: SqlMigrationAwareDriverAdapterFactory["provider"];
  readonly adapterName: string;
  private readonly open: SqlDriverAdapter[] = [];
  private readonly afterClose: (() => Promise<void>)[] = [];

  /** `shadow`: makes the shadow database instead of the adapter, with what to do once it is closed */
  constructor(
    private readonly inner: SqlMigrationAwareDriverAdapterFactory,
    private readonly shadow?: () => Promise<{ adapter: SqlDriverAdapter; drop: () => Promise<void> }>,
  ) {
    this.provider = inner.provider;
    this.adapterName = inner.adapterName;
  }

  async connect(): Promise<SqlDriverAdapter> {
    return this.track(await this.inner.connect());
  }

  async connectToShadowDb(): Promise<SqlDriverAdapter> {
    if (!this.shadow) return this.track(await this.inner.connectToShadowDb());
    const { adapter, drop } = await this.shadow();
    this.afterClose.push(drop);
    return this.track(adapter);
  }

  private track(adapter: SqlDriverAdapter): SqlDriverAdapter {
    this.open.push(adapter);
    return wrapAdapter(adapter);
  }

  /** The engine does not always dispose its connections; close them so the file is free. */
  async closeAll(): Promise<void> {
    for (const adapter of this.open.splice(0)) {
      await adapter.dispose().catch(() => undefined);
    }
    for (const drop of this.afterClose.splice(0)) await drop().catch(() => undefined);
  }
}

/**
 * The engine reads PostgreSQL's catalog, whose flag columns have the one-byte type "char"
 * (OID 18), which the pg adapter does not map ("Column type 'char' could not be
 * deserialized"). Its values are text, so results report it as text (OID 25). Our own tables
 * have no such column, so doing this process-wide changes nothing else; done once.
 */
let catalogCharAsText = false;
function readCatalogCharAsText(): void {
  if (catalogCharAsText) return;
  catalogCharAsText = true;
  const result = pg.Result.prototype as unknown as { addFields(fields: { dataTypeID: number }[]): void };
  const addFields = result.addFields;
  result.addFields = function (this: unknown, fields) {
    for (const field of fields) if (field.dataTypeID === 18) field.dataTypeID = 25;
    addFields.call(this, fields);
  };
}

/** The database the engine migrates, in the URL's `?schema=` when it names one. */
function postgresAdapter(url: PgUrl): PrismaPg {
  return new PrismaPg(pgConfig(url), url.schema ? { schema: url.schema } : undefined);
}

/**
 * PostgreSQL's shadow database, made here: PrismaPg's own connects to the main database when
 * it was given a connection string (the string's database wins over the one it sets), and
 * replaying the migrations there fails on tables that exist.
 */
async function postgresShadow(databaseUrl: string): Promise<{ adapter: SqlDriverAdapter; drop: () => Promise<void> }> {
  const name = `prisma_shadow_${randomUUID().replaceAll("-", "").slice(0, 20)}`;
  const url = parsePgUrl(await createDatabase(databaseUrl, name));
  const client = new pg.Client({ connectionString: url.connectionString });
  await client.connect();
  await ensureSchema(client, url.schema).finally(() => client.end());
  const adapter = await postgresAdapter(url).connect();
  return { adapter, drop: () => dropDatabase(databaseUrl, name) };
}

/**
 * The engine's connections to the database at `databaseUrl`. SQLite's shadow database (to
 * replay migrations for diffs) stays in memory; PostgreSQL's is a temporary database on the
 * same server, made and dropped here.
 */
export function engineAdapters(provider: Provider, databaseUrl: string): TrackingFactory {
  if (provider === "sqlite")
    return new TrackingFactory(
      new PrismaBetterSqlite3({ url: resolveDatabaseUrl(databaseUrl) }, { shadowDatabaseUrl: ":memory:" }),
    );
  readCatalogCharAsText();
  return new TrackingFactory(postgresAdapter(parsePgUrl(databaseUrl)), () => postgresShadow(databaseUrl));
}
