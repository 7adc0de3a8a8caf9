// Copying a whole database into an empty one of either provider, through Prisma on both
// sides: the client reads every value into its JS type (Date, Uint8Array, number, string,
// null) and writes it back as the other provider stores it, so nothing is re-typed by hand.
// Ids are kept; rows go in models' dependency order (prisma/models.ts), in one transaction
// on the target, so a failure leaves it as empty as it was.
import type { PrismaClient } from "./db.ts";

/** What copying one model needs to know of it. */
export interface CopyModel {
  name: string;
  /** the primary key's fields, for reading in a stable order */
  key: string[];
  /** `id Int @id @default(autoincrement())`: PostgreSQL's sequence must follow the copied ids */
  serialId: boolean;
  /** it holds file bytes: read in small pages */
  bulky: boolean;
  /** foreign keys to its own model (a unit's parent): set once the referenced row is in */
  selfReferences: { field: string; references: string }[];
}

type Row = Record<string, unknown>;
interface Delegate {
  findMany(args: object): Promise<Row[]>;
  createMany(args: { data: Row[] }): Promise<{ count: number }>;
  update(args: { where: Row; data: Row }): Promise<unknown>;
  count(): Promise<number>;
}

const PAGE = 1_000;
const BULKY_PAGE = 10;
/** A copy is one transaction; a big database takes a while, which is not a reason to give up. */
const COPY_TIMEOUT_MS = 12 * 60 * 60 * 1000;

function delegate(db: object, model: string): Delegate {
  return (db as Record<string, Delegate>)[model.charAt(0).toLowerCase() + model.slice(1)] as Delegate;
}

/** Rows per model, in the order given. */
export async function countRows(db: PrismaClient, models: readonly CopyModel[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const m of models) counts.set(m.name, await delegate(db, m.name).count());
  return counts;
}

/** A model's rows, page by page in key order (keyset paging on a single key). */
async function* pages(db: PrismaClient, m: CopyModel): AsyncGenerator<Row[]> {
  const take = m.bulky ? BULKY_PAGE : PAGE;
  const orderBy = m.key.map((k) => ({ [k]: "asc" }));
  const single = m.key.length === 1 ? (m.key[0] as string) : null;
  let last: unknown;
  for (let skip = 0; ; skip += take) {
    const rows = await delegate(db, m.name).findMany(
      single ? { orderBy, take, ...(last === undefined ? {} : { where: { [single]: { gt: last } } }) } : { orderBy, take, skip },
    );
    if (rows.length) yield rows;
    if (rows.length < take) return;
    if (single) last = rows[rows.length - 1]?.[single];
  }
}

export interface CopyOptions {
  /** the target is PostgreSQL: its id sequences are set past the copied ids */
  postgresTarget: boolean;
  /** told after each model, with the rows written */
  onModel?: (model: string, rows: number) => void;
}

/**
 * Copies every row of `models` (in that order) from source to target in one transaction on
 * the target; returns the rows written per model. A self-reference to a row not written yet
 * is written empty and set once the model's rows are all in.
 */
export async function copyRows(
  source: PrismaClient,
  target: PrismaClient,
  models: readonly CopyModel[],
  options: CopyOptions,
): Promise<Map<string, number>> {
  return target.$transaction(
    async (tx) => {
      const written = new Map<string, number>();
      for (const m of models) {
        const into = delegate(tx, m.name);
        const seen = new Map(m.selfReferences.map((s) => [s.references, new Set<unknown>()]));
        const later: { where: Row; data: Row }[] = [];
        let count = 0;
        for await (const rows of pages(source, m)) {
          const data = rows.map((row) => {
            const early: Row = {};
            for (const s of m.selfReferences) {
              const value = row[s.field];
              if (value !== null && value !== undefined && !seen.get(s.references)?.has(value)) early[s.field] = value;
            }
            for (const [field, values] of seen) values.add(row[field]);
            if (!Object.keys(early).length) return row;
            later.push({ where: Object.fromEntries(m.key.map((k) => [k, row[k]])), data: early });
            return { ...row, ...Object.fromEntries(Object.keys(early).map((f) => [f, null])) };
          });
          count += (await into.createMany({ data })).count;
        }
        for (const u of later) await into.update(u);
        if (options.postgresTarget && m.serialId) {
          // the next row written after the copy gets max(id) + 1, not 1
          await tx.$executeRawUnsafe(
            `SELECT setval(pg_get_serial_sequence('"${m.name}"', 'id'), COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) FROM "${m.name}"`,
          );
        }
        written.set(m.name, count);
        options.onModel?.(m.name, count);
      }
      return written;
    },
    { timeout: COPY_TIMEOUT_MS, maxWait: 60_000 },
  );
}
