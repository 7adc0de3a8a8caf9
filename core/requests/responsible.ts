// Who answers a request: every department (кафедра) below the unit asked, or — where a
// subtree has no departments, as the demo's faculties and the branches — its leaf units.

export interface TreeUnit {
  id: number;
  code: string;
  parentId: number | null;
  kind: string;
}

/** Children in the order the units are given (the store lists them by id). */
function childrenOf(units: readonly TreeUnit[]): Map<number | null, TreeUnit[]> {
  const out = new Map<number | null, TreeUnit[]>();
  for (const u of units) out.set(u.parentId, [...(out.get(u.parentId) ?? []), u]);
  return out;
}

/** The units below `roots` (roots included), depth first, so a faculty's departments stay together. */
function walk(roots: readonly TreeUnit[], children: Map<number | null, TreeUnit[]>): TreeUnit[] {
  const out: TreeUnit[] = [];
  const seen = new Set<number>();
  const visit = (u: TreeUnit) => {
    if (seen.has(u.id)) return;
    seen.add(u.id);
    out.push(u);
    for (const c of children.get(u.id) ?? []) visit(c);
  };
  for (const r of roots) visit(r);
  return out;
}

/**
 * The units responsible for answering, for each unit asked (null: the whole institution):
 * the departments of its subtree, else the subtree's leaves (a unit without children answers
 * for itself). Codes in tree order, each once; null when a code asked is unknown.
 */
export function responsibleUnits(units: readonly TreeUnit[], asked: readonly string[] | null): string[] | null {
  const children = childrenOf(units);
  const roots = asked === null ? (children.get(null) ?? []) : asked.map((code) => units.find((u) => u.code === code));
  if (roots.some((r) => r === undefined)) return null;
  const out: string[] = [];
  for (const root of roots as TreeUnit[]) {
    const subtree = walk([root], children);
    const departments = subtree.filter((u) => u.kind === "department");
    const chosen = departments.length ? departments : subtree.filter((u) => !children.get(u.id)?.length);
    for (const u of chosen) if (!out.includes(u.code)) out.push(u.code);
  }
  return out;
}

/** A unit's code and its ancestors' codes, nearest first (whose scope contains it); [] when unknown. */
export function ancestorsAndSelf(units: readonly TreeUnit[], code: string): string[] {
  const byId = new Map(units.map((u) => [u.id, u]));
  const out: string[] = [];
  let at = units.find((u) => u.code === code);
  while (at && !out.includes(at.code)) {
    out.push(at.code);
    at = at.parentId === null ? undefined : byId.get(at.parentId);
  }
  return out;
}
