// The argument of /debtors, /stats, /practice: a unit code, name or alias (possibly in Latin
// letters), a stage, form, year or course.
import { z } from "zod";
import { type Intent, parseIntent, type UnitName } from "../../../core/index.ts";
import type { FiguresRequest } from "../../app/session/answer-figures.ts";
import { unitNames } from "../../app/structure/unit-names.ts";
import type { SapatContext } from "../../context.ts";

const arg = z.string().trim().max(200);

/** Unit names the user's institution knows (none for a stranger). */
export async function namesFor(ctx: SapatContext): Promise<UnitName[]> {
  return ctx.institution ? unitNames(ctx.deps.db, ctx.institution.id) : [];
}

/** What a parsed text asks for; words no unit is called are passed on as the unit, so the answer can say it was not found. */
export function requestOf(intent: Intent): FiguresRequest {
  const unit = intent.unit ?? intent.unknown;
  return {
    ...(unit ? { unit } : {}),
    ...(intent.stage ? { stage: intent.stage } : {}),
    ...(intent.form ? { form: intent.form } : {}),
    ...(intent.year ? { year: intent.year } : {}),
    ...(intent.course ? { course: intent.course } : {}),
  };
}

/** What a command's text asks for. */
export async function commandUnit(ctx: SapatContext, payload: string): Promise<FiguresRequest> {
  const text = arg.parse(payload.slice(0, 200));
  return text ? requestOf(parseIntent(text, await namesFor(ctx))) : {};
}
