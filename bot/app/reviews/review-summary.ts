// An external review's summary from a file typed from the agency's report (CSV or XLSX,
// columns standard, criterion, rating, comment): who may ask (anyone who sees figures), the
// institution's rule (or one given for this run), the summary, and — given the report's
// printed summary table — where the print disagrees. Nothing is stored.
import {
  can,
  comparePrinted,
  fail,
  type Outcome,
  ok,
  type PrintedDifference,
  type PrintedRow,
  problem,
  type Review,
  type ReviewIssue,
  type ReviewMeta,
  type ReviewRow,
  type ReviewRules,
  type ReviewSummary,
  readReview,
  reviewMetaFromComments,
  summarizeReview,
} from "../../../core/index.ts";
import { getReviewRules } from "../../../prisma/store/review-rules.ts";
import { leadingComments } from "../../io/comments.ts";
import type { ImportIssue, Table } from "../../io/table.ts";
import type { Actor, AppDeps, Institution } from "../deps.ts";
import { capIssues } from "../imports/fields.ts";
import { readImportBytes } from "../imports/read-file.ts";

/** The columns a review file has; a header with the first three is a review (table-kinds.ts). */
export const REVIEW_COLUMNS = ["standard", "criterion", "rating"] as const;
const PRINTED_REQUIRED = ["standard", "criteria", "meets", "partial", "not_meets"] as const;

export const isReviewHeader = (header: readonly string[]) => {
  const lower = header.map((h) => h.trim().toLowerCase());
  return REVIEW_COLUMNS.every((c) => lower.includes(c));
};

export interface ReviewRequest {
  bytes: Uint8Array;
  /** the report's printed summary table, typed in */
  printed?: Uint8Array;
  /** this run's rule over the institution's */
  rules?: Partial<ReviewRules>;
  /** given by the caller; the file's "# key: value" lines fill what it leaves out */
  meta?: ReviewMeta;
}

export type ReviewResult =
  | {
      status: "summary";
      summary: ReviewSummary;
      review: Review;
      warnings: ReviewIssue[];
      meta: ReviewMeta;
      /** null when no printed table was given */
      printed: PrintedDifference[] | null;
    }
  /** which file is refused (the review, or the printed table), each problem with its line */
  | { status: "rejected"; file: "review" | "printed"; issues: ImportIssue[] };

export function authorizeReview(actor: Actor): Outcome<Institution> {
  const { access, institution } = actor;
  if (!access || !institution) return fail(problem("needInvite"));
  if (!can(access, "viewFigures")) return fail(problem("forbidden"));
  return ok(institution);
}

/** Each record's cells by lower-cased column name. */
function cellsOf(table: Table): { line: number; cell: (column: string) => string }[] {
  const names = new Map(table.header.map((h) => [h.trim().toLowerCase(), h]));
  return table.records.map((r) => ({
    line: r.line,
    cell: (column: string) => (r.values[names.get(column) ?? ""] ?? "").trim(),
  }));
}

function missing(table: Table, required: readonly string[]): ImportIssue[] {
  const lower = table.header.map((h) => h.trim().toLowerCase());
  return required
    .filter((c) => !lower.includes(c))
    .map((column) => ({ line: table.headerLine, code: "missingColumn", params: { column } }));
}

async function tableOf(bytes: Uint8Array, required: readonly string[]): Promise<Table | ImportIssue[]> {
  const read = await readImportBytes(bytes);
  if ("code" in read) return [read];
  const issues = missing(read.table, required);
  return issues.length ? issues : read.table;
}

const reviewRows = (table: Table): ReviewRow[] =>
  cellsOf(table).map(({ line, cell }) => ({
    line,
    standard: cell("standard"),
    criterion: cell("criterion"),
    rating: cell("rating"),
    comment: cell("comment"),
  }));

function printedRows(table: Table): PrintedRow[] {
  const withFulfilled = table.header.some((h) => h.trim().toLowerCase() === "fulfilled");
  return cellsOf(table).map(({ line, cell }) => ({
    line,
    standard: cell("standard"),
    criteria: cell("criteria"),
    meets: cell("meets"),
    partial: cell("partial"),
    notMeets: cell("not_meets"),
    ...(withFulfilled ? { fulfilled: cell("fulfilled") } : {}),
  }));
}

export async function summarizeReviewFile(deps: AppDeps, actor: Actor, req: ReviewRequest): Promise<Outcome<ReviewResult>> {
  const who = authorizeReview(actor);
  if (!who.ok) return who;
  const rejected = (file: "review" | "printed", issues: ImportIssue[]) =>
    ok({ status: "rejected" as const, file, issues: capIssues(issues) });
  const table = await tableOf(req.bytes, REVIEW_COLUMNS);
  if (Array.isArray(table)) return rejected("review", table);
  const read = readReview(reviewRows(table));
  if (!read.ok) return rejected("review", read.errors);
  const rules = { ...(await getReviewRules(deps.db, who.value.id)), ...req.rules };
  const summary = summarizeReview(read.review, rules);
  let printed: PrintedDifference[] | null = null;
  if (req.printed) {
    const print = await tableOf(req.printed, PRINTED_REQUIRED);
    if (Array.isArray(print)) return rejected("printed", print);
    const compared = comparePrinted(summary, printedRows(print));
    if (!compared.ok) return rejected("printed", compared.errors);
    printed = compared.differences;
  }
  const meta = { ...reviewMetaFromComments(leadingComments(req.bytes)), ...req.meta };
  return ok({ status: "summary", summary, review: read.review, warnings: read.warnings, meta, printed });
}
