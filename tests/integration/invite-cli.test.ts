import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "../../prisma/store/db.ts";
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

/** `sapat invite create … --json`, parsed; the run must succeed. */
async function createInvite(...args: string[]): Promise<{ code: string; maxUses: number; expiresAt: string }> {
  const r = await cli(db.url, "invite", "create", ...args, "--json");
  expect(r.code, r.err).toBe(0);
  return JSON.parse(r.out);
}

const inviteOf = (prisma: PrismaClient, code: string) =>
  prisma.invite.findUniqueOrThrow({ where: { codeHash: hashCode(code) }, include: { users: true } });

describe("multi-use invites (--uses)", () => {
  it("a --uses 3 code binds three different accounts, each a separate user with its role and scope, then refuses the fourth", async () => {
    await withPrisma(db.url, async (prisma) => {
      const inv = await createInvite("--role", "head", "--unit", "МТФ", "--uses", "3");
      expect(inv.maxUses).toBe(3);
      for (const id of ["301", "302", "303"]) {
        const r = await redeemInvite(prisma, inv.code, { telegramId: id, firstName: `Head ${id}` });
        expect(r).toMatchObject({ ok: true, already: false, user: { telegramId: id, role: "head", scopeUnit: { code: "МТФ" } } });
      }
      expect(await redeemInvite(prisma, inv.code, { telegramId: "304" })).toEqual({ ok: false, reason: "used" });
      expect(await prisma.user.count({ where: { telegramId: "304" } })).toBe(0);
      const stored = await inviteOf(prisma, inv.code);
      expect(stored).toMatchObject({ uses: 3, maxUses: 3, usedAt: expect.any(Date) });
      expect(stored.users.map((u) => u.telegramId).sort()).toEqual(["301", "302", "303"]);

      // users share the invite: the list still works, one row each
      const list = await cli(db.url, "users", "list", "--json");
      expect(list.code, list.err).toBe(0);
      const rows = JSON.parse(list.out) as { telegramId: string; role: string; scope: string }[];
      expect(rows.filter((u) => ["301", "302", "303"].includes(u.telegramId))).toEqual([
        expect.objectContaining({ telegramId: "301", role: "head", scope: "МТФ" }),
        expect.objectContaining({ telegramId: "302", role: "head", scope: "МТФ" }),
        expect.objectContaining({ telegramId: "303", role: "head", scope: "МТФ" }),
      ]);
      const table = await cli(db.url, "--lang", "en", "users", "list");
      expect(table.code, table.err).toBe(0);
      expect(table.out).toContain("Head 302");
    });
  });

  it("five accounts pressing a --uses 2 link at the same moment: exactly two are bound", async () => {
    await withPrisma(db.url, async (prisma) => {
      const inv = await createInvite("--role", "head", "--unit", "ЭТИ", "--uses", "2");
      const ids = ["311", "312", "313", "314", "315"];
      // one client, as the bot has
      const results = await Promise.all(ids.map((telegramId) => redeemInvite(prisma, inv.code, { telegramId })));
      expect(results.filter((r) => r.ok)).toHaveLength(2);
      expect(results.filter((r) => !r.ok)).toEqual([
        { ok: false, reason: "used" },
        { ok: false, reason: "used" },
        { ok: false, reason: "used" },
      ]);
      const stored = await inviteOf(prisma, inv.code);
      expect(stored.uses).toBe(2);
      expect(stored.users).toHaveLength(2);
      expect(await prisma.user.count({ where: { telegramId: { in: ids } } })).toBe(2);
    });
  });

  it("five separate connections pressing a --uses 2 link at the same moment: exactly two are bound", async () => {
    const inv = await createInvite("--role", "head", "--unit", "ЭТИ", "--uses", "2");
    const ids = ["321", "322", "323", "324", "325"];
    const results = await Promise.all(
      ids.map((telegramId) => withPrisma(db.url, (p) => redeemInvite(p, inv.code, { telegramId }))),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(2);
    expect(results.filter((r) => !r.ok && r.reason === "used")).toHaveLength(3);
    await withPrisma(db.url, async (prisma) => {
      const stored = await inviteOf(prisma, inv.code);
      expect(stored.uses).toBe(2);
      expect(stored.users).toHaveLength(2);
      expect(await prisma.user.count({ where: { telegramId: { in: ids } } })).toBe(2);
    });
  });

  it("the same account redeeming twice (a redelivered update) takes one use and is 'already' bound", async () => {
    await withPrisma(db.url, async (prisma) => {
      const inv = await createInvite("--role", "dean", "--unit", "МТФ", "--uses", "2");
      expect(await redeemInvite(prisma, inv.code, { telegramId: "331" })).toMatchObject({ ok: true, already: false });
      expect(await redeemInvite(prisma, inv.code, { telegramId: "331" })).toMatchObject({
        ok: true,
        already: true,
        user: { telegramId: "331", role: "dean" },
      });
      expect((await inviteOf(prisma, inv.code)).uses).toBe(1);
      // the second place is still there for someone else
      expect(await redeemInvite(prisma, inv.code, { telegramId: "332" })).toMatchObject({ ok: true, already: false });
      expect((await inviteOf(prisma, inv.code)).uses).toBe(2);
      // and the first account is still welcomed back once the code is used up
      expect(await redeemInvite(prisma, inv.code, { telegramId: "331" })).toMatchObject({ ok: true, already: true });
    });
  });

  it("an expired multi-use code is refused with places left, nothing bound", async () => {
    await withPrisma(db.url, async (prisma) => {
      const inv = await createInvite("--role", "head", "--unit", "МТФ", "--uses", "5", "--expires", "1h");
      expect(await redeemInvite(prisma, inv.code, { telegramId: "341" })).toMatchObject({ ok: true });
      const later = new Date(Date.now() + 2 * 3600_000);
      expect(await redeemInvite(prisma, inv.code, { telegramId: "342" }, later)).toEqual({ ok: false, reason: "expired" });
      expect(await prisma.user.count({ where: { telegramId: "342" } })).toBe(0);
      expect((await inviteOf(prisma, inv.code)).uses).toBe(1);
    });
  });

  it("carries a student invite's course, form and group onto each user", async () => {
    await withPrisma(db.url, async (prisma) => {
      const inv = await createInvite(
        "--role",
        "student",
        "--unit",
        "МТФ",
        "--uses",
        "30",
        "--course",
        "2",
        "--form",
        "part-time",
        "--group",
        " ЭЭ-1-23 ",
      );
      expect(inv).toMatchObject({ role: "student", scope: "МТФ", maxUses: 30, course: 2, form: "part-time", group: "ЭЭ-1-23" });
      for (const telegramId of ["351", "352"]) await redeemInvite(prisma, inv.code, { telegramId });
      const users = await prisma.user.findMany({ where: { telegramId: { in: ["351", "352"] } }, orderBy: { telegramId: "asc" } });
      expect(users).toEqual([
        expect.objectContaining({ telegramId: "351", role: "student", course: 2, form: "part-time", groupName: "ЭЭ-1-23" }),
        expect.objectContaining({ telegramId: "352", role: "student", course: 2, form: "part-time", groupName: "ЭЭ-1-23" }),
      ]);
    });
  });

  it("an account already in through another invite keeps its role on a group link and takes no place; a single-use code still rebinds", async () => {
    await withPrisma(db.url, async (prisma) => {
      const dean = await createInvite("--role", "dean", "--unit", "МТФ");
      expect(await redeemInvite(prisma, dean.code, { telegramId: "361" })).toMatchObject({ ok: true, already: false });
      const group = await createInvite("--role", "head", "--unit", "ЭТИ", "--uses", "2");
      expect(await redeemInvite(prisma, group.code, { telegramId: "361" })).toMatchObject({
        ok: true,
        already: true,
        user: { role: "dean", scopeUnit: { code: "МТФ" } },
      });
      expect((await inviteOf(prisma, group.code)).uses).toBe(0);
      expect(await prisma.user.findUnique({ where: { telegramId: "361" } })).toMatchObject({ role: "dean" });

      // revoked, the account may join with the group link (and takes a place)
      await prisma.user.update({ where: { telegramId: "361" }, data: { revokedAt: new Date() } });
      expect(await redeemInvite(prisma, group.code, { telegramId: "361" })).toMatchObject({
        ok: true,
        already: false,
        user: { role: "head", revokedAt: null, scopeUnit: { code: "ЭТИ" } },
      });
      expect((await inviteOf(prisma, group.code)).uses).toBe(1);
      // revoked again, the same group link does not let it back in
      await prisma.user.update({ where: { telegramId: "361" }, data: { revokedAt: new Date() } });
      expect(await redeemInvite(prisma, group.code, { telegramId: "361" })).toEqual({ ok: false, reason: "used" });
      expect((await inviteOf(prisma, group.code)).uses).toBe(1);

      // a single-use code is for its one recipient: it rebinds an active account, as before
      const other = await createInvite("--role", "head", "--unit", "МТФ");
      expect(await redeemInvite(prisma, other.code, { telegramId: "332" })).toMatchObject({
        ok: true,
        already: false,
        user: { role: "head", scopeUnit: { code: "МТФ" } },
      });
    });
  });

  it("refuses --uses outside 1..1000 and student fields for other roles, creating nothing", async () => {
    await withPrisma(db.url, async (prisma) => {
      const before = await prisma.invite.count();
      const en = (...a: string[]) => cli(db.url, "--lang", "en", "invite", "create", ...a);
      const zero = await en("--role", "head", "--unit", "МТФ", "--uses", "0");
      expect(zero).toMatchObject({ code: 1, out: "" });
      expect(zero.err).toBe("invalid “--uses”: “0” — a whole number from 1 to 1000");
      expect((await en("--role", "head", "--unit", "МТФ", "--uses", "1001")).err).toBe(
        "invalid “--uses”: “1001” — a whole number from 1 to 1000",
      );
      expect((await en("--role", "head", "--unit", "МТФ", "--uses", "two")).code).toBe(1);
      const course = await en("--role", "dean", "--unit", "МТФ", "--course", "2");
      expect(course).toMatchObject({ code: 1, out: "" });
      expect(course.err).toBe("--course, --form and --group are for --role student only, not for dean.");
      expect((await en("--role", "leader", "--group", "ЭЭ-1-23")).code).toBe(1);
      expect((await en("--role", "student", "--unit", "МТФ", "--course", "7")).err).toBe(
        "invalid “--course”: “7” — a course from 1 to 6",
      );
      expect((await en("--role", "student", "--unit", "МТФ", "--form", "evening")).err).toContain("--form");
      // in the user's language
      const ru = await cli(db.url, "--lang", "ru", "invite", "create", "--role", "head", "--unit", "МТФ", "--uses", "0");
      expect(ru.err).toBe("неверный «--uses»: “0” — целое число от 1 до 1000");
      const ky = await cli(db.url, "invite", "create", "--role", "dean", "--unit", "МТФ", "--course", "2");
      expect(ky.err).toContain("студенттер үчүн гана");
      expect(await prisma.invite.count()).toBe(before);
    });
  });

  it("says how many people can join and until when (ky, ru, en)", async () => {
    const at = (lng: string) =>
      cli(db.url, "--lang", lng, "invite", "create", "--role", "head", "--unit", "МТФ", "--uses", "14", "--expires", "7d");
    const en = await at("en");
    expect(en.out).toMatch(
      /^Invite created: head, МТФ, valid until \d{4}-\d\d-\d\d \d\d:\d\d \(Bishkek time\)\. Up to 14 people can join with it/,
    );
    expect((await at("ru")).out).toContain("могут присоединиться до 14 человек");
    expect((await at("ky")).out).toContain("14 кишиге чейин кошула алат");
    const single = await cli(db.url, "--lang", "en", "invite", "create", "--role", "head", "--unit", "МТФ");
    expect(single.out).toContain("It works once.");
  });
});

describe("sapat invite list", () => {
  it("lists invites newest first with role, scope, uses of max, expiry and status", async () => {
    const local = tempDatabaseUrl();
    try {
      const en = (...a: string[]) => cli(local.url, "--lang", "en", ...a);
      expect((await cli(local.url, "import", "units", `${DATA}/kstu-units.csv`)).code).toBe(0);
      expect((await en("invite", "list")).out).toBe("No invites.");
      const mk = async (...a: string[]) => JSON.parse((await en("invite", "create", ...a, "--json")).out) as { code: string };
      const used = await mk("--role", "dean", "--unit", "МТФ");
      const expired = await mk("--role", "leader", "--expires", "1m");
      const group = await mk("--role", "head", "--unit", "ИЭФ", "--uses", "14");
      await withPrisma(local.url, async (prisma) => {
        await redeemInvite(prisma, used.code, { telegramId: "401" });
        await redeemInvite(prisma, group.code, { telegramId: "402" });
        await prisma.invite.update({
          where: { codeHash: hashCode(expired.code) },
          data: { expiresAt: new Date(Date.now() - 1000) },
        });
      });
      const rows = JSON.parse((await en("invite", "list", "--json")).out);
      expect(rows.map((r: Record<string, unknown>) => [r.role, r.scope, r.uses, r.maxUses, r.status])).toEqual([
        ["head", "ИЭФ", 1, 14, "active"],
        ["leader", "institution", 0, 1, "expired"],
        ["dean", "МТФ", 1, 1, "used-up"],
      ]);
      const table = (await en("invite", "list")).out.split("\n");
      expect(table[0]).toMatch(/^Created\s+Role\s+Scope\s+Used\s+Valid until\s+Status$/);
      expect(table[1]).toMatch(/head\s+ИЭФ\s+1\/14\s+.*active$/);
      expect(table[2]).toMatch(/leader\s+institution\s+0\/1\s+.*expired$/);
      expect(table[3]).toMatch(/dean\s+МТФ\s+1\/1\s+.*used up$/);
      expect((await cli(local.url, "--lang", "ru", "invite", "list")).out).toContain("исчерпано");
    } finally {
      local.cleanup();
    }
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
