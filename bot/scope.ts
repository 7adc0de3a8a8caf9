// The one scope check every read goes through: who may see which unit's figures.
import { resolveRequest } from "../core/index.ts";
import type { SapatContext } from "./context.ts";

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
  const scope = ctx.access.scope;
  return {
    key: "bot.denied",
    params: {
      unit: r.unit ?? ctx.t("bot.scope.institution"),
      scope: scope.kind === "unit" ? scope.unit : ctx.t("bot.scope.institution"),
    },
  };
}

export function isRefusal(x: object): x is Refusal {
  return "key" in x;
}
