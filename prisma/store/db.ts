// The client type every data-access module takes: the client itself or a transaction.
import type { Prisma, PrismaClient } from "../generated/client.ts";

export type Db = PrismaClient | Prisma.TransactionClient;
export type { PrismaClient };

/**
 * Versioned write shared by every figure table: keep the current version when the new
 * figures are the same, otherwise stamp it superseded and add version n+1. Nothing is
 * overwritten or deleted, so every earlier value stays readable.
 */
export type WriteOutcome = "added" | "corrected" | "unchanged";

export async function writeVersioned<Row extends { id: number; version: number }>(ops: {
  current: () => Promise<Row | null>;
  same: (current: Row) => boolean;
  supersede: (current: Row) => Promise<unknown>;
  create: (version: number) => Promise<unknown>;
}): Promise<WriteOutcome> {
  const current = await ops.current();
  if (current && ops.same(current)) return "unchanged";
  if (current) await ops.supersede(current);
  await ops.create(current ? current.version + 1 : 1);
  return current ? "corrected" : "added";
}

export interface WriteTally {
  added: number;
  corrected: number;
  unchanged: number;
}

export function tally(outcomes: readonly WriteOutcome[]): WriteTally {
  const t: WriteTally = { added: 0, corrected: 0, unchanged: 0 };
  for (const o of outcomes) t[o]++;
  return t;
}

/** Who and what a write came from (the regulation's "personal responsibility"). */
export interface Provenance {
  source: string;
  enteredBy: string;
}

/** Provenance of an imported file. */
export type ImportProvenance = Provenance & { fileName: string; sha256: string };

/**
 * One imported file in one transaction: an ImportBatch row says who imported what and
 * when, `write` stores each row (versioned) with the batch id, and any throw rolls
 * everything back, so a file is stored whole or not at all.
 */
export async function inImportBatch(
  db: PrismaClient,
  head: { institutionId: number; kind: string; rowsRead: number; meta: ImportProvenance },
  write: (tx: Prisma.TransactionClient, importId: number) => Promise<WriteOutcome[]>,
): Promise<WriteTally & { importId: number }> {
  return db.$transaction(async (tx) => {
    const { meta } = head;
    const batch = await tx.importBatch.create({
      data: {
        institutionId: head.institutionId,
        kind: head.kind,
        fileName: meta.fileName,
        sha256: meta.sha256,
        rowsRead: head.rowsRead,
        rowsAdded: 0,
        enteredBy: meta.enteredBy,
      },
    });
    const t = tally(await write(tx, batch.id));
    await tx.importBatch.update({ where: { id: batch.id }, data: { rowsAdded: t.added + t.corrected } });
    return { ...t, importId: batch.id };
  });
}
