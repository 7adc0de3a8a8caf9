// The client type every data-access module takes: the client itself or a transaction.
import { Prisma, type PrismaClient } from "../generated/client.ts";
import { connectionOf, registerConnection } from "./connections.ts";

export type Db = PrismaClient | Prisma.TransactionClient;
export type { PrismaClient };

/**
 * A write that still found the database locked by another writer (an import, the bot, a
 * second CLI) after every retry. Triggers word it ("busy, try again"), never as a crash.
 */
export class DatabaseBusyError extends Error {
  constructor(options?: ErrorOptions) {
    super("the database stayed locked by another writer", options);
    this.name = "DatabaseBusyError";
  }
}

/** Whether a write failed on a unique constraint (P2002): the row is there already. */
export function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === "P2002";
}

/**
 * Whether a failed write is worth running again because another connection held the lock:
 * SQLITE_BUSY (the adapter reports it as P1008 "Operation has timed out", also the
 * BUSY_SNAPSHOT a deferred transaction gets when another commit came between its read and
 * its write), a transaction that could not start or expired while waiting (P2028), or a
 * write conflict (P2034).
 */
export function isBusy(error: unknown): boolean {
  if (error instanceof DatabaseBusyError) return true;
  if (error instanceof Prisma.PrismaClientKnownRequestError) {
    if (error.code === "P1008" || error.code === "P2034") return true;
    return error.code === "P2028" && /time|expired/i.test(error.message);
  }
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^SQLITE_(BUSY|LOCKED)/.test(code);
}

/**
 * Whether a failure is the database server out of reach (down, restarting, the network, its
 * connections all taken): nothing the user did, worth trying again in a few minutes.
 */
export function isUnreachable(error: unknown): boolean {
  if (error instanceof Prisma.PrismaClientKnownRequestError) return ["P1001", "P1002", "P1017", "P2037"].includes(error.code);
  const code = (error as { code?: unknown } | null)?.code;
  // node-postgres' own: a refused or reset socket, the server shutting down (57P01) or starting (57P03)
  if (typeof code === "string" && /^(ECONNREFUSED|ECONNRESET|ENOTFOUND|ETIMEDOUT|EHOSTUNREACH|57P0[13])$/.test(code)) return true;
  return error instanceof Error && /^(Connection terminated|timeout exceeded when trying to connect)/.test(error.message);
}

export interface BusyRetry {
  /** Tries in all, the first included; default 3. Each try may itself wait the busy timeout. */
  attempts?: number;
  /** First pause between tries, ms, doubled each time (with jitter); default 100. */
  baseDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs a write, again after a short pause while the database is busy, a bounded number of
 * times; then DatabaseBusyError. `work` must be a whole unit (one statement or one
 * transaction): a transaction that hit BUSY_SNAPSHOT must start over, not continue.
 */
export async function retryBusy<T>(work: () => Promise<T>, retry: BusyRetry = {}): Promise<T> {
  const attempts = retry.attempts ?? 3;
  const base = retry.baseDelayMs ?? 100;
  const sleep = retry.sleep ?? pause;
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!isBusy(error)) throw error;
      if (attempt >= attempts) throw error instanceof DatabaseBusyError ? error : new DatabaseBusyError({ cause: error });
      await sleep(Math.round(base * 2 ** (attempt - 1) * (0.5 + Math.random())));
    }
  }
}

/**
 * The store's write transactions: Prisma's interactive transaction, retried whole while
 * another writer holds the lock (retryBusy). Keep `fn` short: shape everything before.
 */
export function writeTransaction<T>(
  db: PrismaClient,
  fn: (tx: Prisma.TransactionClient) => Promise<T>,
  options: { timeout?: number } = {},
  retry?: BusyRetry,
): Promise<T> {
  return retryBusy(() => db.$transaction(fn, options), retry);
}

export interface WriteTally {
  added: number;
  corrected: number;
  unchanged: number;
}

/** Who and what a write came from (the regulation's "personal responsibility"). */
export interface Provenance {
  source: string;
  enteredBy: string;
}

/** Provenance of an imported file. */
export type ImportProvenance = Provenance & { fileName: string; sha256: string };

/**
 * SQLite's limit on bound parameters in one statement (SQLITE_MAX_VARIABLE_NUMBER, 32766
 * since SQLite 3.32; PostgreSQL allows 65535). Multi-row statements are cut to stay under it.
 */
export const MAX_BIND_VALUES = 32_766;

/** Ids per `id IN (…)` statement: under Prisma's own split point for SQLite (999), so one call is one statement. */
export const ID_CHUNK = 900;

export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The tables whose rows insertRows writes, with the row shape Prisma's createMany takes. */
interface InsertableRows {
  SessionResult: Prisma.SessionResultCreateManyInput;
  PublishedTotal: Prisma.PublishedTotalCreateManyInput;
  PublishedFigure: Prisma.PublishedFigureCreateManyInput;
  Delivery: Prisma.DeliveryCreateManyInput;
  SurveyRecipient: Prisma.SurveyRecipientCreateManyInput;
  SurveyResponse: Prisma.SurveyResponseCreateManyInput;
}

/**
 * Inserts rows with multi-row INSERT statements, as many rows per statement as the
 * bound-parameter limit allows. Prisma 7's createMany issues the same SQL, but with the
 * driver adapter it cuts statements at 999 parameters and spends about a millisecond per
 * row compiling and rendering them (measured: 2 000 rows 1.8 s, 20 000 rows 43 s); a raw
 * statement costs a few microseconds per value.
 * Every row must give the same fields (the first row's are the columns) and every field
 * that has a default, since omitted columns would get the database's default, not Prisma's.
 * Placeholders come from Prisma.sql, so the statement suits whichever provider runs it.
 */
export async function insertRows<T extends keyof InsertableRows>(
  tx: Prisma.TransactionClient,
  table: T,
  rows: readonly InsertableRows[T][],
): Promise<number> {
  const first = rows[0];
  if (!first) return 0;
  const columns = Object.keys(first) as (keyof InsertableRows[T])[];
  const connection = connectionOf(tx);
  if (connection) {
    // the transaction's own connection: one prepared statement, run per row
    const insert = connection.prepare(
      `INSERT INTO "${table}" (${columns.map((c) => `"${String(c)}"`).join(", ")}) VALUES (${columns.map(() => "?").join(", ")})`,
    );
    for (const r of rows) insert.run(columns.map((c) => sqliteValue(r[c])));
    return rows.length;
  }
  const head = `INSERT INTO "${table}" (${columns.map((c) => `"${String(c)}"`).join(", ")}) VALUES (`;
  let inserted = 0;
  for (const chunk of chunks(rows, Math.floor(MAX_BIND_VALUES / columns.length))) {
    // The text around the values, as a tagged template would split it: a Prisma.join of
    // one Prisma.sql per row does the same but costs more than the insert itself.
    const strings: string[] = [];
    const values: unknown[] = [];
    chunk.forEach((r, i) => {
      columns.forEach((c, j) => {
        strings.push(j > 0 ? ", " : i > 0 ? "), (" : head);
        values.push(r[c] ?? null);
      });
    });
    strings.push(")");
    inserted += await tx.$executeRaw(new Prisma.Sql(strings, values));
  }
  return inserted;
}

/** A value as the adapter binds it: booleans as 0/1, dates as ISO 8601 with "+00:00". */
function sqliteValue(v: unknown): unknown {
  if (v === undefined || v === null) return null;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (v instanceof Date) return v.toISOString().replace("Z", "+00:00");
  return v;
}

/**
 * One figure to store under a key: `figures` decide whether it changed, `row` makes the row
 * to insert with its version (called only for rows that are inserted).
 */
export interface VersionedWrite<Figures, Row> {
  key: string;
  figures: Figures;
  row: (version: number) => Row;
}

export type FigureValue = number | string | boolean | null;

/** One stored figure a write changes. */
export interface FieldChange {
  field: string;
  from: FigureValue;
  to: FigureValue;
}

/** What a batch will do, by the writes' indices, before it does anything. */
export interface VersionPlan {
  /** writes whose key has nothing stored */
  added: number[];
  /** writes that change the stored figures: the current version and what changes */
  corrected: { index: number; version: number; changes: FieldChange[] }[];
  unchanged: number;
}

/**
 * The versioned writer shared by every figure table, for a whole batch at once: a key
 * whose current version holds the same figures is left alone (re-importing a file adds
 * nothing); otherwise the current version is stamped superseded and version n+1 (or 1)
 * is added. Nothing is updated in place otherwise, nothing deleted, so every earlier
 * value stays readable. The current rows are read once by the caller (`current`, a few
 * queries, at least every key written) and compared in memory; the stamps and the inserts
 * go out in chunks, so the number of statements does not grow with the rows.
 * `review` sees the plan before anything is written, and throws to write nothing.
 */
export async function writeVersionedBatch<Stored extends { id: number; version: number }, Figures extends object, Row>(
  writes: readonly VersionedWrite<Figures, Row>[],
  table: {
    current: Stored[];
    keyOf: (row: Stored) => string;
    /** stamps these rows (at most ID_CHUNK) superseded */
    supersede: (ids: number[]) => Promise<unknown>;
    insert: (rows: Row[]) => Promise<unknown>;
    review?: (plan: VersionPlan) => void;
  },
): Promise<WriteTally> {
  const current = new Map(table.current.map((r) => [table.keyOf(r), r]));
  const plan: VersionPlan = { added: [], corrected: [], unchanged: 0 };
  const inserts: { write: VersionedWrite<Figures, Row>; cur: Stored | undefined }[] = [];
  const seen = new Set<string>();
  writes.forEach((write, index) => {
    // Parsers reject repeated rows; two writes of one key would both become version n+1.
    if (seen.has(write.key)) throw new Error(`key ${write.key} written twice in one batch`);
    seen.add(write.key);
    const cur = current.get(write.key);
    if (cur) {
      const changes = changesOf(cur, write.figures);
      if (!changes.length) {
        plan.unchanged++;
        return;
      }
      plan.corrected.push({ index, version: cur.version, changes });
    } else plan.added.push(index);
    inserts.push({ write, cur });
  });
  table.review?.(plan);
  const superseded = inserts.flatMap(({ cur }) => (cur ? [cur.id] : []));
  const fresh = inserts.map(({ write, cur }) => write.row(cur ? cur.version + 1 : 1));
  for (const ids of chunks(superseded, ID_CHUNK)) await table.supersede(ids);
  await table.insert(fresh);
  return { added: plan.added.length, corrected: plan.corrected.length, unchanged: plan.unchanged };
}

function changesOf(row: object, figures: object): FieldChange[] {
  const stored = row as Record<string, FigureValue>;
  const out: FieldChange[] = [];
  for (const [field, to] of Object.entries(figures) as [string, FigureValue][])
    if (stored[field] !== to) out.push({ field, from: stored[field] ?? null, to });
  return out;
}

/** What an import's store call is told besides its rows. */
export interface ImportOptions {
  /** units the rows name that are not stored are created (else UnknownUnitsError) */
  createUnits?: boolean;
  /** sees what will be written, and which units created, before anything is; throws to write nothing */
  review?: (plan: ImportPlan) => void;
}

export type ImportPlan = VersionPlan & { newUnits: string[] };

/** What an import's writes get from inImportBatch. */
export interface ImportBatchContext {
  tx: Prisma.TransactionClient;
  importId: number;
  /** one time for the whole file: the new rows' enteredAt and the superseded rows' supersededAt */
  at: Date;
}

/**
 * Generous for a large file, yet finite: Prisma's default (5 s) could cut off an import
 * of a big file on a slow disk, and a cut-off transaction rolls back a good file.
 */
const IMPORT_TRANSACTION_TIMEOUT_MS = 120_000;

/**
 * One imported file in one transaction: an ImportBatch row says who imported what and
 * when, `write` stores the rows (versioned) with the batch id, and any throw rolls
 * everything back, so a file is stored whole or not at all. Callers parse, check and
 * shape everything they can before: the transaction holds the write lock, and another
 * process's writes wait (busy timeout) until it ends.
 */
export async function inImportBatch(
  db: PrismaClient,
  head: { institutionId: number; kind: string; rowsRead: number; meta: ImportProvenance },
  write: (batch: ImportBatchContext) => Promise<WriteTally>,
): Promise<WriteTally & { importId: number }> {
  return writeTransaction(
    db,
    async (tx) => {
      const { meta } = head;
      const at = new Date();
      // A write first: the transaction takes the write lock now, waiting out the busy
      // timeout if needed. Reading first and writing later would fail at once with
      // SQLITE_BUSY if another process committed in between (WAL keeps the old snapshot).
      const batch = await tx.importBatch.create({
        data: {
          institutionId: head.institutionId,
          kind: head.kind,
          fileName: meta.fileName,
          sha256: meta.sha256,
          rowsRead: head.rowsRead,
          rowsAdded: 0,
          enteredBy: meta.enteredBy,
          createdAt: at,
        },
      });
      // the transaction client reaches the same connection as the client that opened it
      const connection = connectionOf(db);
      if (connection) registerConnection(tx, () => connection);
      const t = await write({ tx, importId: batch.id, at });
      await tx.importBatch.update({ where: { id: batch.id }, data: { rowsAdded: t.added + t.corrected } });
      return { ...t, importId: batch.id };
    },
    { timeout: IMPORT_TRANSACTION_TIMEOUT_MS },
  );
}
