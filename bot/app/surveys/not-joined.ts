// The students a survey's audience selects who are on the roster but got no link (they have
// not joined the bot): "everyone in the audience" — the denominator the published rates use
// (3 476 students = 53%) — counts them; "those the bot could reach" does not.
import { type Audience, subtreeCodes } from "../../../core/index.ts";
import { listUnits } from "../../../prisma/store/institutions.ts";
import { rosterOutside } from "../../../prisma/store/roster.ts";
import type { Db } from "../deps.ts";

export async function notJoined(
  db: Db,
  institutionId: number,
  audience: Audience,
  recipients: ReadonlySet<number>,
): Promise<{ unitCode: string; course: number }[]> {
  const selectsStudents = Boolean(
    audience.everyone || audience.units?.length || audience.courses?.length || audience.groups?.length,
  );
  // named people only, or staff roles only: no roster behind it
  if (!selectsStudents && !audience.roles?.includes("student")) return [];
  if (audience.roles?.length && !audience.roles.includes("student")) return [];
  let unitIds: number[] | undefined;
  if (audience.units?.length) {
    const units = await listUnits(db, institutionId);
    const codes = audience.units.flatMap((c) => subtreeCodes(units, c) ?? [c]);
    unitIds = units.filter((u) => codes.includes(u.code)).map((u) => u.id);
  }
  return rosterOutside(
    db,
    institutionId,
    {
      ...(unitIds ? { unitIds } : {}),
      ...(audience.courses ? { courses: audience.courses } : {}),
      ...(audience.forms ? { forms: audience.forms } : {}),
      ...(audience.groups ? { groups: audience.groups } : {}),
    },
    recipients,
  );
}
