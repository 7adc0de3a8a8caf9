// What every CLI command gets: output streams, the translator, and one lazily opened database.
import type { TFunction } from "i18next";
import { openDatabase } from "../../prisma/client.ts";
import { DEFAULT_DATABASE_URL } from "../../prisma/database-url.ts";
import type { Institution } from "../../prisma/generated/client.ts";
import type { PrismaClient } from "../../prisma/store/db.ts";
import { InstitutionChoiceError, resolveInstitution } from "../../prisma/store/institutions.ts";
import type { Language } from "../present/i18n.ts";

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

  async institution(code?: string): Promise<Institution> {
    try {
      return await resolveInstitution(await this.db(), code);
    } catch (e) {
      if (e instanceof InstitutionChoiceError)
        throw new UserError(this.t("cli.institutionChoice", { codes: e.codes.join(", ") }));
      throw e;
    }
  }

  async close(): Promise<void> {
    if (this.client) await (await this.client).$disconnect();
  }
}
