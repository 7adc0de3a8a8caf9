// One join link per roster group: a multi-use invite carrying the group (and the unit, course
// and form most of its students have), for up to the group's size and a tenth more unless
// told otherwise. Students opening it give their id and are bound to their roster entry.
import { closestMatch, defaultGroupUses, type Form, fail, type Outcome, ok, problem } from "../../../core/index.ts";
import { type RosterGroup, revokeInvite, rosterGroups } from "../../../prisma/store/roster.ts";
import { createInvite } from "../../../prisma/store/users.ts";
import type { AppDeps } from "../deps.ts";

/** The most people one invite may let in (as `sapat invite create --uses`). */
export const MAX_LINK_USES = 1000;

export interface GroupLink {
  group: string;
  unit: string;
  course: number;
  form: Form;
  students: number;
  bound: number;
  maxUses: number;
  inviteId: number;
  code: string;
  expiresAt: Date;
}

export interface GroupLinkRequest {
  institutionId: number;
  /** group names, or every group of the roster */
  groups: readonly string[] | "all";
  /** the same limit for every link; default the group's size and a tenth more */
  uses?: number;
  expiresInMs: number;
  createdBy: string;
}

function pick(groups: readonly RosterGroup[], asked: GroupLinkRequest["groups"]): Outcome<RosterGroup[]> {
  if (!groups.length) return fail(problem("rosterEmpty"));
  if (asked === "all") return ok([...groups]);
  const byName = new Map(groups.map((g) => [g.groupName, g]));
  const folded = new Map(groups.map((g) => [g.groupName.toLowerCase(), g]));
  const out: RosterGroup[] = [];
  for (const name of asked) {
    const g = byName.get(name) ?? folded.get(name.toLowerCase());
    if (!g) {
      const closest = closestMatch(name, [...byName.keys()]);
      return fail(
        closest
          ? problem("rosterGroupUnknownSuggest", { group: name, suggestion: closest })
          : problem("rosterGroupUnknown", { group: name }),
      );
    }
    if (!out.includes(g)) out.push(g);
  }
  return ok(out);
}

/** A link per group asked, each a new invite; nothing is issued when one group is unknown. */
export async function issueGroupLinks(deps: AppDeps, req: GroupLinkRequest): Promise<Outcome<GroupLink[]>> {
  const chosen = pick(await rosterGroups(deps.db, req.institutionId), req.groups);
  if (!chosen.ok) return chosen;
  const expiresAt = new Date(deps.now().getTime() + req.expiresInMs);
  const links: GroupLink[] = [];
  for (const g of chosen.value) {
    const maxUses = Math.min(MAX_LINK_USES, req.uses ?? defaultGroupUses(g.students));
    const { code, invite } = await createInvite(deps.db, {
      institutionId: req.institutionId,
      role: "student",
      scopeUnitId: g.unitId,
      course: g.course,
      form: g.form,
      groupName: g.groupName,
      roster: true,
      expiresAt,
      createdBy: req.createdBy,
      maxUses,
    });
    links.push({
      group: g.groupName,
      unit: g.unit,
      course: g.course,
      form: g.form,
      students: g.students,
      bound: g.bound,
      maxUses,
      inviteId: invite.id,
      code,
      expiresAt,
    });
  }
  return ok(links);
}

/** An invite taken back before its expiry (a link that leaked): false when there is no such active one. */
export async function revokeLink(deps: AppDeps, institutionId: number, id: number): Promise<boolean> {
  return revokeInvite(deps.db, institutionId, id, deps.now());
}
