// What every CLI command gets: output streams, the translator, and one lazily opened database.
import type { TFunction } from "i18next";
import type { Problem } from "../../core/index.ts";
import { openDatabase } from "../../prisma/client.ts";
import { DEFAULT_DATABASE_URL } from "../../prisma/database-url.ts";
import type { AppDeps, Institution, PrismaClient } from "../app/deps.ts";
import { chooseInstitution } from "../app/structure/institution.ts";
import type { Language } from "../present/i18n.ts";
import { problemText } from "../present/problem.ts";

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

/** A failure already explained to the user in their language: exit 1, no stack trace. */
export class UserError extends Error {}

export class CliContext {
  private client?: Promise<PrismaClient>;

  constructor(
    readonly io: CliIo,
    readonly t: TFunction,
    readonly lng: Language,
    readonly databaseUrl: string = DEFAULT_DATABASE_URL,
    /** the --db flag, when given: the demo builds there instead of data/demo.db */
    readonly databaseFlag?: string,
  ) {}

  db(): Promise<PrismaClient> {
    this.client ??= openDatabase(this.databaseUrl);
    return this.client;
  }

  /** What use cases are handed; the CLI's clock is the real one. */
  async deps(): Promise<AppDeps> {
    return { db: await this.db(), now: () => new Date() };
  }

  async institution(code?: string): Promise<Institution> {
    const chosen = await chooseInstitution(await this.db(), code);
    if (!chosen.ok) throw this.problem(chosen.problem);
    return chosen.value;
  }

  /** A problem in the user's language, to throw: printed on stderr, exit 1. */
  problem(p: Problem): UserError {
    return new UserError(problemText(p, this));
  }

  async close(): Promise<void> {
    if (this.client) await (await this.client).$disconnect();
  }
}
