// Roles and scopes (DOMAIN.md §1): the one place that decides who may see what.

export const ROLES = ["admin", "leader", "dean", "head", "teacher", "student"] as const;
export type Role = (typeof ROLES)[number];

/**
 * Roles that see only what is theirs (their surveys, /lang, /settings, /help), never figures:
 * teaching staff are reached through their own accounts, students through the roster.
 */
export const OWN_ONLY_ROLES = ["teacher", "student"] as const satisfies readonly Role[];

export function seesOnlyOwn(role: Role): boolean {
  return (OWN_ONLY_ROLES as readonly Role[]).includes(role);
}

/** A unit with everything below it, or the whole institution. */
export type Scope = { kind: "institution" } | { kind: "unit"; unit: string; units: readonly string[] };

export interface Access {
  role: Role;
  scope: Scope;
}

const PERMISSIONS = {
  /** session figures: debtors, achievement, practice */
  viewFigures: ["admin", "leader", "dean", "head"],
  manageUsers: ["admin"],
  /** practice and session figures typed in a chat: a head for his unit, a dean within his scope, an admin anywhere */
  enterFigures: ["admin", "dean", "head"],
  /** an earlier version of a figure brought back as the current one */
  restoreVersions: ["admin"],
  /** spreadsheets sent to the bot: the quality department for all, a dean or head for his unit */
  importFiles: ["admin", "dean", "head"],
  /** institution-wide settings (the rule review summaries are judged by) */
  manageSettings: ["admin"],
} as const satisfies Record<string, readonly Role[]>;
export type Permission = keyof typeof PERMISSIONS;

export function roleCan(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

export function can(access: Access, permission: Permission): boolean {
  return roleCan(access.role, permission);
}

/** Leaders and admins see the institution whatever their stored scope says. */
export function effectiveScope(access: Access): Scope {
  return access.role === "admin" || access.role === "leader" ? { kind: "institution" } : access.scope;
}

export function canSeeUnit(access: Access, unit: string): boolean {
  const scope = effectiveScope(access);
  return scope.kind === "institution" || scope.units.includes(unit);
}

/**
 * What a request may cover: the unit asked for when it is within scope (null asks for the
 * whole institution), else the user's own scope when nothing was asked; `denied` when
 * what was asked lies outside it.
 */
export function resolveRequest(
  access: Access,
  requested: string | null | undefined,
): { ok: true; unit: string | null } | { ok: false; reason: "denied" | "forbidden"; unit: string | null } {
  if (!can(access, "viewFigures")) return { ok: false, reason: "forbidden", unit: requested ?? null };
  const scope = effectiveScope(access);
  if (requested === undefined) return { ok: true, unit: scope.kind === "institution" ? null : scope.unit };
  if (requested === null)
    return scope.kind === "institution" ? { ok: true, unit: null } : { ok: false, reason: "denied", unit: null };
  if (!canSeeUnit(access, requested)) return { ok: false, reason: "denied", unit: requested };
  return { ok: true, unit: requested };
}

/** The quality department acting for the whole institution: the CLI, the scheduler's jobs. */
export const INSTITUTION_ACCESS: Access = { role: "admin", scope: { kind: "institution" } };
