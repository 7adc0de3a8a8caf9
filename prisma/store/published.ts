// Figures as reports printed them: total lines (to check against) and percentages with no
// counts behind them (earlier years, practice rates).
import { z } from "zod";
import { FORMS, type PublishedPercent, type PublishedTotalLine, STAGES, TERMS, type Term } from "../../core/index.ts";
import type { Unit } from "../generated/client.ts";
import {
  type Db,
  type ImportOptions,
  type ImportProvenance,
  inImportBatch,
  insertRows,
  type PrismaClient,
  type WriteTally,
  writeVersionedBatch,
} from "./db.ts";
import { importUnits } from "./institutions.ts";

export type PrintedTotal = PublishedTotalLine & { year: string; term: Term };

export const FIGURE_METRICS = ["absolute", "practice"] as const;
export type FigureMetric = (typeof FIGURE_METRICS)[number];

export async function saveTotals(
  db: PrismaClient,
  institutionId: number,
  rows: readonly PrintedTotal[],
  meta: ImportProvenance,
  options: Pick<ImportOptions, "review"> = {},
): Promise<WriteTally & { importId: number }> {
  const keyOf = (r: { year: string; term: string; stage: string; scope: string }) => `${r.year}|${r.term}|${r.stage}|${r.scope}`;
  const shaped = rows.map((r) => ({
    key: { institutionId, year: r.year, term: r.term, stage: r.stage, scope: r.scope },
    figures: {
      enrolled: r.enrolled,
      admitted: r.admitted,
      passedAll: r.passedAll,
      absoluteReported: r.absolute,
      debtorsReported: r.debtors,
      debtorShareReported: r.debtorShare,
    },
  }));
  const years = [...new Set(rows.map((r) => r.year))];
  return inImportBatch(db, { institutionId, kind: "totals", rowsRead: rows.length, meta }, async ({ tx, importId, at }) =>
    writeVersionedBatch(
      shaped.map(({ key, figures }) => ({
        key: keyOf(key),
        figures,
        row: (version: number) => ({
          ...key,
          ...figures,
          version,
          source: meta.source,
          enteredBy: meta.enteredBy,
          enteredAt: at,
          importId,
        }),
      })),
      {
        current: await tx.publishedTotal.findMany({ where: { institutionId, year: { in: years }, supersededAt: null } }),
        keyOf,
        supersede: (ids) => tx.publishedTotal.updateMany({ where: { id: { in: ids } }, data: { supersededAt: at } }),
        insert: (fresh) => insertRows(tx, "PublishedTotal", fresh),
        review: (plan) => options.review?.({ ...plan, newUnits: [] }),
      },
    ),
  );
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
  /** unit null: the institution's own total line */
  rows: readonly (Omit<PublishedPercent, "unit"> & { unit: string | null })[],
  meta: ImportProvenance,
  options: ImportOptions,
): Promise<WriteTally & { importId: number; newUnits: string[] }> {
  const keyOf = (r: { unitId: number | null; year: string; term: string; stage: string; form: string }) =>
    `${r.unitId}|${r.year}|${r.term}|${r.stage}|${r.form}`;
  const years = [...new Set(rows.map((r) => r.year))];
  let newUnits: string[] = [];
  const tally = await inImportBatch(
    db,
    { institutionId, kind: `figures:${metric}`, rowsRead: rows.length, meta },
    async ({ tx, importId, at }) => {
      const { units, created } = await importUnits(
        tx,
        institutionId,
        rows.flatMap((r) => (r.unit === null ? [] : [{ code: r.unit }])),
        options.createUnits ?? false,
      );
      newUnits = created;
      const idOf = (code: string | null) => (code === null ? null : (units.get(code) as Unit).id);
      const unitIds = [...new Set(rows.map((r) => idOf(r.unit)))];
      const unitIdIn = unitIds.includes(null)
        ? { OR: [{ unitId: { in: unitIds.filter((id) => id !== null) } }, { unitId: null, institutionId }] }
        : { unitId: { in: unitIds as number[] } };
      return writeVersionedBatch(
        rows.map((r) => {
          const key = {
            unitId: idOf(r.unit),
            metric,
            year: r.year,
            term: r.term,
            stage: r.stage,
            form: r.form,
          };
          return {
            key: keyOf(key),
            figures: { value: r.value },
            row: (version: number) => ({
              ...key,
              institutionId,
              value: r.value,
              version,
              source: meta.source,
              enteredBy: meta.enteredBy,
              enteredAt: at,
              importId,
            }),
          };
        }),
        {
          current: await tx.publishedFigure.findMany({
            where: { ...unitIdIn, metric, year: { in: years }, supersededAt: null },
          }),
          keyOf,
          supersede: (ids) => tx.publishedFigure.updateMany({ where: { id: { in: ids } }, data: { supersededAt: at } }),
          insert: (fresh) => insertRows(tx, "PublishedFigure", fresh),
          review: (plan) => options.review?.({ ...plan, newUnits: created }),
        },
      );
    },
  );
  return { ...tally, newUnits };
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

/** Each unit's latest year with a figure of a metric, as the distinct years (grouped in the database). */
export async function latestFigureYears(
  db: Db,
  institutionId: number,
  metric: FigureMetric,
  unitIds?: readonly number[],
): Promise<string[]> {
  const rows = await db.publishedFigure.groupBy({
    by: ["unitId"],
    where: { institutionId, metric, supersededAt: null, ...(unitIds ? { unitId: { in: [...unitIds] } } : {}) },
    _max: { year: true },
  });
  return [...new Set(rows.map((r) => r._max.year).filter((y): y is string => y !== null))].sort((a, b) => b.localeCompare(a));
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
      unitId: filter.unitIds ? { in: [...filter.unitIds] } : { not: null },
    },
    include: { unit: true },
    orderBy: { id: "asc" },
  });
  return rows.flatMap((r) => (r.unit ? [{ ...figureKey.parse(r), unit: r.unit.code, year: r.year, value: r.value }] : []));
}

/** The institution's own total lines of a metric as printed (unit left empty), by year. */
export async function loadPrintedTotals(
  db: Db,
  institutionId: number,
  metric: FigureMetric,
  years: readonly string[],
): Promise<{ year: string; value: number }[]> {
  const rows = await db.publishedFigure.findMany({
    where: { institutionId, metric, unitId: null, supersededAt: null, year: { in: [...years] } },
    orderBy: { id: "asc" },
  });
  return rows.map((r) => ({ year: r.year, value: r.value }));
}
