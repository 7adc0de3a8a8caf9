// sapat import roster (preview, --yes, a student moved with his bound account, errors by line),
// sapat invite group (one link, all groups, JSON, CSV, revoke), the roster sent to the bot, teachers.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { confirmUpload, receiveUpload } from "../../bot/app/imports/upload-file.ts";
import { joinByStudentId } from "../../prisma/store/roster.ts";
import { hashCode } from "../../prisma/store/users.ts";
import { cli, DATA, tempDatabaseUrl, withPrisma } from "../helpers.ts";

const SAMPLE = path.resolve(import.meta.dirname, "../../data/students/roster-sample.csv");
const db = tempDatabaseUrl();
const file = (name: string, text: string) => {
  const p = path.join(db.dir, name);
  writeFileSync(p, text);
  return p;
};
const en = (...argv: string[]) => cli(db.url, "--lang", "en", ...argv);

beforeAll(async () => {
  expect((await cli(db.url, "import", "units", `${DATA}/kstu-units.csv`)).code).toBe(0);
});
afterAll(() => db.cleanup());

describe("sapat import roster", () => {
  it("writes new students at once; the same file again changes nothing", async () => {
    const first = await en("import", "roster", SAMPLE);
    expect(first.code).toBe(0);
    expect(first.out).toBe("roster-sample.csv: 12 students read — 12 new, 0 changed, 0 unchanged.");
    const again = await en("import", "roster", SAMPLE, "--json");
    expect(JSON.parse(again.out)).toMatchObject({ status: "written", read: 12, roster: { added: 0, unchanged: 12, moved: [] } });
    await withPrisma(db.url, async (p) => {
      expect(await p.rosterEntry.count()).toBe(12);
      // ids as text, leading zeros kept; unit by name resolved to its code
      const e = await p.rosterEntry.findFirstOrThrow({ where: { studentId: "0241001" }, include: { unit: true } });
      expect(e.unit.code).toBe("ЭФ");
      expect((await p.rosterEntry.findFirstOrThrow({ where: { studentId: "0222001" } })).form).toBe("part-time");
    });
  });

  it("a moved student waits for --yes, then moves with his bound account; missing students are kept and named", async () => {
    await withPrisma(db.url, async (p) => {
      const invite = await p.invite.create({
        data: {
          institutionId: 1,
          codeHash: hashCode("joinlink"),
          role: "student",
          groupName: "ЭЭ-1-23",
          roster: true,
          maxUses: 5,
          expiresAt: new Date(Date.now() + 86_400_000),
          createdBy: "test",
        },
      });
      const r = await joinByStudentId(
        p,
        { inviteId: invite.id, studentId: "0231001", account: { telegramId: "777" } },
        new Date(),
      );
      expect(r.ok).toBe(true);
    });
    const moved = file(
      "moved.csv",
      "student_id,full_name,group,unit,course,form\n0231001,Асанов Бакыт (synthetic),ЭЭ-1-24,ЭФ,3,full-time\n0231002,Бекова Айжан (synthetic),ЭЭ-1-23,ЭФ,2,full-time\n",
    );
    const pending = await en("import", "roster", moved);
    expect(pending.code).toBe(2);
    expect(pending.out).toContain("2 students read — 0 new, 1 would change, 1 unchanged. Nothing was written.");
    expect(pending.out).toContain(
      "• line 2: 0231001 Асанов Бакыт (synthetic): group ЭЭ-1-23 → ЭЭ-1-24; course 2 → 3 (the bound account follows)",
    );
    expect(pending.out).toContain("Not in the file, kept on the roster (10):");
    expect(pending.err).toContain("--yes");
    await withPrisma(db.url, async (p) => {
      expect((await p.rosterEntry.findFirstOrThrow({ where: { studentId: "0231001" } })).groupName).toBe("ЭЭ-1-23");
    });
    const written = await en("import", "roster", moved, "--yes");
    expect(written.code).toBe(0);
    await withPrisma(db.url, async (p) => {
      const e = await p.rosterEntry.findFirstOrThrow({ where: { studentId: "0231001" }, include: { user: true } });
      expect(e).toMatchObject({ groupName: "ЭЭ-1-24", course: 3 });
      expect(e.user).toMatchObject({ telegramId: "777", groupName: "ЭЭ-1-24", course: 3 });
      // never deleted, never unbound
      expect(await p.rosterEntry.count()).toBe(12);
      expect(e.userId).not.toBeNull();
    });
  });

  it("refuses a bad file whole, each problem on its line, an unknown unit with the closest name", async () => {
    const bad = file(
      "bad.csv",
      "student_id,full_name,group,unit,course,form\n0231001,A,G,ЭПФ,2,full-time\n,B,G,ЭФ,2,full-time\n9,C,G,ЭФ,7,вечерняя\n9,D,G,ЭФ,1,очная\n",
    );
    const r = await en("import", "roster", bad);
    expect(r.code).toBe(1);
    expect(r.err.split("\n")).toEqual([
      "bad.csv was not accepted; nothing was written:",
      "  line 2: unit “ЭПФ” is not in the database (lines 2); did you mean “ЭФ”?",
      "  line 3: “student_id” is required",
      "  line 4: “course”: “7” — the course must be from 1 to 6",
      "  line 4: “form”: “вечерняя” is not a study form (full-time, part-time / күндүзгү, сырттан / очная, заочная)",
      "  line 5: student ID “9” is already on line 4",
    ]);
    await withPrisma(db.url, async (p) => expect(await p.rosterEntry.count()).toBe(12));
  });
});

describe("sapat invite group", () => {
  it("one link for a group: the group's size and a tenth more, its unit, course and form", async () => {
    const r = await en("invite", "group", "--group", "тэ-1-24", "--json");
    expect(r.code).toBe(0);
    const [link] = JSON.parse(r.out);
    expect(link).toMatchObject({ group: "ТЭ-1-24", unit: "ЭФ", course: 1, form: "full-time", students: 4, maxUses: 5 });
    await withPrisma(db.url, async (p) => {
      const invite = await p.invite.findUniqueOrThrow({ where: { codeHash: hashCode(link.code) } });
      expect(invite).toMatchObject({ roster: true, groupName: "ТЭ-1-24", role: "student", course: 1, maxUses: 5 });
    });
  });

  it("--all-groups as text and a CSV to hand out; --uses and --expires", async () => {
    const csv = path.join(db.dir, "links.csv");
    const r = await en("invite", "group", "--all-groups", "--uses", "40", "--expires", "3d", "--csv", csv);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^ТЭ-1-24 \(ЭФ, course 1, full-time\): 4 students on the roster, link for up to 40 people/m);
    expect(r.err).toContain("4 links written");
    const lines = readFileSync(csv, "utf8")
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n");
    expect(lines[0]).toBe("group,unit,course,form,students,uses,expires,link");
    expect(lines).toHaveLength(5);
    expect(lines.some((l) => l.startsWith("ЭЭз-1-22,ЭФ,3,part-time,3,40,"))).toBe(true);
  });

  it("refuses an unknown group, both or neither option, a bad --uses; revokes a link", async () => {
    expect((await en("invite", "group", "--group", "ЭЭ-9-99")).err).toBe("Group “ЭЭ-9-99” is not on the student roster.");
    expect((await en("invite", "group")).code).toBe(1);
    expect((await en("invite", "group", "--group", "ТЭ-1-24", "--all-groups")).err).toContain("one of the two");
    expect((await en("invite", "group", "--group", "ТЭ-1-24", "--uses", "0")).code).toBe(1);
    const [link] = JSON.parse((await en("invite", "group", "--group", "ТЭ-1-24", "--json")).out);
    expect((await en("invite", "revoke", String(link.inviteId))).code).toBe(0);
    expect((await en("invite", "revoke", String(link.inviteId))).code).toBe(1);
    const list = JSON.parse((await en("invite", "list", "--json")).out);
    expect(list.find((i: { id: number }) => i.id === link.inviteId)).toMatchObject({ status: "revoked", roster: true });
  });
});

describe("the roster sent to the bot, and teachers", () => {
  it("an admin's roster file is previewed, then written on Write; a dean's is refused", async () => {
    await withPrisma(db.url, async (p) => {
      const institution = await p.institution.findFirstOrThrow();
      const deps = { db: p, now: () => new Date() };
      const admin = { access: { role: "admin" as const, scope: { kind: "institution" as const } }, institution };
      const bytes = Buffer.from("student_id,full_name,group,unit,course,form\n0999001,New Student,ЭЭ-1-23,ЭФ,2,full-time\n");
      const step = await receiveUpload(deps, admin, { telegramId: "9", fileName: "r.csv", bytes });
      expect(step.ok && step.value.status).toBe("roster");
      if (!step.ok || step.value.status !== "roster") return;
      expect(step.value.roster.added).toBe(1);
      expect(await p.rosterEntry.count({ where: { studentId: "0999001" } })).toBe(0);
      const done = await confirmUpload(deps, admin, { telegramId: "9", uploadId: step.value.uploadId }, null);
      expect(done.ok && done.value.status).toBe("rosterWritten");
      expect(await p.rosterEntry.count({ where: { studentId: "0999001" } })).toBe(1);
      const dean = {
        access: { role: "dean" as const, scope: { kind: "unit" as const, unit: "ЭФ", units: ["ЭФ"] } },
        institution,
      };
      const refused = await receiveUpload(deps, dean, { telegramId: "8", fileName: "r.csv", bytes });
      expect(refused.ok && refused.value.status === "rejected" && refused.value.issues[0]?.code).toBe("importNeedsInstitution");
    });
  });

  it("sapat invite create --role teacher --unit …", async () => {
    const r = await en("invite", "create", "--role", "teacher", "--unit", "ЭФ", "--json");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ role: "teacher", scope: "ЭФ" });
    expect((await en("invite", "create", "--role", "teacher")).code).toBe(1);
  });
});
