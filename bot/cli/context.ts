// What every CLI command gets: output streams, the translator, the validated settings, and
// one lazily opened database.
import type { TFunction } from "i18next";
import type { Problem } from "../../core/index.ts";
import { type OpenOptions, openDatabase } from "../../prisma/client.ts";
import { DEFAULT_DATABASE_URL } from "../../prisma/database-url.ts";
import type { AppDeps, Institution, PrismaClient } from "../app/deps.ts";
import { chooseInstitution } from "../app/structure/institution.ts";
import type { Settings } from "../config.ts";
import type { Language } from "../present/i18n.ts";
import { problemText } from "../present/problem.ts";

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** what the console reads and writes; default the process's stdin and stdout */
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
}

/** A failure already explained to the user in their language: exit 1, no stack trace. */
export class UserError extends Error {}

export interface CliContextInit {
  io: CliIo;
  t: TFunction;
  lng: Language;
  settings: Settings;
  /** the database to use: --db, else DATABASE_URL, else the default */
  databaseUrl?: string;
  /** the --db flag, when given */
  databaseFlag?: string;
}

export class CliContext {
  readonly io: CliIo;
  readonly t: TFunction;
  readonly lng: Language;
  readonly settings: Settings;
  readonly databaseUrl: string;
  readonly databaseFlag: string | undefined;
  private client?: Promise<PrismaClient>;

  constructor(init: CliContextInit) {
    this.io = init.io;
    this.t = init.t;
    this.lng = init.lng;
    this.settings = init.settings;
    this.databaseUrl = init.databaseUrl ?? DEFAULT_DATABASE_URL;
    this.databaseFlag = init.databaseFlag;
  }

  /** The same command line on another database (the demo opens what it built). */
  on(databaseUrl: string): CliContext {
    const { io, t, lng, settings } = this;
    return new CliContext({ io, t, lng, settings, databaseUrl, databaseFlag: databaseUrl });
  }

  /**
   * How this command opens a database: a file that does not exist yet is created and that is
   * said once, on stderr, with where.
   */
  openOptions(extra: OpenOptions = {}): OpenOptions {
    return {
      busyTimeoutMs: this.settings.DATABASE_BUSY_TIMEOUT_MS,
      onCreate: (file) => this.io.err(this.t("cli.creatingDatabase", { file })),
      ...extra,
    };
  }

  db(): Promise<PrismaClient> {
    this.client ??= openDatabase(this.databaseUrl, this.openOptions());
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
    if (this.client) await (await this.client.catch(() => undefined))?.$disconnect();
  }
}
