// sapat invite group: one join link per roster group (or every group) for the dean's office
// to hand out — as text, --json, or a --csv file —; sapat invite revoke: a link taken back.
import { writeFileSync } from "node:fs";
import os from "node:os";
import type { Command } from "commander";
import { z } from "zod";
import { botUsername } from "../app/access/invites.ts";
import { type GroupLink, issueGroupLinks, MAX_LINK_USES, revokeLink } from "../app/roster/group-links.ts";
import { dateTime } from "../present/format.ts";
import { type CliContext, UserError } from "./context.ts";
import { expires, wholeIn } from "./invite.ts";
import { parseOptions } from "./options.ts";

const CSV_COLUMNS = ["group", "unit", "course", "form", "students", "uses", "expires", "link"] as const;

/** A CSV cell as Excel reads it: quoted when it holds a separator, a quote or a line break. */
const cell = (v: string | number) => {
  const s = String(v);
  return /[",;\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

const linkOf = (bot: string | null, code: string) => (bot ? `https://t.me/${bot}?start=${code}` : null);

function writeCsv(ctx: CliContext, file: string, links: readonly GroupLink[], bot: string | null): void {
  const rows = links.map((l) =>
    [
      l.group,
      l.unit,
      l.course,
      ctx.t(`common.form.${l.form}`),
      l.students,
      l.maxUses,
      dateTime(l.expiresAt, ctx.lng),
      linkOf(bot, l.code) ?? `/start ${l.code}`,
    ]
      .map(cell)
      .join(","),
  );
  // a BOM so Excel opens the Cyrillic group names as UTF-8
  const text = `\uFEFF${[CSV_COLUMNS.join(","), ...rows].join("\r\n")}\r\n`;
  try {
    writeFileSync(file, text);
  } catch {
    throw new UserError(ctx.t("cli.roster.csvUnwritable", { file }));
  }
}

export function registerGroupLinks(invite: Command, run: (action: (ctx: CliContext) => Promise<number>) => Promise<void>): void {
  invite
    .command("group")
    .description("a join link for a roster group (or --all-groups): students give their student id")
    .option("--group <name>", "the group, as the roster names it")
    .option("--all-groups", "one link for every group of the roster")
    .option("--uses <n>", `how many may join with each link, 1–${MAX_LINK_USES} (default: the group's size and 10% more)`)
    .option("--expires <duration>", "how long the links are valid: 30m, 12h, 14d (at most 90d)", "14d")
    .option("--csv <file>", "also write the links to a CSV file to hand out")
    .option("--institution <code>", "institution code")
    .option("--by <name>", "who creates them (default: the OS user)")
    .option("--json", "print JSON: one object per link")
    .action((raw: Record<string, unknown>) =>
      run(async (ctx) => {
        const o = parseOptions(
          ctx,
          {
            group: z.string().trim().min(1).optional(),
            allGroups: z.boolean().optional(),
            uses: wholeIn(1, MAX_LINK_USES, ctx.t("cli.invite.usesRange", { max: MAX_LINK_USES })).optional(),
            expires,
            csv: z.string().min(1).optional(),
            institution: z.string().min(1).optional(),
            by: z.string().min(1).optional(),
            json: z.boolean().optional(),
          },
          raw,
        );
        if (Boolean(o.group) === Boolean(o.allGroups)) throw new UserError(ctx.t("cli.roster.groupOrAll"));
        const deps = await ctx.deps();
        const institution = await ctx.institution(o.institution);
        const issued = await issueGroupLinks(deps, {
          institutionId: institution.id,
          groups: o.allGroups ? "all" : [o.group as string],
          ...(o.uses ? { uses: o.uses } : {}),
          expiresInMs: o.expires,
          createdBy: o.by ?? `cli:${os.userInfo().username}`,
        });
        if (!issued.ok) throw ctx.problem(issued.problem);
        const bot = ctx.settings.TELEGRAM_BOT_USERNAME ?? (await botUsername(deps.db));
        const links = issued.value;
        if (o.csv) writeCsv(ctx, o.csv, links, bot);
        if (o.json)
          ctx.io.out(
            JSON.stringify(
              links.map((l) => ({
                inviteId: l.inviteId,
                group: l.group,
                unit: l.unit,
                course: l.course,
                form: l.form,
                students: l.students,
                joined: l.bound,
                maxUses: l.maxUses,
                code: l.code,
                link: linkOf(bot, l.code),
                expiresAt: l.expiresAt.toISOString(),
              })),
              null,
              2,
            ),
          );
        else
          for (const l of links) {
            const params = {
              group: l.group,
              unit: l.unit,
              course: l.course,
              form: ctx.t(`common.form.${l.form}`),
              students: l.students,
              count: l.maxUses,
              expiresAt: dateTime(l.expiresAt, ctx.lng),
            };
            ctx.io.out(ctx.t("cli.roster.link", params));
            ctx.io.out(`  ${linkOf(bot, l.code) ?? ctx.t("cli.invite.noBotName", { code: l.code })}`);
          }
        if (o.csv) ctx.io.err(ctx.t("cli.roster.csvWritten", { file: o.csv, count: links.length }));
        return 0;
      }),
    );
  invite
    .command("revoke <id>")
    .description("take an invite back before it expires (its id: `sapat invite list --json`)")
    .option("--institution <code>", "institution code")
    .action((id: string, raw: Record<string, unknown>) =>
      run(async (ctx) => {
        const o = parseOptions(ctx, { institution: z.string().min(1).optional() }, raw);
        if (!/^\d{1,9}$/.test(id)) throw new UserError(ctx.t("cli.roster.noInvite", { id }));
        const institution = await ctx.institution(o.institution);
        if (!(await revokeLink(await ctx.deps(), institution.id, Number(id))))
          throw new UserError(ctx.t("cli.roster.noInvite", { id }));
        ctx.io.out(ctx.t("cli.roster.revoked", { id }));
        return 0;
      }),
    );
}
