// A dean or head imports for his unit and what is below it only: every row naming another
// unit is named back, and nothing from the file is written. Totals and the units file speak
// for the whole institution, so only an institution-wide importer may send them.
import type { Scope } from "../../../core/index.ts";
import type { ImportIssue } from "../../io/table.ts";

/** The issues that refuse a file for this scope (none for the whole institution). */
export function outsideScope(
  scope: Scope | undefined,
  kind: string,
  unitLines: readonly { line: number; unit: string }[],
): ImportIssue[] {
  if (!scope || scope.kind === "institution") return [];
  if (kind === "totals" || kind === "units" || kind === "roster")
    return [{ line: 0, code: "importNeedsInstitution", params: { scope: scope.unit } }];
  const seen = new Set<number>();
  const issues: ImportIssue[] = [];
  for (const { line, unit } of unitLines) {
    // a figures row gives one value per year column: one issue per line
    if (scope.units.includes(unit) || seen.has(line)) continue;
    seen.add(line);
    issues.push({ line, code: "unitOutsideScope", params: { unit, scope: scope.unit } });
  }
  return issues;
}
