// The argument of /debtors, /stats, /practice: a unit code or name, possibly in Latin letters.
import { z } from "zod";
import { parseIntent } from "../../../core/index.ts";
import { listUnits } from "../../../prisma/store/institutions.ts";
import type { SapatContext } from "../../context.ts";
import type { FiguresRequest } from "./reply.ts";

const arg = z.string().trim().max(200);

/** Unit names users may type: codes and the stored names. */
export async function unitNames(ctx: SapatContext) {
  if (!ctx.institution) return [];
  return (await listUnits(ctx.deps.db, ctx.institution.id)).map((u) => ({ code: u.code, names: [u.nameKy, u.nameRu, u.nameEn] }));
}

/** What a command's text asks for; an unmatched word is passed on as the unit so the answer can say it was not found. */
export async function commandUnit(ctx: SapatContext, payload: string): Promise<FiguresRequest> {
  const text = arg.parse(payload.slice(0, 200));
  if (!text) return {};
  const units = await unitNames(ctx);
  const intent = parseIntent(text, units);
  const unit = intent.unit ?? (intent.stage || intent.form || intent.year ? undefined : text);
  return {
    ...(unit ? { unit } : {}),
    ...(intent.stage ? { stage: intent.stage } : {}),
    ...(intent.form ? { form: intent.form } : {}),
    ...(intent.year ? { year: intent.year } : {}),
  };
}
