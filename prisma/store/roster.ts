// The student roster: entries imported by the quality department, the groups they form, and
// binding a Telegram account to an entry through the group's join link.
import type { Form, RosterStudent, StoredStudent } from "../../core/index.ts";
import { type Db, type ImportProvenance, type PrismaClient, writeTransaction } from "./db.ts";
import { hashCode, type UserWithScope, WITH_SCOPE } from "./users.ts";

export interface StoredEntry extends StoredStudent {
  id: number;
}

/** The institution's roster with unit codes, in student-id order. */
export async function storedRoster(db: Db, institutionId: number): Promise<StoredEntry[]> {
  const rows = await db.rosterEntry.findMany({
    where: { institutionId },
    include: { unit: { select: { code: true } } },
    orderBy: { studentId: "asc" },
  });
  return rows.map((r) => ({
    id: r.id,
    studentId: r.studentId,
    fullName: r.fullName,
    groupName: r.groupName,
    unit: r.unit.code,
    course: r.course,
    form: r.form as Form,
    bound: r.userId !== null,
  }));
}

export interface RosterWrite {
  added: readonly (RosterStudent & { unitId: number })[];
  moved: readonly (RosterStudent & { unitId: number })[];
}

/**
 * Adds new students and updates moved ones in one transaction; a moved student's bound
 * account follows him (course, form, group, scope), and no entry is ever unbound or removed.
 */
export async function saveRoster(
  db: PrismaClient,
  institutionId: number,
  write: RosterWrite,
  batch: ImportProvenance,
  now: Date,
): Promise<{ importId: number }> {
  return writeTransaction(db, async (tx) => {
    const data = (s: RosterStudent & { unitId: number }) => ({
      fullName: s.fullName,
      groupName: s.groupName,
      unitId: s.unitId,
      course: s.course,
      form: s.form,
      importedAt: now,
    });
    if (write.added.length)
      await tx.rosterEntry.createMany({
        data: write.added.map((s) => ({ institutionId, studentId: s.studentId, ...data(s) })),
      });
    for (const s of write.moved) {
      const entry = await tx.rosterEntry.update({
        where: { institutionId_studentId: { institutionId, studentId: s.studentId } },
        data: data(s),
      });
      if (entry.userId !== null)
        await tx.user.update({
          where: { id: entry.userId },
          data: { scopeUnitId: s.unitId, course: s.course, form: s.form, groupName: s.groupName },
        });
    }
    const rows = write.added.length + write.moved.length;
    const record = await tx.importBatch.create({
      data: {
        institutionId,
        kind: "roster",
        fileName: batch.fileName,
        sha256: batch.sha256,
        rowsRead: rows,
        rowsAdded: write.added.length,
        enteredBy: batch.enteredBy,
      },
    });
    return { importId: record.id };
  });
}

export interface RosterGroup {
  groupName: string;
  students: number;
  bound: number;
  /** the unit, course and form most of the group's students have */
  unitId: number;
  unit: string;
  course: number;
  form: Form;
}

/** The roster's groups, by name, each with its size and what its students mostly are. */
export async function rosterGroups(db: Db, institutionId: number): Promise<RosterGroup[]> {
  const rows = await db.rosterEntry.findMany({
    where: { institutionId },
    select: { groupName: true, unitId: true, course: true, form: true, userId: true, unit: { select: { code: true } } },
  });
  const groups = new Map<string, { students: number; bound: number; kinds: Map<string, { n: number; row: (typeof rows)[0] }> }>();
  for (const r of rows) {
    const g = groups.get(r.groupName) ?? { students: 0, bound: 0, kinds: new Map() };
    g.students++;
    if (r.userId !== null) g.bound++;
    const key = `${r.unitId}|${r.course}|${r.form}`;
    const k = g.kinds.get(key) ?? { n: 0, row: r };
    k.n++;
    g.kinds.set(key, k);
    groups.set(r.groupName, g);
  }
  return [...groups]
    .map(([groupName, g]) => {
      const main = [...g.kinds.values()].sort((a, b) => b.n - a.n)[0]?.row ?? rows[0];
      if (!main) throw new Error("a group without students");
      return {
        groupName,
        students: g.students,
        bound: g.bound,
        unitId: main.unitId,
        unit: main.unit.code,
        course: main.course,
        form: main.form as Form,
      };
    })
    .sort((a, b) => a.groupName.localeCompare(b.groupName, "ru"));
}

/** The invite a /start code names, if any (its hash is the key). */
export async function inviteByCode(db: Db, code: string) {
  return db.invite.findUnique({ where: { codeHash: hashCode(code) } });
}

export type JoinResult =
  | { ok: true; user: UserWithScope; already: boolean }
  | { ok: false; reason: "unknownInvite" | "expired" | "full" | "unknownId" | "idTaken" };

/**
 * Binds an account to the roster entry of `studentId` in the link's group, taking one of the
 * link's uses — all or nothing, in one transaction. The claim is a conditional update
 * (`uses < maxUses`, not expired, not revoked), so a full link lets in exactly its limit.
 * `already`: this account is bound to this very entry (a second message, a redelivery).
 */
export async function joinByStudentId(
  db: PrismaClient,
  input: {
    inviteId: number;
    studentId: string;
    account: { telegramId: string; firstName?: string | null; username?: string | null; language?: string | null };
  },
  now: Date,
): Promise<JoinResult> {
  return writeTransaction(db, async (tx) => {
    const invite = await tx.invite.findUnique({ where: { id: input.inviteId } });
    if (!invite?.roster || invite.groupName === null) return { ok: false, reason: "unknownInvite" };
    if (invite.revokedAt !== null || invite.expiresAt <= now) return { ok: false, reason: "expired" };
    const entry = await tx.rosterEntry.findUnique({
      where: { institutionId_studentId: { institutionId: invite.institutionId, studentId: input.studentId } },
    });
    // an id of another group is refused as if unknown: a link does not tell who studies elsewhere
    if (!entry || entry.groupName !== invite.groupName) return { ok: false, reason: "unknownId" };
    const existing = await tx.user.findUnique({ where: { telegramId: input.account.telegramId }, include: WITH_SCOPE });
    if (entry.userId !== null) {
      if (existing && entry.userId === existing.id && existing.revokedAt === null)
        return { ok: true, user: existing, already: true };
      return { ok: false, reason: "idTaken" };
    }
    // an account already on the roster stays with its own entry (entries are never unbound)
    if (existing && existing.revokedAt === null && (await tx.rosterEntry.findUnique({ where: { userId: existing.id } })))
      return { ok: true, user: existing, already: true };
    const claimed = await tx.invite.updateMany({
      where: { id: invite.id, uses: { lt: invite.maxUses }, expiresAt: { gt: now }, revokedAt: null },
      data: { uses: { increment: 1 }, usedAt: now },
    });
    if (claimed.count !== 1) return { ok: false, reason: "full" };
    const data = {
      institutionId: invite.institutionId,
      role: "student",
      scopeUnitId: entry.unitId,
      course: entry.course,
      form: entry.form,
      groupName: entry.groupName,
      inviteId: invite.id,
      firstName: input.account.firstName ?? null,
      username: input.account.username ?? null,
      ...(input.account.language ? { language: input.account.language } : {}),
      revokedAt: null,
      revokedBy: null,
    };
    const user = await tx.user.upsert({
      where: { telegramId: input.account.telegramId },
      create: { ...data, telegramId: input.account.telegramId },
      update: data,
      include: WITH_SCOPE,
    });
    await tx.rosterEntry.update({ where: { id: entry.id }, data: { userId: user.id, boundAt: now } });
    return { ok: true, user, already: false };
  });
}

/** The roster entry an account is bound to, if any. */
export async function rosterEntryOf(db: Db, userId: number) {
  return db.rosterEntry.findUnique({ where: { userId } });
}

/** Takes a link back: nobody joins with it any more. */
export async function revokeInvite(db: Db, institutionId: number, id: number, now: Date): Promise<boolean> {
  const { count } = await db.invite.updateMany({ where: { id, institutionId, revokedAt: null }, data: { revokedAt: now } });
  return count === 1;
}

/** Roster students an audience selects who are not among `recipients` (never joined, or joined after the launch). */
export async function rosterOutside(
  db: Db,
  institutionId: number,
  f: { unitIds?: number[]; courses?: number[]; forms?: string[]; groups?: string[] },
  recipients: ReadonlySet<number>,
): Promise<{ unitCode: string; course: number }[]> {
  const rows = await db.rosterEntry.findMany({
    where: {
      institutionId,
      ...(f.unitIds ? { unitId: { in: f.unitIds } } : {}),
      ...(f.courses?.length ? { course: { in: f.courses } } : {}),
      ...(f.forms?.length ? { form: { in: f.forms } } : {}),
      ...(f.groups?.length ? { groupName: { in: f.groups } } : {}),
    },
    select: { userId: true, course: true, unit: { select: { code: true } } },
  });
  return rows
    .filter((r) => r.userId === null || !recipients.has(r.userId))
    .map((r) => ({ unitCode: r.unit.code, course: r.course }));
}
