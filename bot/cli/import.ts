import { existsSync } from "node:fs";
import os from "node:os";
import type { Command } from "commander";
import { z } from "zod";
import { FIGURE_METRICS, type ImportKind, type ImportOutcome, importFile } from "../app/imports/import-file.ts";
import { problemText } from "../present/problem.ts";
import { type CliContext, UserError } from "./context.ts";
import { registerRosterImport } from "./import-roster.ts";
import { form, parseOptions, term } from "./options.ts";
import { previewLines } from "./write-preview.ts";

/** Exit code of an import or revert that wrote nothing because changes to stored figures wait for --yes. */
export const EXIT_NEEDS_CONFIRMATION = 2;

export const exitCodeOf = (o: { status: ImportOutcome["status"] }) =>
  o.status === "written" ? 0 : o.status === "pending" ? EXIT_NEEDS_CONFIRMATION : 1;

const ENCODING_NAMES = { "utf-8": "UTF-8", "utf-16le": "UTF-16", "utf-16be": "UTF-16", "windows-1251": "Windows-1251" } as const;

export function printImportOutcome(ctx: CliContext, o: ImportOutcome): void {
  const { t } = ctx;
  if (o.status === "rejected") {
    ctx.io.err(t("import.rejected", { file: o.file }));
    // line 0 is about the file as a whole
    for (const i of o.issues)
      ctx.io.err(`  ${i.line ? t("import.issue", { line: i.line, message: problemText(i, ctx) }) : problemText(i, ctx)}`);
    if (o.issues.some((i) => i.code.startsWith("unitNotStored"))) ctx.io.err(t("import.createUnitsHint"));
    return;
  }
  if (o.encoding && o.encoding !== "utf-8")
    ctx.io.out(t("import.encoding", { file: o.file, encoding: ENCODING_NAMES[o.encoding] }));
  if ("kind" in o) {
    ctx.io.out(t("import.doneUnits", { file: o.file, read: o.read, ...o.tally }));
    return;
  }
  if (o.status === "written") {
    ctx.io.out(t("import.done", { file: o.file, read: o.read, ...o.tally }));
    if (o.preview.newUnits.length) ctx.io.out(t("import.newUnits", { units: o.preview.newUnits.join(", ") }));
    return;
  }
  const p = o.preview;
  ctx.io.out(
    t("import.pending", { file: o.file, read: o.read, added: p.added.length, changed: p.changed.length, unchanged: p.unchanged }),
  );
  for (const line of previewLines(p, ctx)) ctx.io.out(line);
  ctx.io.err(t("import.confirmHint"));
}

/** --json: the outcome as the use case gives it, each issue and warning with its sentence. */
export function importJson(o: ImportOutcome, ctx: CliContext) {
  if (o.status === "rejected") return { ...o, issues: o.issues.map((i) => ({ ...i, message: problemText(i, ctx) })) };
  if ("kind" in o) return o;
  const changed = o.preview.changed.map((c) => ({
    ...c,
    warnings: c.warnings.map((w) => ({ ...w, message: problemText(w, ctx) })),
  }));
  return { ...o, preview: { ...o.preview, changed } };
}

export function registerImport(program: Command, run: (action: (ctx: CliContext) => Promise<number>) => Promise<void>): Command {
  const cmd = program
    .command("import")
    .description(
      "import a published report, CSV or XLSX (session results, totals, figures, practice counts), the units file or the student roster",
    );
  for (const kind of ["session", "totals", "figures", "practice", "units"] as const) {
    const sub = cmd
      .command(`${kind} <file>`)
      .option("--institution <code>", "institution code (default: the only one stored)")
      .option("--by <name>", "who enters the data (default: the OS user)")
      .option("--json", "print the outcome (and the preview) as one JSON object");
    // the units file is structure, updated in place: no versions to confirm, it creates units itself
    if (kind !== "units")
      sub.option("--yes", "write changes to stored figures (without it they are only shown, and nothing is written)");
    if (kind === "session" || kind === "figures" || kind === "practice")
      sub.option("--create-units", "create the units the file names that are not stored yet");
    if (kind === "figures")
      sub
        .requiredOption("--metric <metric>", `what the percentages are: ${FIGURE_METRICS.join(" | ")}`)
        .option("--term <term>", "autumn | spring, when the figures are for one term")
        .option("--form <form>", "full-time | part-time, when the figures are for one form");
    sub.action((file: string, raw: Record<string, unknown>) =>
      run(async (ctx) => {
        const opts = parseOptions(
          ctx,
          {
            institution: z.string().min(1).optional(),
            by: z.string().min(1).optional(),
            metric: z.enum(FIGURE_METRICS).optional(),
            term: term.optional(),
            form: form.optional(),
            createUnits: z.boolean().optional(),
            yes: z.boolean().optional(),
            json: z.boolean().optional(),
          },
          raw,
        );
        if (!existsSync(file)) throw new UserError(ctx.t("cli.fileNotFound", { file }));
        const institution = await ctx.institution(opts.institution);
        const outcome = await importFile(await ctx.db(), {
          kind: kind as ImportKind,
          file,
          institutionId: institution.id,
          enteredBy: opts.by ?? `cli:${os.userInfo().username}`,
          createUnits: opts.createUnits ?? false,
          ...(opts.yes ? { confirm: true as const } : {}),
          ...(opts.metric ? { metric: opts.metric } : {}),
          ...(opts.term ? { term: opts.term } : {}),
          ...(opts.form ? { form: opts.form } : {}),
        });
        if (opts.json) ctx.io.out(JSON.stringify(importJson(outcome, ctx), null, 2));
        else printImportOutcome(ctx, outcome);
        return exitCodeOf(outcome);
      }),
    );
  }
  registerRosterImport(cmd, run);
  return cmd;
}
