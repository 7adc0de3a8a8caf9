// A write preview on the terminal (an import's or a revert's): which results are new, which
// stored figures change and how, what to look at twice, and how to confirm.
import type { ColumnChange, PreviewChange, WritePreview } from "../app/imports/preview.ts";
import { num } from "../present/format.ts";
import { problemText } from "../present/problem.ts";
import { refText } from "../present/result-ref.ts";

import type { CliContext } from "./context.ts";

/** Rows listed per part; the rest is counted (all of them are in --json). */
const SHOWN = 30;

export function valueText(v: ColumnChange["from"], ctx: CliContext): string {
  if (v === null) return "—";
  if (typeof v === "boolean") return v ? "yes" : "no"; // as the files write them
  return typeof v === "number" ? num(v, ctx.lng) : v;
}

/** "line 3: …", or the text alone for a row that is no line of a file (a revert's). */
const atLine = (line: number, message: string, ctx: CliContext) => (line ? ctx.t("import.issue", { line, message }) : message);

function changeLines(c: PreviewChange, ctx: CliContext): string[] {
  const { t } = ctx;
  const head = atLine(c.line, `${refText(ctx, c.what)} (${t("import.version", { version: c.version })})`, ctx);
  const figures = c.changes.map((x) => `${x.column} ${valueText(x.from, ctx)} → ${valueText(x.to, ctx)}`).join("; ");
  return [`  ${head}`, `      ${figures}`, ...c.warnings.map((w) => `      ⚠ ${problemText(w, ctx)}`)];
}

function more(total: number, ctx: CliContext): string[] {
  return total > SHOWN ? [`  ${ctx.t("import.more", { n: total - SHOWN })}`] : [];
}

/** The lines of a preview: new results, then changes (under `changedTitle`), each part capped. */
export function previewLines(p: WritePreview, ctx: CliContext, changedTitle = "import.changedTitle"): string[] {
  const { t } = ctx;
  const out: string[] = [];
  if (p.newUnits.length) out.push(t("import.newUnits", { units: p.newUnits.join(", ") }));
  if (p.added.length) {
    out.push(t("import.addedTitle", { n: p.added.length }));
    for (const a of p.added.slice(0, SHOWN)) out.push(`  ${atLine(a.line, refText(ctx, a.what), ctx)}`);
    out.push(...more(p.added.length, ctx));
  }
  if (p.changed.length) {
    out.push(t(changedTitle, { n: p.changed.length }));
    for (const c of p.changed.slice(0, SHOWN)) out.push(...changeLines(c, ctx));
    out.push(...more(p.changed.length, ctx));
  }
  return out;
}
