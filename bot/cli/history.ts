// sapat history / sapat revert: every version of a unit's session results, and an earlier
// version brought back as a new one.
import os from "node:os";
import type { Command } from "commander";
import { z } from "zod";
import { type ResultVersion, resultVersions, revertResult } from "../app/session/versions.ts";
import { dateTime } from "../present/format.ts";
import { refText } from "../present/result-ref.ts";
import type { CliContext } from "./context.ts";
import { EXIT_NEEDS_CONFIRMATION } from "./import.ts";
import { form, parseOptions, stage, term, year } from "./options.ts";
import { previewLines, valueText } from "./write-preview.ts";

type Run = (action: (ctx: CliContext) => Promise<number>) => Promise<void>;

const course = z.coerce.number().int().min(0).max(6);
const version = z.coerce.number().int().min(1);

function versionLines(v: ResultVersion, ctx: CliContext): string[] {
  const { t } = ctx;
  // Bishkek time, as every date a user reads
  const at = (d: Date) => dateTime(d, ctx.lng);
  const revert = /^revert:v(\d+)$/.exec(v.source);
  const source = revert ? t("history.revertSource", { version: revert[1] }) : v.source;
  const state = v.supersededAt ? t("history.superseded", { at: at(v.supersededAt) }) : t("history.current");
  const figures = Object.entries(v.figures)
    .map(([column, value]) => `${column} ${valueText(value, ctx)}`)
    .join(", ");
  return [`  v${v.version}  ${at(v.enteredAt)}  ${v.enteredBy}  ${source}  — ${state}`, `      ${figures}`];
}

function keyOptions(cmd: Command, required: boolean): Command {
  const add = (flags: string, text: string) => (required ? cmd.requiredOption(flags, text) : cmd.option(flags, text));
  add("--year <year>", "academic year, e.g. 2019-2020");
  add("--term <term>", "autumn | spring");
  add("--stage <stage>", "main | after-retakes");
  add("--form <form>", "full-time | part-time");
  return cmd
    .requiredOption("--unit <code>", "unit code")
    .option("--course <n>", "1–6, or 0 for all courses together")
    .option("--institution <code>", "institution code");
}

export function registerHistory(program: Command, run: Run): void {
  keyOptions(program.command("history").description("every stored version of a unit's session results"), false)
    .option("--json", "print one JSON object")
    .action((raw: Record<string, unknown>) =>
      run(async (ctx) => {
        const o = parseOptions(
          ctx,
          {
            unit: z.string().min(1),
            year: year.optional(),
            term: term.optional(),
            stage: stage.optional(),
            form: form.optional(),
            course: course.optional(),
            institution: z.string().min(1).optional(),
            json: z.boolean().optional(),
          },
          raw,
        );
        const { institution: code, json, ...req } = o;
        const history = await resultVersions(await ctx.db(), await ctx.institution(code), req);
        if (!history.ok) throw ctx.problem(history.problem);
        if (json) {
          ctx.io.out(JSON.stringify({ unit: o.unit, results: history.value }, null, 2));
          return 0;
        }
        if (!history.value.length) ctx.io.out(ctx.t("history.none", { unit: o.unit }));
        for (const r of history.value) {
          ctx.io.out(refText(ctx, r.what));
          for (const v of r.versions) for (const line of versionLines(v, ctx)) ctx.io.out(line);
        }
        return 0;
      }),
    );

  keyOptions(program.command("revert").description("bring back an earlier version of a result, as a new version"), true)
    .requiredOption("--to-version <n>", "the version whose figures become current again")
    .option("--by <name>", "who reverts (default: the OS user)")
    .option("--yes", "write it (without it the change is only shown)")
    .option("--json", "print one JSON object")
    .action((raw: Record<string, unknown>) =>
      run(async (ctx) => {
        const o = parseOptions(
          ctx,
          {
            unit: z.string().min(1),
            year,
            term,
            stage,
            form,
            course: course.optional(),
            toVersion: version,
            institution: z.string().min(1).optional(),
            by: z.string().min(1).optional(),
            yes: z.boolean().optional(),
            json: z.boolean().optional(),
          },
          raw,
        );
        const { institution: code, by, yes, json, ...key } = o;
        const outcome = await revertResult(await ctx.db(), await ctx.institution(code), {
          ...key,
          course: key.course ?? 0,
          enteredBy: by ?? `cli:${os.userInfo().username}`,
          ...(yes ? { confirm: true as const } : {}),
        });
        if (!outcome.ok) throw ctx.problem(outcome.problem);
        const r = outcome.value;
        const exit = r.status === "written" ? 0 : EXIT_NEEDS_CONFIRMATION;
        if (json) {
          ctx.io.out(JSON.stringify(r, null, 2));
          return exit;
        }
        for (const line of previewLines(r.preview, ctx, "history.changedTitle")) ctx.io.out(line);
        if (r.status === "pending") ctx.io.err(ctx.t("history.confirmHint"));
        else if (r.tally.corrected) ctx.io.out(ctx.t("history.reverted", { version: o.toVersion }));
        else ctx.io.out(ctx.t("history.sameFigures", { version: o.toVersion }));
        return exit;
      }),
    );
}
