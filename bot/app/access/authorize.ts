// The one scope check every read goes through: who may see which unit's figures.
import { type Access, effectiveScope, resolveRequest } from "../../../core/index.ts";
import type { SapatContext } from "../../context.ts";

export type Refusal = { key: string; params?: Record<string, string> };

/**
 * The unit a request may cover (null = the whole institution), or the localized reason
 * it may not. `requested` is a unit code, null the whole institution, undefined "my own scope".
 */
export function authorize(ctx: SapatContext, requested: string | null | undefined): { unit: string | null } | Refusal {
  if (!ctx.user || !ctx.access) return { key: "bot.needInvite" };
  const r = resolveRequest(ctx.access, requested);
  if (r.ok) return { unit: r.unit };
  if (r.reason === "forbidden") return { key: "bot.forbidden" };
  return { key: "bot.denied", params: { unit: r.unit ?? ctx.t("bot.scope.institution"), scope: scopeLabel(ctx, ctx.access) } };
}

/** What a user may see, in words: their unit, or the whole university. */
export function scopeLabel(ctx: SapatContext, access: Access): string {
  const scope = effectiveScope(access);
  return scope.kind === "unit" ? ctx.t("bot.scope.unit", { unit: scope.unit }) : ctx.t("bot.scope.institution");
}

export function isRefusal(x: object): x is Refusal {
  return "key" in x;
}
