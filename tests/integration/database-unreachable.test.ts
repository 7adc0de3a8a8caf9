// PostgreSQL out of reach (down, restarting) while the bot or a command runs: the user is told
// to try again in a few minutes, not "something went wrong"; the log says what it was. The
// errors are real: a client pointed at a port nobody listens on.
import pino from "pino";
import { describe, expect, it } from "vitest";
import { isDatabaseBusy, isDatabaseUnreachable } from "../../bot/app/deps.ts";
import type { SapatContext } from "../../bot/context.ts";
import { errorBoundary } from "../../bot/middleware/error-boundary.ts";
import { translator } from "../../bot/present/i18n.ts";
import { createPrisma } from "../../prisma/client.ts";

async function failureOf(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    await fn();
  } catch (error) {
    return error;
  }
  throw new Error("it did not fail");
}

describe("a database out of reach", () => {
  it("is told apart from a busy one and from a defect", async () => {
    const db = createPrisma("postgres://sapat@127.0.0.1:1/nothing");
    const refused = await failureOf(() => db.user.count());
    await db.$disconnect();
    expect(isDatabaseUnreachable(refused)).toBe(true);
    expect(isDatabaseBusy(refused)).toBe(false);
    expect(isDatabaseUnreachable(Object.assign(new Error("terminating connection"), { code: "57P01" }))).toBe(true);
    expect(isDatabaseUnreachable(new Error("Connection terminated unexpectedly"))).toBe(true);
    expect(isDatabaseUnreachable(new TypeError("x is undefined"))).toBe(false);
  });

  it("gets the localized 'try again in a few minutes' answer in the chat and 'unreachable' in the log", async () => {
    const db = createPrisma("postgres://sapat@127.0.0.1:1/nothing");
    const refused = await failureOf(() => db.user.count());
    await db.$disconnect();
    const t = await translator("ru");
    const replies: string[] = [];
    const logged: string[] = [];
    const logger = pino({ level: "error" }, { write: (line: string) => void logged.push(JSON.parse(line).msg) });
    const ctx = {
      update: { update_id: 1 },
      chat: { id: 5 },
      from: { id: 5, language_code: "ru" },
      t,
      deps: { logger },
      reply: async (text: string) => void replies.push(text),
    } as unknown as SapatContext;
    await errorBoundary(ctx, () => Promise.reject(refused));
    expect(replies).toEqual([t("bot.unreachable")]);
    expect(logged).toEqual(["database unreachable"]);
  });
});
