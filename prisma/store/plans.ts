// Action plans: a plan, its items (one per department for "every department of X") and each
// item's stages (one deadline each). A plan is written whole with its reminder jobs and audit
// line in one transaction; marking done is a conditional update, audited.
import { z } from "zod";
import type { ResponsibleRef } from "../../core/index.ts";
import { type AuditLine, recordAudit } from "./audit.ts";
import { type Db, type PrismaClient, writeTransaction } from "./db.ts";
import type { NewJob } from "./jobs.ts";

export const PLAN_KINDS = ["resolution", "accreditation", "review"] as const;
export type PlanKind = (typeof PLAN_KINDS)[number];

export interface StoredPlan {
  id: number;
  institutionId: number;
  title: string;
  source: string | null;
  kind: PlanKind;
  year: string;
  controllerText: string;
  controllerId: string | null;
  createdBy: string;
  createdAt: Date;
}

export interface StoredStage {
  position: number;
  label: string | null;
  from: string | null;
  due: string;
  done: boolean;
  doneAt: Date | null;
}

export interface Evidence {
  note: string | null;
  link: string | null;
  fileId: string | null;
  fileName: string | null;
}

export interface StoredItem {
  id: number;
  planId: number;
  number: string;
  text: string;
  /** the department of a fanned-out item */
  unit: string | null;
  responsibleText: string;
  responsible: ResponsibleRef[];
  deadlineText: string;
  status: "open" | "done";
  evidence: Evidence;
  doneAt: Date | null;
  doneBy: string | null;
  stages: StoredStage[];
}

const refs = z.array(
  z.union([
    z.object({
      kind: z.literal("role"),
      role: z.enum(["admin", "leader", "dean", "head", "student"]),
      unit: z.string().nullable(),
    }),
    z.object({ kind: z.literal("user"), user: z.string() }),
    z.object({ kind: z.literal("unit"), unit: z.string() }),
    z.object({ kind: z.literal("departments"), unit: z.string() }),
  ]),
);

const ITEM_INCLUDE = { stages: { orderBy: { position: "asc" } }, unit: { select: { code: true } } } as const;

type ItemRow = Awaited<ReturnType<typeof itemRows>>[number];
function itemRows(db: Db, where: object) {
  return db.actionItem.findMany({ where, include: ITEM_INCLUDE, orderBy: { id: "asc" } });
}

function itemOf(row: ItemRow): StoredItem {
  return {
    id: row.id,
    planId: row.planId,
    number: row.number,
    text: row.text,
    unit: row.unit?.code ?? null,
    responsibleText: row.responsibleText,
    responsible: refs.parse(JSON.parse(row.responsible)),
    deadlineText: row.deadlineText,
    status: row.status === "done" ? "done" : "open",
    evidence: { note: row.evidenceNote, link: row.evidenceLink, fileId: row.evidenceFileId, fileName: row.evidenceFileName },
    doneAt: row.doneAt,
    doneBy: row.doneBy,
    stages: row.stages.map((s) => ({
      position: s.position,
      label: s.label,
      from: s.fromOn,
      due: s.dueOn,
      done: s.doneAt !== null,
      doneAt: s.doneAt,
    })),
  };
}

function planOf(row: Omit<StoredPlan, "kind"> & { kind: string }): StoredPlan {
  return { ...row, kind: z.enum(PLAN_KINDS).catch("resolution").parse(row.kind) };
}

export const planTarget = (id: number) => `plan:${id}`;
export const itemTarget = (planId: number, itemId: number) => `plan:${planId}:item:${itemId}`;

export interface NewItem {
  number: string;
  text: string;
  unitId: number | null;
  responsibleText: string;
  responsible: ResponsibleRef[];
  deadlineText: string;
  stages: { label: string | null; from: string | null; due: string }[];
}

export type NewPlan = Omit<StoredPlan, "id" | "createdAt">;

async function insertItems(tx: Db, planId: number, items: readonly NewItem[]): Promise<StoredItem[]> {
  const out: StoredItem[] = [];
  for (const it of items) {
    const row = await tx.actionItem.create({
      data: {
        planId,
        number: it.number,
        text: it.text,
        unitId: it.unitId,
        responsibleText: it.responsibleText,
        responsible: JSON.stringify(it.responsible),
        deadlineText: it.deadlineText,
        stages: {
          create: it.stages.map((s, i) => ({ position: i + 1, label: s.label, fromOn: s.from, dueOn: s.due })),
        },
      },
      include: ITEM_INCLUDE,
    });
    out.push(itemOf(row));
  }
  return out;
}

/** A plan with its items, their jobs and the audit line, all or nothing. */
export async function insertPlan(
  db: PrismaClient,
  plan: NewPlan,
  items: readonly NewItem[],
  at: Date,
  jobsFor: (plan: StoredPlan, items: StoredItem[]) => NewJob[],
  audit: Omit<AuditLine, "at" | "target" | "institutionId">,
): Promise<{ plan: StoredPlan; items: StoredItem[] }> {
  return writeTransaction(db, async (tx) => {
    const stored = planOf(await tx.actionPlan.create({ data: { ...plan, createdAt: at } }));
    const written = await insertItems(tx, stored.id, items);
    const jobs = jobsFor(stored, written);
    if (jobs.length) await tx.job.createMany({ data: jobs });
    await recordAudit(tx, { ...audit, institutionId: plan.institutionId, at, target: planTarget(stored.id) });
    return { plan: stored, items: written };
  });
}

/** Items added to a plan (from the bot), with their jobs and audit line. */
export async function appendItems(
  db: PrismaClient,
  plan: StoredPlan,
  items: readonly NewItem[],
  at: Date,
  jobsFor: (items: StoredItem[]) => NewJob[],
  audit: Omit<AuditLine, "at" | "target" | "institutionId">,
): Promise<StoredItem[]> {
  return writeTransaction(db, async (tx) => {
    const written = await insertItems(tx, plan.id, items);
    // the plan's overdue digest of a day may be scheduled already
    const planned = jobsFor(written);
    const taken = await tx.job.findMany({ where: { key: { in: planned.map((j) => j.key) } }, select: { key: true } });
    const jobs = planned.filter((j) => !taken.some((t) => t.key === j.key));
    if (jobs.length) await tx.job.createMany({ data: jobs });
    await recordAudit(tx, { ...audit, institutionId: plan.institutionId, at, target: planTarget(plan.id) });
    return written;
  });
}

export async function listPlans(db: Db, institutionId: number): Promise<StoredPlan[]> {
  return (await db.actionPlan.findMany({ where: { institutionId }, orderBy: { id: "desc" } })).map(planOf);
}

export async function findPlan(db: Db, institutionId: number, id: number): Promise<StoredPlan | null> {
  const row = await db.actionPlan.findFirst({ where: { id, institutionId } });
  return row ? planOf(row) : null;
}

/** The items of these plans (every plan of the institution when null), in plan and item order. */
export async function planItems(db: Db, institutionId: number, planIds: readonly number[] | null): Promise<StoredItem[]> {
  const where = planIds ? { planId: { in: [...planIds] } } : { plan: { institutionId } };
  return (await itemRows(db, where)).map(itemOf);
}

export async function findItem(db: Db, institutionId: number, id: number): Promise<StoredItem | null> {
  const [row] = await itemRows(db, { id, plan: { institutionId } });
  return row ? itemOf(row) : null;
}

/**
 * Marks a stage (or, with none, every stage) done with the evidence given; the item is done
 * when all its stages are. Stages already done keep their time. Audited in the same transaction.
 */
export async function markDone(
  db: PrismaClient,
  item: StoredItem,
  position: number | null,
  evidence: Partial<Evidence>,
  by: string,
  at: Date,
  audit: Omit<AuditLine, "at" | "target" | "institutionId"> & { institutionId: number },
): Promise<StoredItem> {
  return writeTransaction(db, async (tx) => {
    await tx.actionStage.updateMany({
      where: { itemId: item.id, doneAt: null, ...(position === null ? {} : { position }) },
      data: { doneAt: at, doneBy: by },
    });
    const left = await tx.actionStage.count({ where: { itemId: item.id, doneAt: null } });
    const kept = Object.fromEntries(Object.entries(evidence).filter(([, v]) => v));
    await tx.actionItem.update({
      where: { id: item.id },
      data: {
        ...(kept.note ? { evidenceNote: kept.note } : {}),
        ...(kept.link ? { evidenceLink: kept.link } : {}),
        ...(kept.fileId ? { evidenceFileId: kept.fileId, evidenceFileName: kept.fileName ?? null } : {}),
        ...(left === 0 && item.status !== "done" ? { status: "done", doneAt: at, doneBy: by } : {}),
      },
    });
    await recordAudit(tx, { ...audit, at, target: itemTarget(item.planId, item.id) });
    const [row] = await itemRows(tx, { id: item.id });
    return itemOf(row as ItemRow);
  });
}

export interface PlanUser {
  telegramId: string;
  role: string;
  unit: string | null;
  username: string | null;
  firstName: string | null;
}

/** The institution's active users with their scope unit's code: whom references resolve to. */
export async function planUsers(db: Db, institutionId: number): Promise<PlanUser[]> {
  const rows = await db.user.findMany({
    where: { institutionId, revokedAt: null },
    select: { telegramId: true, role: true, username: true, firstName: true, scopeUnit: { select: { code: true } } },
    orderBy: { id: "asc" },
  });
  return rows.map(({ scopeUnit, ...u }) => ({ ...u, unit: scopeUnit?.code ?? null }));
}
