// The unit tree (DOMAIN.md §2).

export interface UnitNode {
  id: number;
  code: string;
  parentId: number | null;
}

/** A unit's code and the codes of everything below it; null when the code is unknown. */
export function subtreeCodes(units: readonly UnitNode[], code: string): string[] | null {
  const root = units.find((u) => u.code === code);
  if (!root) return null;
  const out: UnitNode[] = [root];
  for (let i = 0; i < out.length; i++) {
    const id = (out[i] as UnitNode).id;
    out.push(...units.filter((u) => u.parentId === id && !out.includes(u)));
  }
  return out.map((u) => u.code);
}

/** Codes whose parent chain comes back to them: a tree with these would have no top. */
export function parentCycles(parentOf: ReadonlyMap<string, string | null>): Set<string> {
  const out = new Set<string>();
  for (const start of parentOf.keys()) {
    let at = parentOf.get(start) ?? null;
    for (let steps = 0; at !== null && steps <= parentOf.size; steps++) {
      if (at === start) {
        out.add(start);
        break;
      }
      at = parentOf.get(at) ?? null;
    }
  }
  return out;
}
