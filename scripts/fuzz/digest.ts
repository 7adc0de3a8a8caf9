// A digest of every table (the list read from the generated client, so a new table is
// covered without touching this file): its row count and a hash of every row. A refused
// input must leave it as it was. Two parts are told apart: a chat's state (an entry in
// progress, drafts, a file held for its preview, the language chosen) may change on any
// message; everything else (figures, units, the registry, people, sent campaigns) only when
// something was accepted (whether a user can be reached is a state too: blocking the bot and
// writing again say it). Refusals recorded in the audit log, and counted against guessing,
// are the point of those tables and are left out.
import { createHash } from "node:crypto";
import { Prisma } from "../../prisma/generated/client.ts";
import type { PrismaClient } from "../../prisma/store/db.ts";

export type Digest = Map<string, string>;

/**
 * Tables left out: refused attempts counted so that guessing is limited (a wrong invite code
 * is meant to count), and the ids of the updates handled (every update, in webhook mode).
 */
const IGNORED = new Set(["AttemptCount", "ProcessedUpdate"]);

/** Rows that are a chat's state, not data: per table, which rows (all when no test). */
const STATE: Record<string, ((row: Record<string, unknown>) => boolean) | true> = {
  Dialogue: true,
  Upload: true,
  // a user's own notice switches, from whichever message's button
  NoticeOptOut: true,
  Campaign: (row) => row.status === "draft",
  Survey: (row) => row.status === "draft",
  DataRequest: (row) => row.status === "draft" || row.status === "cancelled",
};
/** Columns that are a chat's state in a table that is otherwise data. */
const STATE_COLUMNS: Record<string, string[]> = { User: ["language"] };
/** Whether the bot can write to a user: any update from their private chat may say so again. */
const REACH_COLUMNS: Record<string, string[]> = { User: ["unreachableReason", "unreachableAt"] };

function plain(value: unknown): unknown {
  // a held file's bytes (up to 20 MB, read on every input): its length, head and tail; the row's own sha256 says the rest
  if (value instanceof Uint8Array)
    return `bytes:${value.length}:${createHash("sha1").update(value.subarray(0, 4096)).update(value.subarray(-4096)).digest("hex")}`;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "bigint") return value.toString();
  return value;
}

const line = (row: Record<string, unknown>, columns: string[]) => JSON.stringify(columns.map((c) => [c, plain(row[c])]));

function hashOf(lines: string[]): string {
  const h = createHash("sha1");
  for (const l of lines.sort()) h.update(l).update("\n");
  return `${lines.length}:${h.digest("hex").slice(0, 16)}`;
}

export type Part = "data" | "state" | "reach";
const key = (model: string, part: Part) => (part === "data" ? model : `${model} (${part})`);

/** Every table's rows, hashed: "Table" for data, "Table (state)" for a chat's state, "Table (reach)" for reachability. */
export async function digest(db: PrismaClient): Promise<Digest> {
  const out: Digest = new Map();
  for (const model of Object.values(Prisma.ModelName)) {
    if (IGNORED.has(model)) continue;
    type Delegate = { findMany: (args?: object) => Promise<Record<string, unknown>[]> };
    const delegate = (db as unknown as Record<string, Delegate>)[model.charAt(0).toLowerCase() + model.slice(1)];
    if (!delegate) throw new Error(`no Prisma delegate for ${model}`);
    // the refusals (thousands in a run) are not read at all
    const rows = await delegate.findMany(model === "AuditEntry" ? { where: { outcome: { not: "refused" } } } : undefined);
    const columns = rows[0] ? Object.keys(rows[0]).sort() : [];
    const stateRow = STATE[model];
    const split = { state: STATE_COLUMNS[model] ?? [], reach: REACH_COLUMNS[model] ?? [] };
    const lines: Record<Part, string[]> = { data: [], state: [], reach: [] };
    for (const row of rows) {
      if (stateRow === true || stateRow?.(row)) lines.state.push(line(row, columns));
      else {
        lines.data.push(
          line(
            row,
            columns.filter((c) => !split.state.includes(c) && !split.reach.includes(c)),
          ),
        );
        for (const part of ["state", "reach"] as const)
          if (split[part].length) lines[part].push(line(row, ["id", ...split[part]]));
      }
    }
    out.set(model, hashOf(lines.data));
    if (stateRow || split.state.length) out.set(key(model, "state"), hashOf(lines.state));
    if (split.reach.length) out.set(key(model, "reach"), hashOf(lines.reach));
  }
  return out;
}

/** The parts that differ, leaving out the parts allowed to change. */
export function changed(before: Digest, after: Digest, allowed: readonly Part[]): string[] {
  const keys = new Set([...before.keys(), ...after.keys()]);
  const ok = (k: string) => allowed.some((p) => p !== "data" && k.endsWith(`(${p})`));
  return [...keys].filter((k) => before.get(k) !== after.get(k) && !ok(k));
}
