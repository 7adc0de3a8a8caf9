import { type Access, effectiveScope } from "../../core/index.ts";
import type { Wording } from "./problem.ts";

/** What a user may see, in words: their unit, or the whole university. */
export function scopeLabel(access: Access, w: Pick<Wording, "t">): string {
  const scope = effectiveScope(access);
  return scope.kind === "unit" ? w.t("bot.scope.unit", { unit: scope.unit }) : w.t("bot.scope.institution");
}
