// sapat audit: the audit log — written and refused writes with who, when, from which chat and
// why; sapat practice submit: a practice figure typed in the command line, through the same
// use case as the bot's entry (shown first; --yes writes it).
import os from "node:os";
import type { Command } from "commander";
import { z } from "zod";
import { problem as makeProblem, type Problem, type ProblemParam } from "../../core/index.ts";
import { type AuditLine, auditLog } from "../app/entry/audit-log.ts";
import { checkPractice, submitPractice } from "../app/practice/submit-practice.ts";
import { dateTime, pct, signed } from "../present/format.ts";
import { problemText } from "../present/problem.ts";
import type { CliContext } from "./context.ts";
import { EXIT_NEEDS_CONFIRMATION } from "./import.ts";
import { parseOptions } from "./options.ts";

type Run = (action: (ctx: CliContext) => Promise<number>) => Promise<void>;

/** A refusal's reason in words: its problem code with the parameters the line kept. */
function reasonText(l: AuditLine, ctx: CliContext): string | null {
  if (!l.reason) return null;
  const params = Object.fromEntries(
    Object.entries(l.detail).filter(
      (e): e is [string, ProblemParam] => ["string", "number"].includes(typeof e[1]) || e[1] === null,
    ),
  );
  const p: Problem = makeProblem(l.reason, params);
  const text = problemText(p, ctx);
  return text === `problems.${l.reason}` ? l.reason : text;
}

function who(l: AuditLine): string {
  const p = l.person;
  if (!p?.firstName && !p?.username) return l.actor;
  return `${p.firstName ?? ""}${p.username ? ` @${p.username}` : ""} (${l.actor})`.trim();
}

function auditText(l: AuditLine, ctx: CliContext): string {
  const reason = reasonText(l, ctx);
  return ctx.t("audit.line", {
    at: dateTime(l.at, ctx.lng),
    outcome: ctx.t(`audit.${l.outcome}`),
    action: l.action,
    target: l.target,
    who: who(l),
    chat: l.chatId ? ctx.t("audit.chat", { chat: l.chatId }) : "",
    reason: reason ? ctx.t("audit.reason", { reason }) : "",
  });
}

function registerAuditList(program: Command, run: Run): void {
  program
    .command("audit")
    .description("the audit log: every write and every refused write, newest first")
    .option("--unit <code>", "a unit and everything below it")
    .option("--take <n>", "how many lines (default 50)")
    .option("--institution <code>", "institution code")
    .option("--json", "print one JSON object")
    .action((raw: Record<string, unknown>) =>
      run(async (ctx) => {
        const o = parseOptions(
          ctx,
          {
            unit: z.string().min(1).optional(),
            take: z.coerce.number().int().min(1).max(10_000).optional(),
            institution: z.string().min(1).optional(),
            json: z.boolean().optional(),
          },
          raw,
        );
        const lines = await auditLog(await ctx.db(), await ctx.institution(o.institution), {
          ...(o.unit ? { unit: o.unit } : {}),
          ...(o.take ? { take: o.take } : {}),
        });
        if (!lines.ok) throw ctx.problem(lines.problem);
        if (o.json) {
          const json = lines.value.map((l) => ({ ...l, at: l.at.toISOString(), reasonText: reasonText(l, ctx) }));
          ctx.io.out(JSON.stringify({ lines: json }, null, 2));
          return 0;
        }
        if (!lines.value.length) ctx.io.out(ctx.t("audit.none"));
        for (const l of lines.value) ctx.io.out(auditText(l, ctx));
        return 0;
      }),
    );
}

function registerPracticeSubmit(program: Command, run: Run): void {
  program
    .command("practice")
    .description("practice completion figures")
    .command("submit")
    .description("store one unit's practice figure (shown first; --yes writes it, as a new version)")
    .requiredOption("--unit <code>", "the unit (usually a department)")
    .requiredOption("--kind <kind>", "introductory | educational-production | production | pre-diploma (or ky/ru words)")
    .requiredOption("--assigned <n>", "students assigned")
    .requiredOption("--completed <n>", "students who completed (report accepted)")
    .option("--year <year>", "academic year (default: the one in progress)")
    .option("--by <name>", "who enters it (default: the OS user)")
    .option("--yes", "write it")
    .option("--institution <code>", "institution code")
    .action((raw: Record<string, unknown>) =>
      run(async (ctx) => {
        const o = parseOptions(
          ctx,
          {
            unit: z.string().min(1),
            kind: z.string().min(1),
            assigned: z.string(),
            completed: z.string(),
            year: z.string().optional(),
            by: z.string().min(1).optional(),
            yes: z.boolean().optional(),
            institution: z.string().min(1).optional(),
          },
          raw,
        );
        const institution = await ctx.institution(o.institution);
        // the command line is the quality department's: the whole institution
        const who = {
          access: { role: "admin" as const, scope: { kind: "institution" as const } },
          institution,
          telegramId: `cli:${o.by ?? os.userInfo().username}`,
          chatId: null,
        };
        const input = { unit: o.unit, year: o.year ?? null, kind: o.kind, assigned: o.assigned, completed: o.completed };
        const deps = await ctx.deps();
        const summary = await checkPractice(deps, who, input);
        if (!summary.ok) throw ctx.problem(summary.problem);
        const s = summary.value;
        ctx.io.out(`${s.unit} · ${s.year} · ${s.kind}: ${s.completed}/${s.assigned} = ${pct(s.rate, ctx.lng)}`);
        if (s.previousRate !== null) ctx.io.out(`  ${pct(s.previousRate, ctx.lng)} → ${signed(s.changePp, ctx.lng)}`);
        if (s.unusual) ctx.io.err(`⚠️ ${problemText(s.unusual, ctx)}`);
        if (!o.yes) {
          ctx.io.err(ctx.t("audit.submitHint"));
          return EXIT_NEEDS_CONFIRMATION;
        }
        const saved = await submitPractice(deps, who, input);
        if (!saved.ok) throw ctx.problem(saved.problem);
        // only a dialogue's confirmation claims anything; the command line has none to lose
        if (saved.value === "already") return 0;
        const key = saved.value.tally.unchanged ? "audit.submittedSame" : "audit.submitted";
        ctx.io.out(ctx.t(key, { version: saved.value.version }));
        return 0;
      }),
    );
}

export function registerAudit(program: Command, run: Run): void {
  registerAuditList(program, run);
  registerPracticeSubmit(program, run);
}
