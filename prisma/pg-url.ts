// A PostgreSQL URL as Prisma reads it, for node-postgres: the one place that reads it so. The
// `connection_limit` and `schema` are Prisma's parameters, not libpq's: taken out here. The
// schema also becomes every connection's search_path, so that unqualified SQL (the migrations,
// the up-to-date check, the backup's counts) lands in it as the client's qualified queries do;
// without that, migrations went to `public`.
import { DatabaseProblem } from "./database-url.ts";
import { describeDatabase } from "./provider.ts";

export interface PgUrl {
  /** the URL without Prisma's own parameters */
  connectionString: string;
  /** Prisma's `?schema=`, when not the default */
  schema: string | undefined;
  /** Prisma's `?connection_limit=`, when a positive whole number */
  limit: number | undefined;
  /** libpq's own `?options=` (e.g. "-c statement_timeout=5000"), kept beside the search_path */
  options: string | undefined;
}

/** A schema name as written unquoted or quoted in SQL, without anything to escape. */
const SCHEMA = /^[A-Za-z_][A-Za-z0-9_$]{0,62}$/;

export function parsePgUrl(databaseUrl: string): PgUrl {
  let url: URL;
  try {
    url = new URL(databaseUrl.trim());
  } catch {
    throw new DatabaseProblem("databaseUrl", { url: describeDatabase(databaseUrl) });
  }
  const limit = Number(url.searchParams.get("connection_limit") ?? "");
  const schema = url.searchParams.get("schema") || undefined;
  const options = url.searchParams.get("options") || undefined;
  if (schema !== undefined && !SCHEMA.test(schema))
    throw new DatabaseProblem("databaseSchemaName", { schema, url: describeDatabase(databaseUrl) });
  url.searchParams.delete("connection_limit");
  url.searchParams.delete("schema");
  // node-postgres lets the URL's parameters win over the settings beside it: options are joined in pgConfig
  url.searchParams.delete("options");
  return {
    connectionString: url.toString(),
    schema,
    limit: Number.isInteger(limit) && limit > 0 ? limit : undefined,
    options,
  };
}

/** node-postgres settings for a connection whose unqualified names resolve in the URL's schema. */
export function pgConfig(u: PgUrl): { connectionString: string; options?: string } {
  const options = [u.options, u.schema && `-c search_path="${u.schema}"`].filter(Boolean).join(" ");
  return options ? { connectionString: u.connectionString, options } : { connectionString: u.connectionString };
}
