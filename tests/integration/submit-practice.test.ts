// Practice figures typed in, over a real database (the demo with three departments): who may
// enter what, every wrong value refused with its reason on the audit log and nothing else
// stored, corrections as new versions, "are you sure?", and the dialogue: a step that stays
// on a wrong value, a restart that loses nothing, a summary confirmed twice writing once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { identify } from "../../bot/app/access/identify.ts";
import { buildDemo } from "../../bot/app/demo/build-demo.ts";
import type { AppDeps } from "../../bot/app/deps.ts";
import { type Enterer, entererOf } from "../../bot/app/entry/enterer.ts";
import { practicePress, practiceText, startPracticeEntry } from "../../bot/app/practice/practice-dialogue.ts";
import { checkPractice, type PracticeInput, submitPractice } from "../../bot/app/practice/submit-practice.ts";
import type { Role } from "../../core/index.ts";
import { createPrisma } from "../../prisma/client.ts";
import { listAudit } from "../../prisma/store/audit.ts";
import type { PrismaClient } from "../../prisma/store/db.ts";
import { tempDatabaseUrl } from "../helpers.ts";
import { addDepartments } from "../support/entry.ts";

const tmp = tempDatabaseUrl();
let db: PrismaClient;
let institutionId: number;
// 1 October 2025 in Bishkek: the academic year in progress is 2025-2026
const clock = { now: new Date("2025-10-01T06:00:00Z") };
const deps = (): AppDeps => ({ db, now: () => clock.now });

let nextId = 500;
async function person(role: Role, unit?: string): Promise<Enterer> {
  const telegramId = String(++nextId);
  const scopeUnitId = unit ? (await db.unit.findFirstOrThrow({ where: { institutionId, code: unit } })).id : null;
  await db.user.create({ data: { institutionId, telegramId, role, scopeUnitId, firstName: `${role} ${unit ?? ""}` } });
  const who = await entererOf(deps(), await identify(db, telegramId), { telegramId, chatId: telegramId }, "practice.submit");
  if (!who.ok) throw new Error(`${role} may not enter: ${who.problem.code}`);
  return who.value;
}

const figures = (unit: string) => db.practiceResult.findMany({ where: { unit: { code: unit } }, orderBy: { id: "asc" } });
const refusals = async (who: Enterer) =>
  (await listAudit(db, institutionId, { actor: who.telegramId })).filter((l) => l.outcome === "refused");

let head: Enterer;
let dean: Enterer;
let admin: Enterer;

beforeAll(async () => {
  const demo = await buildDemo(tmp.url);
  db = demo.db;
  institutionId = demo.institution.id;
  await addDepartments(db, institutionId);
  head = await person("head", "ТФ-ТМ");
  dean = await person("dean", "ТФ");
  admin = await person("admin");
});
afterAll(async () => {
  await db.$disconnect();
  tmp.cleanup();
});

const line = (over: Partial<PracticeInput> = {}): PracticeInput => ({ kind: "production", assigned: 50, completed: 45, ...over });

describe("who may enter practice figures", () => {
  it("leaders and students are refused, and the refusal is on the audit log; strangers are asked for an invite", async () => {
    for (const role of ["leader", "student"] as const) {
      const telegramId = String(++nextId);
      const unit = role === "student" ? (await db.unit.findFirstOrThrow({ where: { code: "ТФ" } })).id : null;
      await db.user.create({ data: { institutionId, telegramId, role, scopeUnitId: unit } });
      const who = await entererOf(deps(), await identify(db, telegramId), { telegramId, chatId: telegramId }, "practice.submit");
      expect(who).toEqual({ ok: false, problem: { code: "entryForbidden", params: {} } });
      expect(await listAudit(db, institutionId, { actor: telegramId })).toMatchObject([
        { outcome: "refused", reason: "entryForbidden", action: "practice.submit" },
      ]);
    }
    const stranger = await entererOf(deps(), await identify(db, "999"), { telegramId: "999", chatId: "999" }, "practice.submit");
    expect(stranger).toEqual({ ok: false, problem: { code: "needInvite", params: {} } });
  });
});

describe("checks before anything is stored", () => {
  it.each([
    ["51 of 50", line({ completed: 51 }), "practiceCompletedOverAssigned"],
    ["abc", line({ assigned: "abc" }), "practiceNotCount"],
    ["-1", line({ completed: "-1" }), "practiceNotCount"],
    ["an unknown kind", line({ kind: "sports" }), "practiceUnknownKind"],
    ["another faculty's department", line({ unit: "ЭФ-ЭС" }), "entryDenied"],
    ["a unit that does not exist", line({ unit: "ЖОК" }), "unknownUnit"],
    ["a year not started", line({ year: "2026-2027" }), "practiceFutureYear"],
    ["no academic year", line({ year: "2025" }), "notAcademicYear"],
  ])("a head's %s is refused, audited, and nothing is stored", async (_, input, code) => {
    const before = (await refusals(head)).length;
    const r = await checkPractice(deps(), head, input);
    expect(r).toMatchObject({ ok: false, problem: { code } });
    const audit = await refusals(head);
    expect(audit).toHaveLength(before + 1);
    expect(audit[0]).toMatchObject({ reason: code, action: "practice.submit", chatId: head.chatId });
    expect(await db.practiceResult.count()).toBe(0);
  });

  it("a dean may enter for a department of his faculty, not for another faculty's", async () => {
    expect(await checkPractice(deps(), dean, line({ unit: "ТФ-ЖӨ" }))).toMatchObject({ ok: true, value: { unit: "ТФ-ЖӨ" } });
    expect(await checkPractice(deps(), dean, line({ unit: "Электр станциялары кафедрасы" }))).toMatchObject({
      ok: false,
      problem: { code: "entryDenied", params: { unit: "ЭФ-ЭС", scope: "ТФ" } },
    });
    // a head enters for his own unit only; an admin names one
    expect(await checkPractice(deps(), head, line({ unit: "ТФ" }))).toMatchObject({
      ok: false,
      problem: { code: "entryDenied" },
    });
    expect(await checkPractice(deps(), admin, line())).toMatchObject({ ok: false, problem: { code: "entryUnitMissing" } });
    expect(await checkPractice(deps(), admin, line({ unit: "ЭФ-ЭС" }))).toMatchObject({ ok: true });
  });
});

describe("stored as versions", () => {
  it("last year's figure, then this year's with the rate, last year's and the change", async () => {
    const last = await submitPractice(deps(), head, line({ year: "2024-2025", assigned: 48, completed: 40 }));
    expect(last).toMatchObject({ ok: true, value: { version: 1, tally: { added: 1 } } });
    const r = await checkPractice(deps(), head, line());
    expect(r).toMatchObject({
      ok: true,
      value: { unit: "ТФ-ТМ", year: "2025-2026", rate: 90, previousRate: 83.3, changePp: 6.7, replaces: null, unusual: null },
    });
  });

  it("a correction keeps both versions, with who, when and the chat, and both writes on the audit log", async () => {
    await submitPractice(deps(), head, line());
    clock.now = new Date("2025-10-02T06:00:00Z");
    const summary = await checkPractice(deps(), head, line({ completed: 44 }));
    expect(summary).toMatchObject({ ok: true, value: { replaces: { assigned: 50, completed: 45 }, same: false } });
    await submitPractice(deps(), head, line({ completed: 44 }));
    const rows = (await figures("ТФ-ТМ")).filter((r) => r.year === "2025-2026");
    expect(rows).toMatchObject([
      { version: 1, completed: 45, source: "chat", enteredBy: head.telegramId, chatId: head.chatId },
      { version: 2, completed: 44, supersededAt: null, asOf: "2025-10-02" },
    ]);
    expect(rows[0]?.supersededAt).toEqual(new Date("2025-10-02T06:00:00Z"));
    const written = (await listAudit(db, institutionId, { targetPrefix: "practice:ТФ-ТМ:2025-2026" })).filter(
      (l) => l.outcome === "written",
    );
    expect(written.map((l) => [l.detail.completed, l.detail.previous])).toEqual([
      [44, { assigned: 50, completed: 45 }],
      [45, null],
    ]);
  });

  it("the same figure again changes nothing", async () => {
    const r = await submitPractice(deps(), head, line({ completed: 44 }));
    expect(r).toMatchObject({ ok: true, value: { version: 2, tally: { unchanged: 1 }, summary: { same: true } } });
  });

  it("a rate far from last year's, or three times the students, asks “are you sure?”", async () => {
    expect(await checkPractice(deps(), head, line({ completed: 10 }))).toMatchObject({
      ok: true,
      value: { unusual: { code: "practiceUnusualRate", params: { rate: 20, previous: 83.3 } } },
    });
    expect(await checkPractice(deps(), head, line({ assigned: 150, completed: 130 }))).toMatchObject({
      ok: true,
      value: { unusual: { code: "practiceUnusualCount", params: { assigned: 150, lastAssigned: 48 } } },
    });
  });
});

describe("the dialogue", () => {
  it("asks the kind, then the counts; a wrong value stays on its step and is audited", async () => {
    const started = await startPracticeEntry(deps(), head, {});
    expect(started).toMatchObject({ ok: true, value: { kind: "view", view: { step: "kind", state: { unit: "ТФ-ТМ" } } } });
    if (!started.ok || started.value.kind !== "view") return;
    const token = started.value.view.state.token;
    expect(await practicePress(deps(), head, token, { op: "kind", kind: "pre-diploma" })).toMatchObject({
      ok: true,
      value: { view: { step: "assigned" } },
    });
    const before = (await refusals(head)).length;
    expect(await practiceText(deps(), head, "abc")).toMatchObject({
      view: { step: "assigned", problem: { code: "practiceNotCount" } },
    });
    expect(await practiceText(deps(), head, "20 студент")).toMatchObject({
      view: { step: "completed", state: { assigned: 20 } },
    });
    expect(await practiceText(deps(), head, "21")).toMatchObject({
      view: { step: "completed", problem: { code: "practiceCompletedOverAssigned" } },
    });
    expect((await refusals(head)).length).toBe(before + 2);
    expect(await db.practiceResult.count({ where: { kind: "pre-diploma" } })).toBe(0);
  });

  it("survives a restart: a new connection on the same file continues at the same step", async () => {
    const other = createPrisma(tmp.url);
    try {
      const reply = await practiceText({ db: other, now: () => clock.now }, head, "19 из 20");
      expect(reply).toMatchObject({ kind: "view", view: { step: "summary", summary: { assigned: 20, completed: 19 } } });
    } finally {
      await other.$disconnect();
    }
  });

  it("Confirm pressed twice at once writes once; an old summary's Confirm then writes nothing", async () => {
    const d = await db.dialogue.findFirstOrThrow({ where: { chatId: head.chatId ?? "" } });
    const { token } = JSON.parse(d.data) as { token: string };
    const presses = await Promise.all([
      practicePress(deps(), head, token, { op: "confirm" }),
      practicePress(deps(), head, token, { op: "confirm" }),
    ]);
    const kinds = presses.map((p) => (p.ok ? p.value.kind : p.problem.code)).sort();
    expect(kinds).toEqual(["already", "saved"].sort());
    expect(await db.practiceResult.count({ where: { kind: "pre-diploma" } })).toBe(1);
    expect(await practicePress(deps(), head, token, { op: "confirm" })).toEqual({ ok: true, value: { kind: "stale" } });
    expect(await db.dialogue.count({ where: { chatId: head.chatId ?? "" } })).toBe(0);
  });

  it("a one-line entry goes to the summary; a wrong one is refused and leaves no dialogue", async () => {
    const one = await startPracticeEntry(deps(), dean, {
      unit: "ТФ-ЖӨ",
      kind: "өндүрүштүк",
      counts: { completed: "30", assigned: "31" },
    });
    expect(one).toMatchObject({ ok: true, value: { view: { step: "summary", summary: { unit: "ТФ-ЖӨ", rate: 96.8 } } } });
    const bad = await startPracticeEntry(deps(), dean, {
      unit: "ЭФ-ЭС",
      kind: "production",
      counts: { completed: "1", assigned: "2" },
    });
    expect(bad).toMatchObject({ ok: false, problem: { code: "entryDenied" } });
    // the earlier summary is replaced by nothing: a refused line leaves the chat as it was
    expect(await db.dialogue.findFirst({ where: { chatId: dean.chatId ?? "" } })).toMatchObject({ step: "summary" });
  });
});
