// What a survey's QR poster shows: the public link (no personal token; a unit's poster
// carries `unit:<code>` in the token field so its responses count for that unit), the
// title and close date, and the unit's name when the poster is for one unit.
import { canSeeUnit, fail, type Outcome, ok, personalLink, posterLink, posterToken } from "../../../core/index.ts";
import { listUnits } from "../../../prisma/store/institutions.ts";
import type { StoredSurvey } from "../../../prisma/store/surveys.ts";
import type { Sender } from "../delivery/audience.ts";
import type { AppDeps } from "../deps.ts";
import { resolveUnit } from "../structure/unit-names.ts";
import { surveyFor } from "./access.ts";

export interface Poster {
  survey: StoredSurvey;
  url: string;
  unit: { code: string; names: { ky: string | null; ru: string | null; en: string | null } } | null;
}

export async function surveyPoster(
  deps: AppDeps,
  sender: Sender,
  id: number,
  unitAsked?: string | null,
): Promise<Outcome<Poster>> {
  const found = await surveyFor(deps.db, sender, id);
  if (!found.ok) return found;
  const { survey } = found.value;
  const base = posterLink(survey.formUrl, survey.tokenField);
  if (!unitAsked) return ok({ survey, url: base, unit: null });
  const units = await listUnits(deps.db, sender.institutionId);
  const visible = (code: string) => canSeeUnit(sender.access, code);
  const code = await resolveUnit(
    deps.db,
    sender.institutionId,
    units.map((u) => u.code),
    unitAsked.trim(),
    visible,
  );
  if (!code.ok) return code;
  if (!visible(code.value)) return fail({ code: "audienceOutsideScope", params: { unit: code.value, scope: null } });
  const unit = units.find((u) => u.code === code.value);
  const url = survey.tokenField ? personalLink(base, survey.tokenField, posterToken(code.value)) : base;
  return ok({
    survey,
    url,
    unit: { code: code.value, names: { ky: unit?.nameKy ?? null, ru: unit?.nameRu ?? null, en: unit?.nameEn ?? null } },
  });
}
