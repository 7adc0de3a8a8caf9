// The argument of /debtors, /stats, /practice: a unit code or name, possibly in Latin letters.
import { z } from "zod";
import { parseIntent, type UnitName } from "../../../core/index.ts";
import type { FiguresRequest } from "../../app/session/answer-figures.ts";
import { unitNames } from "../../app/structure/unit-names.ts";
import type { SapatContext } from "../../context.ts";

const arg = z.string().trim().max(200);

/** Unit names the user's institution knows (none for a stranger). */
export async function namesFor(ctx: SapatContext): Promise<UnitName[]> {
  return ctx.institution ? unitNames(ctx.deps.db, ctx.institution.id) : [];
}

/** What a command's text asks for; an unmatched word is passed on as the unit so the answer can say it was not found. */
export async function commandUnit(ctx: SapatContext, payload: string): Promise<FiguresRequest> {
  const text = arg.parse(payload.slice(0, 200));
  if (!text) return {};
  const intent = parseIntent(text, await namesFor(ctx));
  const unit = intent.unit ?? (intent.stage || intent.form || intent.year ? undefined : text);
  return {
    ...(unit ? { unit } : {}),
    ...(intent.stage ? { stage: intent.stage } : {}),
    ...(intent.form ? { form: intent.form } : {}),
    ...(intent.year ? { year: intent.year } : {}),
  };
}
