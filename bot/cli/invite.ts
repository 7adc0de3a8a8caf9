// sapat invite create / sapat users list|revoke: onboarding from the quality department's terminal.
import os from "node:os";
import type { Command } from "commander";
import { z } from "zod";
import { ROLES } from "../../core/index.ts";
import { botUsername, issueInvite, revoke, usersOf } from "../app/access/invites.ts";
import { findUnit } from "../app/structure/institution.ts";
import { dateTime, day } from "../present/format.ts";
import { alignColumns } from "../present/table.ts";
import { type CliContext, UserError } from "./context.ts";
import { parseOptions } from "./options.ts";

const UNITS_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const MAX_EXPIRY_MS = 90 * UNITS_MS.d;

const expires = z
  .string()
  .regex(/^\d+[mhd]$/, "e.g. 30m, 12h, 7d")
  .transform((s) => Number(s.slice(0, -1)) * UNITS_MS[s.slice(-1) as keyof typeof UNITS_MS])
  .refine((ms) => ms > 0 && ms <= MAX_EXPIRY_MS, "between 1m and 90d");

/** Units are required for deans, heads and students; leaders and admins see the institution. */
const NEEDS_UNIT = new Set(["dean", "head", "student"]);

const USER_COLUMNS = ["telegramId", "name", "role", "scope", "language", "since", "revoked"] as const;

function printTable(ctx: CliContext, rows: Record<(typeof USER_COLUMNS)[number], string>[]): void {
  const table = [USER_COLUMNS.map((h) => ctx.t(`cli.users.columns.${h}`)), ...rows.map((r) => USER_COLUMNS.map((h) => r[h]))];
  for (const line of alignColumns(table).lines) ctx.io.out(line);
}

export function registerInvite(program: Command, run: (action: (ctx: CliContext) => Promise<number>) => Promise<void>): void {
  program
    .command("invite")
    .description("onboarding invites")
    .command("create")
    .description("create a single-use invite code and its t.me deep link")
    .requiredOption("--role <role>", ROLES.join(" | "))
    .option("--unit <code>", "the unit the user will see (with everything below it); not for leader/admin")
    .option("--expires <duration>", "how long the code is valid: 30m, 12h, 7d (at most 90d)", "7d")
    .option("--institution <code>", "institution code")
    .option("--by <name>", "who creates it (default: the OS user)")
    .option("--json", "print one JSON object")
    .action((raw: Record<string, unknown>) =>
      run(async (ctx) => {
        const o = parseOptions(
          ctx,
          {
            role: z.enum(ROLES),
            unit: z.string().min(1).optional(),
            expires,
            institution: z.string().min(1).optional(),
            by: z.string().min(1).optional(),
            json: z.boolean().optional(),
          },
          raw,
        );
        if (NEEDS_UNIT.has(o.role) && !o.unit) throw new UserError(ctx.t("cli.invite.unitRequired", { role: o.role }));
        if (!NEEDS_UNIT.has(o.role) && o.unit) throw new UserError(ctx.t("cli.invite.noUnitForRole", { role: o.role }));
        const deps = await ctx.deps();
        const institution = await ctx.institution(o.institution);
        const found = o.unit ? await findUnit(deps.db, institution.id, o.unit) : null;
        if (found && !found.ok) throw ctx.problem(found.problem);
        const unit = found?.value ?? null;
        const { code, expiresAt } = await issueInvite(deps, {
          institutionId: institution.id,
          role: o.role,
          scopeUnitId: unit?.id ?? null,
          expiresInMs: o.expires,
          createdBy: o.by ?? `cli:${os.userInfo().username}`,
        });
        const bot = ctx.settings.TELEGRAM_BOT_USERNAME ?? (await botUsername(deps.db));
        const link = bot ? `https://t.me/${bot}?start=${code}` : null;
        const scope = unit?.code ?? "institution";
        if (o.json) ctx.io.out(JSON.stringify({ code, link, role: o.role, scope, expiresAt: expiresAt.toISOString() }));
        else {
          ctx.io.out(ctx.t("cli.invite.created", { role: o.role, scope, expiresAt: dateTime(expiresAt, ctx.lng) }));
          ctx.io.out(link ?? ctx.t("cli.invite.noBotName", { code }));
        }
        return 0;
      }),
    );

  const users = program.command("users").description("bot users");
  users
    .command("list")
    .option("--institution <code>", "institution code")
    .option("--json", "print JSON")
    .action((raw: Record<string, unknown>) =>
      run(async (ctx) => {
        const o = parseOptions(ctx, { institution: z.string().min(1).optional(), json: z.boolean().optional() }, raw);
        const institution = await ctx.institution(o.institution);
        const users = await usersOf(await ctx.db(), institution.id);
        // JSON keeps instants (ISO, UTC) for machines; the table shows Bishkek's days
        const when = (d: Date | null) => (d === null ? "" : o.json ? d.toISOString() : day(d, ctx.lng));
        const rows = users.map((u) => ({
          telegramId: u.telegramId,
          name: [u.firstName, u.username && `@${u.username}`].filter(Boolean).join(" "),
          role: u.role,
          scope: u.scopeUnit?.code ?? "institution",
          language: u.language ?? "",
          since: when(u.createdAt),
          revoked: when(u.revokedAt),
        }));
        if (o.json) ctx.io.out(JSON.stringify(rows, null, 2));
        else if (!rows.length) ctx.io.out(ctx.t("cli.users.none"));
        else printTable(ctx, rows);
        return 0;
      }),
    );
  users
    .command("revoke <telegramId>")
    .option("--by <name>", "who revokes (default: the OS user)")
    .action((telegramId: string, raw: Record<string, unknown>) =>
      run(async (ctx) => {
        const o = parseOptions(ctx, { by: z.string().min(1).optional() }, raw);
        const revoked = await revoke(await ctx.deps(), telegramId, o.by ?? `cli:${os.userInfo().username}`);
        if (!revoked) throw new UserError(ctx.t("cli.users.notFound", { telegramId }));
        ctx.io.out(ctx.t("cli.users.revoked", { telegramId }));
        return 0;
      }),
    );
}
