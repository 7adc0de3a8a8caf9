// Which database a URL names, and where that provider's schema and migrations live: the
// layout umami uses for several databases, `prisma/db/<provider>/schema.prisma` with its own
// `migrations/`. SQLite (`file:`) is the embedded default; `postgres://` is the server one.
import path from "node:path";
import { DatabaseProblem, REPO_ROOT } from "./database-url.ts";

export type Provider = "sqlite" | "postgresql";
export const PROVIDERS: readonly Provider[] = ["sqlite", "postgresql"];

const POSTGRES = /^postgres(ql)?:\/\//i;

/** The provider of a DATABASE_URL; anything that is neither is refused as a DatabaseProblem. */
export function providerOf(databaseUrl: string): Provider {
  const url = databaseUrl.trim();
  if (POSTGRES.test(url)) return "postgresql";
  if (url.startsWith("file:") || url === ":memory:") return "sqlite";
  throw new DatabaseProblem("databaseUrl", { url: redactUrl(url) });
}

export function isPostgres(databaseUrl: string): boolean {
  return POSTGRES.test(databaseUrl.trim());
}

export function schemaPathOf(provider: Provider): string {
  return path.join(REPO_ROOT, "prisma", "db", provider, "schema.prisma");
}

export function migrationsDirOf(provider: Provider): string {
  return path.join(REPO_ROOT, "prisma", "db", provider, "migrations");
}

/** A URL fit for a log line or a message: the password is never shown. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^@/:]*)(:[^@/]*)?@/, (_m, user: string, pass?: string) => `//${user}${pass ? ":***" : ""}@`);
}

/** Which database a URL points at, for messages: the file, or host/database (no password). */
export function describeDatabase(databaseUrl: string): string {
  if (!isPostgres(databaseUrl)) return databaseUrl;
  try {
    const u = new URL(databaseUrl);
    return `postgres://${u.host}${u.pathname}`;
  } catch {
    return redactUrl(databaseUrl);
  }
}
