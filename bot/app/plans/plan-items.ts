// Items as people write them (a file's lines, a message, a review's recommendations) made
// into items to store: the text, the responsible read and their units resolved (codes,
// names, aliases, closest names), "every department of X" fanned out, the deadline read in
// the plan's academic year. Every line that cannot be read is named; nothing is kept then.
import {
  closestUnits,
  fanOut,
  findUnit,
  type Problem,
  parseDeadline,
  parseResponsible,
  problem,
  type ResponsibleRef,
  subtreeCodes,
  type UnitName,
} from "../../../core/index.ts";
import type { Unit } from "../../../prisma/generated/client.ts";
import type { NewItem, PlanUser } from "../../../prisma/store/plans.ts";
import { mayPlanFor, type PlanActor } from "./plan-people.ts";

export const MAX_ITEM_TEXT = 2000;
export const MAX_ITEMS = 500;

/** One item as written; `line` is where a file has it (0 for the bot). */
export interface ItemInput {
  line: number;
  number: string | null;
  text: string;
  responsible: string;
  deadline: string;
}

export type LineIssue = Problem & { line: number };

export interface PlanContext {
  who: PlanActor;
  units: Unit[];
  names: UnitName[];
  users: PlanUser[];
  /** the plan's academic year, "2026-2027" */
  year: string;
}

export interface ResolvedItems {
  items: (NewItem & { line: number })[];
  issues: LineIssue[];
}

const at = (line: number, p: Problem): LineIssue => ({ ...p, line });

/** A unit as named, as its code: known and within the asker's scope, else the problem. */
function unitCode(ctx: PlanContext, name: string): { ok: true; code: string } | { ok: false; problem: Problem } {
  const code = ctx.units.some((u) => u.code === name) ? name : findUnit(name, ctx.names);
  if (!code) {
    const closest = closestUnits(
      name,
      ctx.names.filter((n) => mayPlanFor(ctx.who, n.code)),
    );
    return {
      ok: false,
      problem: closest.length
        ? problem("unknownUnitClosest", { unit: name, closest: closest.join(", ") })
        : problem("unknownUnit", { unit: name }),
    };
  }
  return mayPlanFor(ctx.who, code) ? { ok: true, code } : { ok: false, problem: problem("planOutsideScope", { unit: code }) };
}

/** The references with their units as codes and people as stored ids; the departments fanned out to. */
function resolveRefs(
  ctx: PlanContext,
  refs: readonly ResponsibleRef[],
): { refs: ResponsibleRef[]; departments: string[] } | Problem {
  const out: ResponsibleRef[] = [];
  const departments: string[] = [];
  for (const ref of refs) {
    if (ref.kind === "user") {
      const u = ctx.users.find(
        (x) => x.telegramId === ref.user || (x.username && `@${x.username}`.toLowerCase() === ref.user.toLowerCase()),
      );
      if (!u) return problem("planUnknownUser", { user: ref.user });
      out.push({ kind: "user", user: u.telegramId });
      continue;
    }
    if (ref.kind === "role" && ref.unit === null) {
      out.push(ref);
      continue;
    }
    const code = unitCode(ctx, ref.unit as string);
    if (!code.ok) return code.problem;
    if (ref.kind === "departments") {
      const below = new Set(subtreeCodes(ctx.units, code.code) ?? []);
      const found = ctx.units.filter((u) => u.kind === "department" && below.has(u.code) && u.code !== code.code);
      if (!found.length) return problem("planNoDepartments", { unit: code.code });
      departments.push(...found.map((u) => u.code));
    }
    out.push({ ...ref, unit: code.code });
  }
  return { refs: out, departments };
}

/** Items to store for the lines given, numbered as written or 1, 2, … in order. */
export function resolveItems(ctx: PlanContext, inputs: readonly ItemInput[]): ResolvedItems {
  const items: ResolvedItems["items"] = [];
  const issues: LineIssue[] = [];
  if (inputs.length > MAX_ITEMS) return { items, issues: [at(0, problem("planTooManyItems", { max: MAX_ITEMS }))] };
  const idOf = new Map(ctx.units.map((u) => [u.code, u.id]));
  for (const [i, input] of inputs.entries()) {
    const text = input.text.replace(/\s+/gu, " ").trim();
    if (!text) {
      issues.push(at(input.line, problem("planNoText")));
      continue;
    }
    if (text.length > MAX_ITEM_TEXT) {
      issues.push(at(input.line, problem("planTextTooLong", { max: MAX_ITEM_TEXT })));
      continue;
    }
    const read = parseResponsible(input.responsible);
    if (!read.ok) {
      issues.push(at(input.line, read.problem));
      continue;
    }
    const resolved = resolveRefs(ctx, read.refs);
    if ("code" in resolved) {
      issues.push(at(input.line, resolved));
      continue;
    }
    const deadline = parseDeadline(input.deadline, ctx.year);
    if (!deadline.ok) {
      issues.push(at(input.line, deadline.problem));
      continue;
    }
    const number = input.number?.trim() || String(i + 1);
    for (const f of fanOut(number, resolved.refs, resolved.departments))
      items.push({
        line: input.line,
        number: f.number,
        text,
        unitId: f.unit ? (idOf.get(f.unit) ?? null) : null,
        responsibleText: input.responsible.trim(),
        responsible: f.refs,
        deadlineText: input.deadline.trim(),
        stages: deadline.deadline.stages,
      });
  }
  return { items, issues };
}
