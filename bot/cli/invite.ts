// sapat invite create|list / sapat users list|revoke: onboarding from the quality department's terminal.
import os from "node:os";
import type { Command } from "commander";
import { z } from "zod";
import { cleanName, ROLES } from "../../core/index.ts";
import { botUsername, type InviteRow, invitesOf, issueInvite, revoke, usersOf } from "../app/access/invites.ts";
import { findUnit } from "../app/structure/institution.ts";
import { dateTime, day } from "../present/format.ts";
import { alignColumns } from "../present/table.ts";
import { type CliContext, UserError } from "./context.ts";
import { registerGroupLinks } from "./invite-group.ts";
import { form, parseOptions } from "./options.ts";

const UNITS_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const MAX_EXPIRY_MS = 90 * UNITS_MS.d;

export const expires = z
  .string()
  .regex(/^\d+[mhd]$/, "e.g. 30m, 12h, 7d")
  .transform((s) => Number(s.slice(0, -1)) * UNITS_MS[s.slice(-1) as keyof typeof UNITS_MS])
  .refine((ms) => ms > 0 && ms <= MAX_EXPIRY_MS, "between 1m and 90d");

/** Units are required for deans, heads, teachers and students; leaders and admins see the institution. */
const NEEDS_UNIT = new Set(["dean", "head", "teacher", "student"]);

/** How many people one invite may let in: one, or a group (all department heads of a faculty). */
const MAX_USES = 1000;
/** Longest student group name, in characters ("ЭЭ-1-23", "ПОВТ(б)-2-21"). */
const GROUP_MAX = 40;

const USER_COLUMNS = ["telegramId", "name", "role", "scope", "language", "since", "revoked"] as const;
const INVITE_COLUMNS = ["created", "role", "scope", "uses", "expires", "status"] as const;

function printTable<C extends string>(ctx: CliContext, keys: string, columns: readonly C[], rows: Record<C, string>[]): void {
  const table = [columns.map((h) => ctx.t(`${keys}.${h}`)), ...rows.map((r) => columns.map((h) => r[h]))];
  for (const line of alignColumns(table).lines) ctx.io.out(line);
}

/** A whole number in [min, max] given as text, refused with a localized message. */
export const wholeIn = (min: number, max: number, message: string) =>
  z
    .string()
    .regex(/^\d+$/, message)
    .transform(Number)
    .refine((n) => n >= min && n <= max, message);

/** The invite's scope as people read it: the unit (or the institution), with a student's course, form and group. */
function scopeText(ctx: CliContext, i: Pick<InviteRow, "scope" | "course" | "form" | "groupName">): string {
  return [
    i.scope ?? "institution",
    i.course === null ? null : ctx.t("common.course", { course: i.course }),
    i.form === null ? null : ctx.t(`common.form.${i.form}`),
    i.groupName === null ? null : ctx.t("cli.invite.group", { group: i.groupName }),
  ]
    .filter((x) => x !== null)
    .join(", ");
}

export function registerInvite(program: Command, run: (action: (ctx: CliContext) => Promise<number>) => Promise<void>): void {
  const invite = program.command("invite").description("onboarding invites");
  invite
    .command("create")
    .description("create an invite code for one person (or --uses N people) and its t.me deep link")
    .requiredOption("--role <role>", ROLES.join(" | "))
    .option("--unit <code>", "the unit the user will see (with everything below it); not for leader/admin")
    .option("--expires <duration>", "how long the code is valid: 30m, 12h, 7d (at most 90d)", "7d")
    .option("--uses <n>", `how many people may join with it, each as a separate user: 1–${MAX_USES}`, "1")
    .option("--course <n>", "students: the course they are in, 1–6")
    .option("--form <form>", "students: full-time | part-time")
    .option("--group <name>", "students: their group")
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
            uses: wholeIn(1, MAX_USES, ctx.t("cli.invite.usesRange", { max: MAX_USES })),
            course: wholeIn(1, 6, ctx.t("cli.invite.courseRange")).optional(),
            form: form.optional(),
            group: z
              .string()
              .transform((s, c) => {
                const r = cleanName(s, GROUP_MAX);
                if (r.ok && r.value) return r.value;
                c.addIssue({ code: "custom", message: ctx.t("cli.invite.badGroup", { max: GROUP_MAX }) });
                return z.NEVER;
              })
              .optional(),
            institution: z.string().min(1).optional(),
            by: z.string().min(1).optional(),
            json: z.boolean().optional(),
          },
          raw,
        );
        if (o.role !== "student" && (o.course !== undefined || o.form !== undefined || o.group !== undefined))
          throw new UserError(ctx.t("cli.invite.studentOnly", { role: o.role }));
        if (NEEDS_UNIT.has(o.role) && !o.unit) throw new UserError(ctx.t("cli.invite.unitRequired", { role: o.role }));
        if (!NEEDS_UNIT.has(o.role) && o.unit) throw new UserError(ctx.t("cli.invite.noUnitForRole", { role: o.role }));
        const deps = await ctx.deps();
        const institution = await ctx.institution(o.institution);
        const found = o.unit ? await findUnit(deps.db, institution.id, o.unit) : null;
        if (found && !found.ok) throw ctx.problem(found.problem);
        const unit = found?.value ?? null;
        const student = { course: o.course ?? null, form: o.form ?? null, groupName: o.group ?? null };
        const { code, expiresAt } = await issueInvite(deps, {
          institutionId: institution.id,
          role: o.role,
          scopeUnitId: unit?.id ?? null,
          expiresInMs: o.expires,
          maxUses: o.uses,
          ...student,
          createdBy: o.by ?? `cli:${os.userInfo().username}`,
        });
        const bot = ctx.settings.TELEGRAM_BOT_USERNAME ?? (await botUsername(deps.db));
        const link = bot ? `https://t.me/${bot}?start=${code}` : null;
        if (o.json)
          ctx.io.out(
            JSON.stringify({
              code,
              link,
              role: o.role,
              scope: unit?.code ?? "institution",
              maxUses: o.uses,
              course: student.course,
              form: student.form,
              group: student.groupName,
              expiresAt: expiresAt.toISOString(),
            }),
          );
        else {
          const params = {
            role: o.role,
            scope: scopeText(ctx, { scope: unit?.code ?? null, ...student }),
            expiresAt: dateTime(expiresAt, ctx.lng),
            count: o.uses,
          };
          ctx.io.out(ctx.t(o.uses === 1 ? "cli.invite.created" : "cli.invite.createdForMany", params));
          ctx.io.out(link ?? ctx.t("cli.invite.noBotName", { code }));
        }
        return 0;
      }),
    );
  invite
    .command("list")
    .description("invites, newest first: role, scope, uses, expiry, status")
    .option("--institution <code>", "institution code")
    .option("--json", "print JSON")
    .action((raw: Record<string, unknown>) =>
      run(async (ctx) => {
        const o = parseOptions(ctx, { institution: z.string().min(1).optional(), json: z.boolean().optional() }, raw);
        const institution = await ctx.institution(o.institution);
        const invites = await invitesOf(await ctx.deps(), institution.id);
        if (o.json) {
          // named as `invite create --json` names them; instants in ISO (UTC)
          const rows = invites.map((i) => ({
            id: i.id,
            role: i.role,
            scope: i.scope ?? "institution",
            course: i.course,
            form: i.form,
            group: i.groupName,
            uses: i.uses,
            maxUses: i.maxUses,
            status: i.status,
            roster: i.roster,
            createdAt: i.createdAt.toISOString(),
            createdBy: i.createdBy,
            expiresAt: i.expiresAt.toISOString(),
          }));
          ctx.io.out(JSON.stringify(rows, null, 2));
        } else if (!invites.length) ctx.io.out(ctx.t("cli.invite.none"));
        else
          printTable(
            ctx,
            "cli.invite.columns",
            INVITE_COLUMNS,
            invites.map((i) => ({
              created: day(i.createdAt, ctx.lng),
              role: i.role,
              scope: scopeText(ctx, i),
              uses: `${i.uses}/${i.maxUses}`,
              expires: dateTime(i.expiresAt, ctx.lng),
              status: ctx.t(`cli.invite.status.${i.status}`),
            })),
          );
        return 0;
      }),
    );

  registerGroupLinks(invite, run);

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
        else printTable(ctx, "cli.users.columns", USER_COLUMNS, rows);
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
