// `sapat accreditation expiring|due|counts`, `sapat programmes list`, `sapat licences report`:
// the registry for the institution, or `--as` a bound user within their scope.
import type { Command } from "commander";
import { z } from "zod";
import { formatDay, INSTITUTION_ACCESS, roleCan } from "../../core/index.ts";
import { identify } from "../app/access/identify.ts";
import { accreditationRegistry } from "../app/accreditation/accreditation-registry.ts";
import { accreditationCounts, accreditationDue, licenceReport } from "../app/accreditation/accreditation-reports.ts";
import type { Actor } from "../app/deps.ts";
import { byUnit, countsLine, levelWord, registryJson, registryLine, windowText } from "../present/accreditation.ts";
import { pct } from "../present/format.ts";
import { type CliContext, UserError } from "./context.ts";
import { parseOptions } from "./options.ts";

type Run = (action: (ctx: CliContext) => Promise<number>) => Promise<void>;

const common = {
  institution: z.string().min(1).optional(),
  as: z.string().min(1).optional(),
  unit: z.string().min(1).optional(),
  json: z.boolean().optional(),
};

async function actorFor(ctx: CliContext, institutionCode: string | undefined, as: string | undefined): Promise<Actor> {
  const institution = await ctx.institution(institutionCode);
  if (!as) return { access: INSTITUTION_ACCESS, institution };
  const who = await identify(await ctx.db(), as);
  if (!who.access || who.institution?.id !== institution.id || !roleCan(who.access.role, "viewFigures"))
    throw new UserError(ctx.t("export.cli.unknownActor", { id: as }));
  return { access: who.access, institution };
}

const withCommon = (c: Command) =>
  c
    .option("--unit <unit>", "one unit and everything below it (code, name or alias)")
    .option("--as <telegramId>", "as this bound user, within their scope (default: the institution)")
    .option("--institution <code>", "institution code (default: the only one stored)")
    .option("--json", "print JSON");

export function registerAccreditation(program: Command, run: Run): void {
  const acc = program.command("accreditation").description("the accreditation registry: expiring, due in a year, counts");
  withCommon(
    acc
      .command("expiring")
      .description("programmes whose accreditation expires within a period, or has expired, soonest first")
      .option("--within <period>", "12m, 6m, 1y, 90d (default 12m)", "12m")
      .option("--on <day>", "judge on this day, DD.MM.YYYY or YYYY-MM-DD (default: today)")
      .option("--level <level>", "bachelor, master, … (or бакалавр, магистратура, …)")
      .option("--all", "every programme, valid and never accredited ones too"),
  ).action((raw: Record<string, unknown>) =>
    run(async (ctx) => {
      const o = parseOptions(
        ctx,
        { ...common, within: z.string(), on: z.string().optional(), level: z.string().optional(), all: z.boolean().optional() },
        raw,
      );
      const actor = await actorFor(ctx, o.institution, o.as);
      const r = await accreditationRegistry(await ctx.deps(), actor, {
        within: o.within,
        ...(o.on ? { on: o.on } : {}),
        ...(o.level ? { level: o.level } : {}),
        ...(o.unit ? { unit: o.unit } : {}),
        ...(o.all ? {} : { status: ["expiring", "expired"] }),
      });
      if (!r.ok) throw ctx.problem(r.problem);
      const { rows, counts, on, window } = r.value;
      if (o.json) {
        ctx.io.out(JSON.stringify({ programmes: rows.map((x) => registryJson(x, ctx.lng)), counts }, null, 2));
        return 0;
      }
      ctx.io.out(ctx.t("accreditation.expiringHead", { on: formatDay(on), within: windowText(window, ctx) }));
      if (!rows.length) ctx.io.out(ctx.t("accreditation.none"));
      for (const [unit, group] of byUnit(rows)) {
        ctx.io.out(`${unit}:`);
        for (const x of group) ctx.io.out(`  ${registryLine(x, ctx)}`);
      }
      ctx.io.out(countsLine(counts, ctx));
      return 0;
    }),
  );
  withCommon(
    acc
      .command("due")
      .description("what must be accredited in an academic year: expiring in it, expired before it, never accredited")
      .requiredOption("--year <year>", "academic year, e.g. 2026-2027"),
  ).action((raw: Record<string, unknown>) =>
    run(async (ctx) => {
      const o = parseOptions(ctx, { ...common, year: z.string() }, raw);
      const actor = await actorFor(ctx, o.institution, o.as);
      const r = await accreditationDue(await ctx.deps(), actor, { year: o.year, ...(o.unit ? { unit: o.unit } : {}) });
      if (!r.ok) throw ctx.problem(r.problem);
      const items = r.value.rows.map((d) => ({
        ...registryJson(
          { programme: d.programme, current: d.current, status: d.reason === "never" ? "never" : "expired", daysLeft: null },
          ctx.lng,
        ),
        reason: d.reason,
      }));
      if (o.json) {
        ctx.io.out(
          JSON.stringify({ year: r.value.year, programmes: items.map(({ daysLeft: _d, status: _s, ...rest }) => rest) }, null, 2),
        );
        return 0;
      }
      ctx.io.out(ctx.t("accreditation.dueHead", { year: r.value.year, count: items.length }));
      for (const [unit, group] of byUnit(r.value.rows)) {
        ctx.io.out(`${unit}:`);
        for (const d of group)
          ctx.io.out(
            `  ${d.programme.code} ${registryJson({ programme: d.programme, current: null, status: "never", daysLeft: null }, ctx.lng).name} (${levelWord(d.programme.level, ctx)}) — ${ctx.t(`accreditation.reason.${d.reason}`, { day: d.current ? formatDay(d.current.expiresOn) : "" })}`,
          );
      }
      return 0;
    }),
  );
  withCommon(acc.command("counts").description("accreditation decisions per agency × level × academic year")).action(
    (raw: Record<string, unknown>) =>
      run(async (ctx) => {
        const o = parseOptions(ctx, common, raw);
        const actor = await actorFor(ctx, o.institution, o.as);
        const r = await accreditationCounts(await ctx.deps(), actor, o.unit ? { unit: o.unit } : {});
        if (!r.ok) throw ctx.problem(r.problem);
        if (o.json) {
          ctx.io.out(JSON.stringify({ counts: r.value.counts }, null, 2));
          return 0;
        }
        ctx.io.out(ctx.t("accreditation.countsHead"));
        for (const c of r.value.counts) ctx.io.out(`  ${c.year}  ${c.agency}  ${levelWord(c.level, ctx)}: ${c.count}`);
        return 0;
      }),
  );

  const programmes = program.command("programmes").description("the programme registry");
  withCommon(
    programmes
      .command("list")
      .description("programmes with their level, unit and accreditation status")
      .option("--level <level>", "bachelor, master, …"),
  ).action((raw: Record<string, unknown>) =>
    run(async (ctx) => {
      const o = parseOptions(ctx, { ...common, level: z.string().optional() }, raw);
      const actor = await actorFor(ctx, o.institution, o.as);
      const r = await accreditationRegistry(await ctx.deps(), actor, {
        ...(o.unit ? { unit: o.unit } : {}),
        ...(o.level ? { level: o.level } : {}),
      });
      if (!r.ok) throw ctx.problem(r.problem);
      const rows = [...r.value.rows].sort(
        (a, b) => a.programme.unit.localeCompare(b.programme.unit) || a.programme.code.localeCompare(b.programme.code),
      );
      if (o.json) {
        ctx.io.out(
          JSON.stringify(
            {
              programmes: rows.map((x) => ({
                ...registryJson(x, ctx.lng),
                nameKy: x.programme.nameKy,
                nameRu: x.programme.nameRu,
                nameEn: x.programme.nameEn,
                forms: x.programme.forms,
                durationYears: x.programme.durationYears,
                leader: x.programme.leader,
              })),
            },
            null,
            2,
          ),
        );
        return 0;
      }
      for (const [unit, group] of byUnit(rows)) {
        ctx.io.out(`${unit}:`);
        for (const x of group) ctx.io.out(`  ${registryLine(x, ctx)}`);
      }
      ctx.io.out(countsLine(r.value.counts, ctx));
      return 0;
    }),
  );

  const licences = program.command("licences").description("licences of the registry's programmes");
  withCommon(
    licences
      .command("report")
      .description("applied / granted / not granted per year and level, and the licensed-programmes table")
      .option("--year <year>", "one academic year"),
  ).action((raw: Record<string, unknown>) =>
    run(async (ctx) => {
      const o = parseOptions(ctx, { ...common, year: z.string().optional() }, raw);
      const actor = await actorFor(ctx, o.institution, o.as);
      const r = await licenceReport(await ctx.deps(), actor, {
        ...(o.unit ? { unit: o.unit } : {}),
        ...(o.year ? { year: o.year } : {}),
      });
      if (!r.ok) throw ctx.problem(r.problem);
      if (o.json) {
        ctx.io.out(JSON.stringify({ totals: r.value.totals, counts: r.value.counts, table: r.value.table }, null, 2));
        return 0;
      }
      ctx.io.out(ctx.t("accreditation.licenceCountsHead"));
      for (const c of r.value.totals)
        ctx.io.out(
          `  ${c.year ?? "—"}  ${ctx.t("accreditation.allLevels")}: ${ctx.t("accreditation.licenceCount", { ...c, rate: pct(c.rate, ctx.lng) })}`,
        );
      for (const c of r.value.counts)
        ctx.io.out(
          `  ${c.year ?? "—"}  ${levelWord(c.level, ctx)}: ${ctx.t("accreditation.licenceCount", { ...c, rate: pct(c.rate, ctx.lng) })}`,
        );
      ctx.io.out(ctx.t("accreditation.licensedHead", { on: formatDay(r.value.on) }));
      for (const c of r.value.table)
        ctx.io.out(`  ${levelWord(c.level, ctx)} · ${ctx.t(`accreditation.basis.${c.basis}`)} · ${c.unit}: ${c.programmes}`);
      return 0;
    }),
  );
}
