// Figures as reports printed them: total lines (to check against) and percentages with no
// counts behind them (earlier years, practice rates).
import { z } from "zod";
import { FORMS, type PublishedPercent, type PublishedTotalLine, STAGES, TERMS, type Term } from "../../core/index.ts";
import type { Unit } from "../generated/client.ts";
import {
  type Db,
  type ImportProvenance,
  inImportBatch,
  type PrismaClient,
  type WriteOutcome,
  type WriteTally,
  writeVersioned,
} from "./db.ts";
import { ensureUnits } from "./institutions.ts";

export type PrintedTotal = PublishedTotalLine & { year: string; term: Term };

export const FIGURE_METRICS = ["absolute", "practice"] as const;
export type FigureMetric = (typeof FIGURE_METRICS)[number];

export async function saveTotals(
  db: PrismaClient,
  institutionId: number,
  rows: readonly PrintedTotal[],
  meta: ImportProvenance,
): Promise<WriteTally> {
  return inImportBatch(db, { institutionId, kind: "totals", rowsRead: rows.length, meta }, async (tx, importId) => {
    const outcomes: WriteOutcome[] = [];
    for (const r of rows) {
      const key = { institutionId, year: r.year, term: r.term, stage: r.stage, scope: r.scope };
      const figures = {
        enrolled: r.enrolled,
        admitted: r.admitted,
        passedAll: r.passedAll,
        absoluteReported: r.absolute,
        debtorsReported: r.debtors,
        debtorShareReported: r.debtorShare,
      };
      outcomes.push(
        await writeVersioned({
          current: () => tx.publishedTotal.findFirst({ where: { ...key, supersededAt: null } }),
          same: (cur) => Object.entries(figures).every(([k, v]) => cur[k as keyof typeof figures] === v),
          supersede: (cur) => tx.publishedTotal.update({ where: { id: cur.id }, data: { supersededAt: new Date() } }),
          create: (version) =>
            tx.publishedTotal.create({
              data: { ...key, ...figures, version, source: meta.source, enteredBy: meta.enteredBy, importId },
            }),
        }),
      );
    }
    return outcomes;
  });
}

const period = z.object({ term: z.enum(TERMS), stage: z.enum(STAGES) });

export async function loadTotals(
  db: Db,
  institutionId: number,
  where: { year?: string; term?: Term } = {},
): Promise<PrintedTotal[]> {
  const rows = await db.publishedTotal.findMany({
    where: { institutionId, supersededAt: null, ...where },
    orderBy: { id: "asc" },
  });
  return rows.map((r) => ({
    ...period.parse(r),
    year: r.year,
    scope: r.scope,
    enrolled: r.enrolled,
    admitted: r.admitted,
    passedAll: r.passedAll,
    absolute: r.absoluteReported,
    debtors: r.debtorsReported,
    debtorShare: r.debtorShareReported,
  }));
}

export async function saveFigures(
  db: PrismaClient,
  institutionId: number,
  metric: FigureMetric,
  rows: readonly PublishedPercent[],
  meta: ImportProvenance,
): Promise<WriteTally> {
  return inImportBatch(db, { institutionId, kind: `figures:${metric}`, rowsRead: rows.length, meta }, async (tx, importId) => {
    const { units } = await ensureUnits(
      tx,
      institutionId,
      rows.map((r) => ({ code: r.unit })),
    );
    const outcomes: WriteOutcome[] = [];
    for (const r of rows) {
      const unit = units.get(r.unit) as Unit;
      const key = { unitId: unit.id, metric, year: r.year, term: r.term, stage: r.stage, form: r.form };
      outcomes.push(
        await writeVersioned({
          current: () => tx.publishedFigure.findFirst({ where: { ...key, supersededAt: null } }),
          same: (cur) => cur.value === r.value,
          supersede: (cur) => tx.publishedFigure.update({ where: { id: cur.id }, data: { supersededAt: new Date() } }),
          create: (version) =>
            tx.publishedFigure.create({
              data: { ...key, institutionId, value: r.value, version, source: meta.source, enteredBy: meta.enteredBy, importId },
            }),
        }),
      );
    }
    return outcomes;
  });
}

const figureKey = z.object({
  term: z.union([z.enum(TERMS), z.literal("")]),
  stage: z.union([z.enum(STAGES), z.literal("")]),
  form: z.union([z.enum(FORMS), z.literal("")]),
});

/** Years with published figures of a metric, newest first (grouped in the database). */
export async function figureYears(db: Db, institutionId: number, metric: FigureMetric): Promise<string[]> {
  const rows = await db.publishedFigure.groupBy({ by: ["year"], where: { institutionId, metric, supersededAt: null } });
  return rows.map((r) => r.year).sort((a, b) => b.localeCompare(a));
}

export async function loadFigures(
  db: Db,
  institutionId: number,
  metric: FigureMetric,
  filter: { years?: readonly string[]; unitIds?: readonly number[] } = {},
): Promise<PublishedPercent[]> {
  const rows = await db.publishedFigure.findMany({
    where: {
      institutionId,
      metric,
      supersededAt: null,
      ...(filter.years ? { year: { in: [...filter.years] } } : {}),
      ...(filter.unitIds ? { unitId: { in: [...filter.unitIds] } } : {}),
    },
    include: { unit: true },
    orderBy: { id: "asc" },
  });
  return rows.map((r) => ({ ...figureKey.parse(r), unit: r.unit.code, year: r.year, value: r.value }));
}
