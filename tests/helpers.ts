// Shared test helpers: a temp database URL and an in-process CLI run with captured output.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { runCli } from "../bot/cli/main.ts";
import { createPrisma } from "../prisma/client.ts";
import type { PrismaClient } from "../prisma/store/db.ts";
import { testDatabaseUrl } from "./support/database.ts";

export { onPostgres, testDatabaseUrl } from "./support/database.ts";

export const DATA = path.resolve(import.meta.dirname, "../data/kstu");

export function tempDir(prefix = "sapat-test-"): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A fresh database (SQLite file, or a PostgreSQL database when the run is on PostgreSQL). */
export function tempDatabaseUrl(): { url: string; dir: string; cleanup: () => void } {
  const t = tempDir();
  return { url: testDatabaseUrl(t.dir), ...t };
}

export async function cli(url: string, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(["--db", url, ...argv], { out: (s) => out.push(s), err: (s) => err.push(s) }, {});
  return { code, out: out.join("\n"), err: err.join("\n") };
}

/** A client on the test database for one block of assertions, always closed. */
export async function withPrisma<T>(url: string, fn: (prisma: PrismaClient) => Promise<T>): Promise<T> {
  const prisma = createPrisma(url);
  try {
    return await fn(prisma);
  } finally {
    await prisma.$disconnect();
  }
}
