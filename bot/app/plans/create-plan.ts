// A plan from a file (CSV or XLSX: item, text, responsible, controller, deadline), from
// typed items or from a review's recommendations: checked whole — each line that cannot be
// read named, nothing written then — shown first, and written with its reminder jobs and
// audit line in one transaction. Admins and leaders plan for all, deans within their faculty.
import { academicYearAt, fail, type Outcome, ok, parseAcademicYear, problem } from "../../../core/index.ts";
import { institutionById, listUnits } from "../../../prisma/store/institutions.ts";
import {
  insertPlan,
  type NewItem,
  type PlanKind,
  planItems,
  planUsers,
  type StoredItem,
  type StoredPlan,
} from "../../../prisma/store/plans.ts";
import type { AppDeps, Institution } from "../deps.ts";
import { readImportBytes } from "../imports/read-file.ts";
import { refusedOn } from "../requests/requester.ts";
import { unitNames } from "../structure/unit-names.ts";
import { type ItemInput, type LineIssue, type PlanContext, type ResolvedItems, resolveItems } from "./plan-items.ts";
import { planJobs } from "./plan-jobs.ts";
import { mayCreatePlans, type PlanActor, planCreator } from "./plan-people.ts";
import { rowsOfTable } from "./plan-rows.ts";

export interface PlanHeader {
  title: string;
  source?: string | null;
  kind?: PlanKind;
  /** the controller as written: a Telegram id, @username, or words ("Проректор по учебной работе") */
  controller: string | null;
  /** "2026-2027"; default: the academic year in progress */
  year?: string | null;
}

export interface PlanPreview {
  header: {
    title: string;
    source: string | null;
    kind: PlanKind;
    year: string;
    controllerText: string;
    controllerId: string | null;
  };
  items: ResolvedItems["items"];
}

/** A plan that could not be read: every line's problem (line 0: the plan as a whole). */
export type PlanRead = { ok: true; preview: PlanPreview } | { ok: false; issues: LineIssue[] };

const whole = (p: ReturnType<typeof problem>): PlanRead => ({ ok: false, issues: [{ ...p, line: 0 }] });

async function contextFor(deps: AppDeps, who: PlanActor, inst: Institution, year: string): Promise<PlanContext> {
  const [units, names, users] = await Promise.all([
    listUnits(deps.db, inst.id),
    unitNames(deps.db, inst.id),
    planUsers(deps.db, inst.id),
  ]);
  return { who, units, names, users, year };
}

/** The plan's items checked and resolved, nothing written. */
export async function previewPlan(
  deps: AppDeps,
  who: PlanActor,
  header: PlanHeader,
  rows: readonly ItemInput[],
): Promise<PlanRead> {
  const inst = await institutionById(deps.db, who.institutionId);
  if (!inst || !mayCreatePlans(who)) return whole(problem("planForbidden"));
  const title = header.title.replace(/\s+/gu, " ").trim();
  if (!title || title.length > 300) return whole(problem("planBadTitle"));
  const year = header.year ? parseAcademicYear(header.year) : academicYearAt(deps.now(), inst.timeZone);
  if (!year) return whole(problem("requestBadYear", { value: header.year ?? "" }));
  const controller = header.controller?.replace(/\s+/gu, " ").trim();
  if (!controller) return whole(problem("planNoController"));
  if (!rows.length) return whole(problem("planNoItems"));
  const ctx = await contextFor(deps, who, inst, year);
  let controllerId: string | null = null;
  if (/^(?:@[A-Za-z0-9_]{3,32}|\d{5,20})$/u.test(controller)) {
    const u = ctx.users.find(
      (x) => x.telegramId === controller || `@${x.username ?? ""}`.toLowerCase() === controller.toLowerCase(),
    );
    if (!u) return whole(problem("planUnknownUser", { user: controller }));
    controllerId = u.telegramId;
  }
  const resolved = resolveItems(ctx, rows);
  if (resolved.issues.length) return { ok: false, issues: resolved.issues };
  const twin = await samePlan(deps, inst.id, resolved.items);
  if (twin !== null) return whole(problem("planDuplicate", { id: twin }));
  return {
    ok: true,
    preview: {
      header: {
        title,
        source: header.source ?? null,
        kind: header.kind ?? "resolution",
        year,
        controllerText: controller,
        controllerId,
      },
      items: resolved.items,
    },
  };
}

/** Items as a plan holds them, order aside: the same file sent twice has the same ones. */
const fingerprint = (items: readonly { number: string; text: string; deadlineText: string }[]) =>
  items
    .map((i) => `${i.number}\u0000${i.text}\u0000${i.deadlineText}`)
    .sort()
    .join("\u0001");

/** A stored plan with exactly these items (the same resolution imported again), or null. */
async function samePlan(deps: AppDeps, institutionId: number, items: readonly NewItem[]): Promise<number | null> {
  const stored = await planItems(deps.db, institutionId, null);
  const byPlan = new Map<number, StoredItem[]>();
  for (const i of stored) byPlan.set(i.planId, [...(byPlan.get(i.planId) ?? []), i]);
  const mine = fingerprint(items);
  for (const [id, its] of byPlan) if (fingerprint(its) === mine) return id;
  return null;
}

export interface CreatedPlan {
  plan: StoredPlan;
  items: StoredItem[];
}

/** Writes a previewed plan: its items, the reminders and overdue lists to come, the audit line. */
export async function writePlan(deps: AppDeps, who: PlanActor, preview: PlanPreview): Promise<Outcome<CreatedPlan>> {
  const inst = await institutionById(deps.db, who.institutionId);
  if (!inst) return fail(problem("planForbidden"));
  const now = deps.now();
  const { header } = preview;
  const stored = await insertPlan(
    deps.db,
    {
      institutionId: inst.id,
      title: header.title,
      source: header.source,
      kind: header.kind,
      year: header.year,
      controllerText: header.controllerText,
      controllerId: header.controllerId,
      createdBy: planCreator(who),
    },
    preview.items.map(({ line: _line, ...item }) => item),
    now,
    (plan, items) => planJobs(plan, items, inst, now),
    {
      actor: who.actor,
      chatId: who.chatId,
      action: "plan.create",
      outcome: "written",
      detail: { title: header.title, items: preview.items.length, controller: header.controllerText },
    },
  );
  return ok(stored);
}

/** A refused plan on the audit log (its first problem), the problems passed on. */
export async function refusedPlan(deps: AppDeps, who: PlanActor, issues: readonly LineIssue[]): Promise<void> {
  const first = issues[0];
  if (first)
    await refusedOn(deps, who, "plan.create", "plan:new", { code: first.code, params: { ...first.params, line: first.line } });
}

export type ImportedPlan = { written: false; preview: PlanPreview } | ({ written: true; preview: PlanPreview } & CreatedPlan);

/** A plan file: read, checked, shown; written only when `yes`. */
export async function importPlanFile(
  deps: AppDeps,
  who: PlanActor,
  bytes: Uint8Array,
  header: Omit<PlanHeader, "controller"> & { controller?: string | null },
  yes: boolean,
): Promise<{ ok: true; value: ImportedPlan } | { ok: false; issues: LineIssue[] }> {
  const table = await readImportBytes(bytes);
  if ("code" in table) return { ok: false, issues: [table] };
  const rows = rowsOfTable(table.table);
  if (!rows.ok) return rows;
  const controller = header.controller ?? rows.controller;
  const read = await previewPlan(deps, who, { ...header, controller }, rows.rows);
  if (!read.ok) {
    await refusedPlan(deps, who, read.issues);
    return read;
  }
  if (!yes) return { ok: true, value: { written: false, preview: read.preview } };
  const written = await writePlan(deps, who, read.preview);
  if (!written.ok) return { ok: false, issues: [{ ...written.problem, line: 0 }] };
  return { ok: true, value: { written: true, preview: read.preview, ...written.value } };
}

/** One item per recommendation of an external review ("standard 2: …"), all with the same deadline. */
export async function plansFromRecommendations(
  deps: AppDeps,
  who: PlanActor,
  input: {
    title: string;
    controller: string;
    deadline: string;
    responsible?: string;
    year?: string | null;
    source?: string | null;
    recommendations: readonly { standard: string; text: string }[];
  },
): Promise<Outcome<CreatedPlan>> {
  // numbered by standard ("3.1", "3.2" for standard 3's two), so the item says where it comes from
  const seen = new Map<string, number>();
  const rows: ItemInput[] = input.recommendations.map((r, i) => {
    const k = (seen.get(r.standard) ?? 0) + 1;
    seen.set(r.standard, k);
    return {
      line: i + 1,
      number: /^\d{1,2}$/.test(r.standard) ? `${r.standard}.${k}` : String(i + 1),
      text: /^\d{1,2}$/.test(r.standard) || !r.standard ? r.text : `${r.standard}: ${r.text}`,
      responsible: input.responsible ?? input.controller,
      deadline: input.deadline,
    };
  });
  const read = await previewPlan(
    deps,
    who,
    { title: input.title, controller: input.controller, kind: "review", year: input.year ?? null, source: input.source ?? null },
    rows,
  );
  if (!read.ok) {
    await refusedPlan(deps, who, read.issues);
    const first = read.issues[0] as LineIssue;
    return fail(problem(first.code, { ...first.params, ...(first.line ? { line: first.line } : {}) }));
  }
  return writePlan(deps, who, read.preview);
}
