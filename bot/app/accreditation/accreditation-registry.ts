// The accreditation registry on a day (DOMAIN.md §5): every programme in the asker's scope with
// its current accreditation, status and days left, and the counts. `sapat accreditation`,
// /accreditation and the expiry reminders all come from here.
import {
  ACCREDITATION_STATUSES,
  type AccreditationStatus,
  DEFAULT_WINDOW,
  type ExpiryWindow,
  fail,
  localDay,
  type Outcome,
  ok,
  type ProgrammeLevel,
  parseDay,
  parseLevel,
  parseWindow,
  problem,
  type RegistryRow,
  registryRows,
  type StatusCounts,
  statusCounts,
} from "../../../core/index.ts";
import {
  loadAccreditations,
  loadProgrammes,
  type StoredAccreditation,
  type StoredProgramme,
} from "../../../prisma/store/accreditation.ts";
import { authorizeUnit, type UnitAsked } from "../access/scoped-unit.ts";
import type { Actor, AppDeps } from "../deps.ts";

export interface RegistryRequest extends UnitAsked {
  /** a level id or word (бакалавр, магистратура, …) */
  level?: string;
  /** only rows in these states; counts still cover every state */
  status?: readonly string[];
  /** the day to judge on, as typed (25.09.2026 or 2026-09-25); absent: today where the institution is */
  on?: string;
  /** "12m", "6 ай", "90d" or a window; absent: 12 months */
  within?: string | ExpiryWindow;
}

export type RegistryLine = RegistryRow<StoredProgramme, StoredAccreditation>;

export interface Registry {
  /** the day judged on, yyyy-mm-dd */
  on: string;
  window: ExpiryWindow;
  /** the unit asked for; null the institution */
  unit: string | null;
  unitId: number;
  level: ProgrammeLevel | null;
  /** rows in the states asked for, soonest expiry first */
  rows: RegistryLine[];
  /** every programme in scope (and level), by state */
  counts: StatusCounts;
  /** every decision in scope, superseded ones too */
  decisions: StoredAccreditation[];
}

/** The registry's options read as typed: a problem naming the first bad one. */
export function registryOptions(
  req: Pick<RegistryRequest, "level" | "status" | "on" | "within">,
  today: string,
): Outcome<{ on: string; window: ExpiryWindow; level: ProgrammeLevel | null; status: AccreditationStatus[] | null }> {
  const on = req.on === undefined ? today : parseDay(req.on);
  if (!on) return fail(problem("accreditationBadDay", { value: String(req.on) }));
  let window = DEFAULT_WINDOW;
  if (typeof req.within === "string") {
    const parsed = parseWindow(req.within);
    if (!parsed.ok) return fail(parsed.problem);
    window = parsed.window;
  } else if (req.within) window = req.within;
  const level = req.level === undefined ? null : parseLevel(req.level);
  if (req.level !== undefined && !level) return fail(problem("accreditationBadLevel", { value: req.level }));
  const bad = req.status?.find((s) => !(ACCREDITATION_STATUSES as readonly string[]).includes(s));
  if (bad !== undefined)
    return fail(problem("accreditationBadStatus", { value: bad, allowed: ACCREDITATION_STATUSES.join(", ") }));
  return ok({ on, window, level, status: (req.status as AccreditationStatus[] | undefined) ?? null });
}

export async function accreditationRegistry(deps: AppDeps, actor: Actor, req: RegistryRequest): Promise<Outcome<Registry>> {
  const scoped = await authorizeUnit(deps, actor, req);
  if (!scoped.ok) return scoped;
  const { institution, unit, unitIds, unitId } = scoped.value;
  const options = registryOptions(req, localDay(deps.now(), institution.timeZone));
  if (!options.ok) return options;
  const { on, window, level, status } = options.value;
  const scope = unitIds ? { unitIds } : {};
  const [programmes, decisions] = await Promise.all([
    loadProgrammes(deps.db, institution.id, { ...scope, ...(level ? { level } : {}) }),
    loadAccreditations(deps.db, institution.id, scope),
  ]);
  const all = registryRows(programmes, decisions, on, window);
  return ok({
    on,
    window,
    unit,
    unitId,
    level,
    rows: status ? all.filter((r) => status.includes(r.status)) : all,
    counts: statusCounts(all),
    decisions,
  });
}
