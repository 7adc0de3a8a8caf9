// What an import (or a revert) will do to stored figures, before it does it: which results
// are new, which change and how, field by field, with what deserves a second look. New
// results are written at once; changes to stored figures only when confirmed — the CLI's
// --yes, or a preview's token (a bot's confirm button), so what is written is what was seen.
import { createHash } from "node:crypto";
import { correctionWarnings, type Problem } from "../../../core/index.ts";
import type { FieldChange, FigureValue, ImportPlan } from "../../../prisma/store/db.ts";

/** Which result a row is: the key of its kind (unit, year, term, stage, form, course; scope; metric). */
export type ResultRef = Record<string, string | number>;

export interface PreviewRow {
  line: number;
  what: ResultRef;
}

/** A figure as the file names it (its column) and how it changes. */
export interface ColumnChange {
  column: string;
  from: FigureValue;
  to: FigureValue;
}

export interface PreviewChange extends PreviewRow {
  /** the stored version the change replaces */
  version: number;
  changes: ColumnChange[];
  warnings: Problem[];
}

export interface WritePreview {
  newUnits: string[];
  added: PreviewRow[];
  changed: PreviewChange[];
  unchanged: number;
  /** names this preview: a confirmation carrying it writes only while the stored figures are as previewed */
  token: string;
}

/** Corrections wait for it: `true` confirms whatever they are, a token only the preview it names. */
export type Confirmation = true | string;

/** How a kind of import names its rows and their figures, by the writes' indices. */
export interface RowDescriber {
  row: (index: number) => PreviewRow;
  /** a corrected row's counts as the file gives them (for "every count becomes 0") */
  countsAfter?: (index: number) => readonly (number | null)[];
  /** a stored figure's change as the file's columns (one stored field may be several columns) */
  columns: (change: FieldChange, index: number) => (ColumnChange & { count: boolean })[];
}

/** Thrown inside the import's transaction, so nothing is written; carries what would have been. */
export class PendingConfirmation extends Error {
  constructor(readonly preview: WritePreview) {
    super("corrections of stored figures wait for confirmation");
  }
}

export function previewOf(plan: ImportPlan, describe: RowDescriber, basis: string): WritePreview {
  const changed = plan.corrected.map(({ index, version, changes }): PreviewChange => {
    const columns = changes.flatMap((c) => describe.columns(c, index));
    return {
      ...describe.row(index),
      version,
      changes: columns.map(({ column, from, to }) => ({ column, from, to })),
      warnings: correctionWarnings(columns, describe.countsAfter?.(index) ?? []),
    };
  });
  const token = createHash("sha256")
    .update(JSON.stringify([basis, plan.newUnits, plan.added.length, plan.corrected.map((c) => [c.index, c.version])]))
    .digest("hex")
    .slice(0, 16);
  return {
    newUnits: plan.newUnits,
    added: plan.added.map(describe.row),
    changed,
    unchanged: plan.unchanged,
    token,
  };
}

/**
 * The review an import hands the store: it keeps the preview (`seen`) and lets the write
 * go on unless stored figures would change without a confirmation that covers them.
 */
export function confirmationGate(
  confirm: Confirmation | undefined,
  describe: RowDescriber,
  basis: string,
  seen: (preview: WritePreview) => void,
): (plan: ImportPlan) => void {
  return (plan) => {
    const preview = previewOf(plan, describe, basis);
    seen(preview);
    if (plan.corrected.length && confirm !== true && confirm !== preview.token) throw new PendingConfirmation(preview);
  };
}
