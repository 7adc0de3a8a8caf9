import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashCode, putSetting, redeemInvite } from "../../prisma/store/users.ts";
import { cli, DATA, tempDatabaseUrl, withPrisma } from "../helpers.ts";

const db = tempDatabaseUrl();
beforeAll(async () => {
  expect((await cli(db.url, "import", "session", `${DATA}/kstu-2019-2020-spring-session.csv`, "--create-units")).code).toBe(0);
});
afterAll(() => db.cleanup());

describe("sapat invite create", () => {
  it("prints a code, a deep link and the scope as JSON, storing only the code's hash", async () => {
    await withPrisma(db.url, async (prisma) => {
      await putSetting(prisma, "bot.username", "sapat_kstu_bot");
      const r = await cli(db.url, "invite", "create", "--role", "dean", "--unit", "МТФ", "--expires", "7d", "--json");
      expect(r.code, r.err).toBe(0);
      const j = JSON.parse(r.out);
      expect(j).toMatchObject({ role: "dean", scope: "МТФ" });
      expect(j.code).toMatch(/^[A-Za-z0-9_-]{16}$/);
      expect(j.link).toBe(`https://t.me/sapat_kstu_bot?start=${j.code}`);
      const days = (Date.parse(j.expiresAt) - Date.now()) / 86_400_000;
      expect(days).toBeGreaterThan(6.99);
      expect(days).toBeLessThanOrEqual(7);
      const stored = await prisma.invite.findFirstOrThrow({ where: { codeHash: hashCode(j.code) } });
      expect(JSON.stringify(stored)).not.toContain(j.code);

      // single use: the second redemption is refused and binds nothing
      const first = await redeemInvite(prisma, j.code, { telegramId: "42" });
      expect(first.ok).toBe(true);
      expect(await redeemInvite(prisma, j.code, { telegramId: "43" })).toEqual({ ok: false, reason: "used" });
      expect(await prisma.user.count({ where: { telegramId: "43" } })).toBe(0);
    });
  });

  it("refuses expired and unknown codes", async () => {
    await withPrisma(db.url, async (prisma) => {
      const r = JSON.parse((await cli(db.url, "invite", "create", "--role", "leader", "--expires", "1m", "--json")).out);
      expect(r.scope).toBe("institution");
      const later = new Date(Date.now() + 120_000);
      expect(await redeemInvite(prisma, r.code, { telegramId: "44" }, later)).toEqual({ ok: false, reason: "expired" });
      expect(await redeemInvite(prisma, "nope", { telegramId: "44" })).toEqual({ ok: false, reason: "unknown" });
    });
  });

  it("validates role, unit and expiry with a clear message", async () => {
    const en = (...a: string[]) => cli(db.url, "--lang", "en", "invite", "create", ...a);
    expect((await en("--role", "rector")).err).toContain("--role");
    expect((await en("--role", "dean")).err).toBe("Role dean needs --unit: the unit the user will see.");
    expect((await en("--role", "leader", "--unit", "МТФ")).err).toContain("sees the whole institution");
    expect((await en("--role", "dean", "--unit", "XYZ")).err).toMatch(/^Unit “XYZ” is not in the database\. Units: .*МТФ/);
    expect((await en("--role", "dean", "--unit", "МТФ", "--expires", "1y")).code).toBe(1);
    expect((await en("--role", "dean", "--unit", "МТФ", "--expires", "91d")).err).toContain("90d");
  });
});

describe("sapat users", () => {
  it("lists users and revokes one, keeping the record", async () => {
    const list = await cli(db.url, "--lang", "en", "users", "list", "--json");
    const users = JSON.parse(list.out);
    expect(users.map((u: { telegramId: string }) => u.telegramId)).toContain("42");
    const revoke = await cli(db.url, "--lang", "en", "users", "revoke", "42");
    expect(revoke.out).toBe("Access of 42 revoked (the record is kept).");
    const after = JSON.parse((await cli(db.url, "users", "list", "--json")).out);
    expect(after.find((u: { telegramId: string }) => u.telegramId === "42").revoked).not.toBe("");
    expect((await cli(db.url, "--lang", "en", "users", "revoke", "42")).code).toBe(1);
  });
});

describe("sapat bot configuration", () => {
  it("stops with one line naming a missing or malformed setting", async () => {
    const run = async (env: Record<string, string>) => {
      const { runCli } = await import("../../bot/cli/main.ts");
      const err: string[] = [];
      const code = await runCli(["--lang", "en", "--db", db.url, "bot"], { out: () => {}, err: (s) => err.push(s) }, env);
      return { code, err };
    };
    expect(await run({})).toEqual({ code: 1, err: ["Configuration error: TELEGRAM_BOT_TOKEN is missing"] });
    expect((await run({ TELEGRAM_BOT_TOKEN: "oops" })).err[0]).toMatch(
      /^Configuration error: TELEGRAM_BOT_TOKEN is not a bot token/,
    );
    expect((await run({ TELEGRAM_BOT_TOKEN: "1:abcdefghijkl", BOT_MODE: "hook" })).err[0]).toMatch(/BOT_MODE/);
    expect((await run({ TELEGRAM_BOT_TOKEN: "1:abcdefghijkl", BOT_MODE: "webhook" })).err[0]).toMatch(/WEBHOOK_URL/);
    expect(
      (
        await run({
          TELEGRAM_BOT_TOKEN: "1:abcdefghijkl",
          BOT_MODE: "webhook",
          WEBHOOK_URL: "https://x.example/tg",
          WEBHOOK_SECRET: "short",
        })
      ).err[0],
    ).toMatch(/WEBHOOK_SECRET/);
    expect((await run({ TELEGRAM_BOT_TOKEN: "1:abcdefghijkl", TELEGRAM_API_ROOT: "not a url" })).err[0]).toMatch(
      /TELEGRAM_API_ROOT/,
    );
  });
});
