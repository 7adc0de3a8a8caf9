// Session results typed in (summary with the core's flags before confirming, a new version
// with the chat it came from), an admin restoring an earlier version (a new version, audited),
// the history of a unit, and the audit log as `sapat audit` and `sapat practice submit` show it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { identify } from "../../bot/app/access/identify.ts";
import { buildDemo } from "../../bot/app/demo/build-demo.ts";
import type { AppDeps } from "../../bot/app/deps.ts";
import { type Enterer, entererOf } from "../../bot/app/entry/enterer.ts";
import { restoreVersion } from "../../bot/app/entry/restore.ts";
import { unitHistory } from "../../bot/app/entry/unit-history.ts";
import { submitPractice } from "../../bot/app/practice/submit-practice.ts";
import { finishCounts, sessionPress, sessionText, startSessionEntry } from "../../bot/app/session/session-dialogue.ts";
import { checkSession, type SessionDraft, submitSession } from "../../bot/app/session/submit-session.ts";
import { emptyCounts, type Role } from "../../core/index.ts";
import { listAudit } from "../../prisma/store/audit.ts";
import type { PrismaClient } from "../../prisma/store/db.ts";
import { cli, tempDatabaseUrl } from "../helpers.ts";
import { addDepartments } from "../support/entry.ts";

const tmp = tempDatabaseUrl();
let db: PrismaClient;
let institutionId: number;
const clock = { now: new Date("2026-02-10T06:00:00Z") };
const deps = (): AppDeps => ({ db, now: () => clock.now });

let nextId = 800;
async function person(role: Role, unit?: string, firstName?: string, username?: string): Promise<Enterer> {
  const telegramId = String(++nextId);
  const scopeUnitId = unit ? (await db.unit.findFirstOrThrow({ where: { institutionId, code: unit } })).id : null;
  await db.user.create({
    data: { institutionId, telegramId, role, scopeUnitId, firstName: firstName ?? role, username: username ?? null },
  });
  const who = await entererOf(deps(), await identify(db, telegramId), { telegramId, chatId: telegramId }, "session.submit");
  if (!who.ok) throw new Error(who.problem.code);
  return who.value;
}

let dean: Enterer;
let head: Enterer;
let admin: Enterer;

beforeAll(async () => {
  const demo = await buildDemo(tmp.url);
  db = demo.db;
  institutionId = demo.institution.id;
  await addDepartments(db, institutionId);
  dean = await person("dean", "ТФ", "Асан", "asan_tf");
  head = await person("head", "ТФ-ТМ", "Айгүл");
  admin = await person("admin", undefined, "QA");
});
afterAll(async () => {
  await db.$disconnect();
  tmp.cleanup();
});

const draft = (over: Partial<SessionDraft> = {}): SessionDraft => ({
  unit: "ТФ-ТМ",
  year: "2025-2026",
  term: "autumn",
  stage: "main",
  form: "full-time",
  course: 0,
  counts: { ...emptyCounts(), enrolled: 120, admitted: 110, passedAll: 80 },
  ...over,
});

describe("session results typed in", () => {
  it("the dialogue: the current year and term chosen, counts in one line, the summary with metrics and flags", async () => {
    const started = await startSessionEntry(deps(), dean, {});
    expect(started).toMatchObject({ ok: true, value: { view: { step: "unit" } } });
    if (!started.ok || started.value.kind !== "view") return;
    const { token } = started.value.view.state;
    expect(started.value.view.units.map((u) => u.code)).toEqual(["ТФ", "ТФ-ТМ", "ТФ-ЖӨ"]);
    const tm = started.value.view.units[1]?.id ?? 0;
    const period = await sessionPress(deps(), dean, token, { op: "unit", unitId: tm });
    expect(period).toMatchObject({
      ok: true,
      value: {
        view: { step: "period", state: { year: "2025-2026", term: "spring", stage: "main", form: "full-time", course: 0 } },
      },
    });
    await sessionPress(deps(), dean, token, { op: "term", term: "autumn" });
    await sessionPress(deps(), dean, token, { op: "next" });
    // "abc" for admitted: refused whole, audited, the step stays
    expect(await sessionText(deps(), dean, "120 abc")).toMatchObject({
      view: { step: "counts", problem: { code: "entryNotCount", params: { field: "admitted" } } },
    });
    // grade bands (20 + 40 + 20 + 10 = 90) do not add up to passed all (80): flagged, not refused
    const summary = await sessionText(deps(), dean, "120 110 4 6 80 20 40 20 10");
    expect(summary).toMatchObject({
      view: {
        step: "summary",
        summary: {
          metrics: { absolute: 72.7, quality: 54.5, debtors: 40, debtorShare: 33.3 },
          flags: [{ code: "grade-bands-mismatch", params: { sum: 90, expected: 80 } }],
          replaces: null,
        },
      },
    });
    // corrected by name at the summary
    expect(await sessionText(deps(), dean, "passed 90")).toMatchObject({
      view: { step: "summary", summary: { flags: [], metrics: { absolute: 81.8 } } },
    });
    const saved = await sessionPress(deps(), dean, token, { op: "confirm" });
    expect(saved).toMatchObject({ ok: true, value: { kind: "saved", saved: { version: 1 } } });
    const rows = await db.sessionResult.findMany({ where: { unit: { code: "ТФ-ТМ" } } });
    expect(rows).toMatchObject([
      { year: "2025-2026", term: "autumn", stage: "main", form: "full-time", course: 0, passedAll: 90, excellentOnly: 20 },
    ]);
    expect(rows[0]).toMatchObject({ source: "chat", enteredBy: dean.telegramId, chatId: dean.chatId, version: 1 });
    expect(await sessionPress(deps(), dean, token, { op: "confirm" })).toEqual({ ok: true, value: { kind: "stale" } });
  });

  it("one count at a time, /done with the needed ones missing stays on the counts", async () => {
    const started = await startSessionEntry(deps(), head, {});
    if (!started.ok || started.value.kind !== "view") throw new Error("not started");
    expect(started.value.view.step).toBe("period");
    await sessionPress(deps(), head, started.value.view.state.token, { op: "term", term: "autumn" });
    await sessionPress(deps(), head, started.value.view.state.token, { op: "stage", stage: "after-retakes" });
    await sessionPress(deps(), head, started.value.view.state.token, { op: "next" });
    expect(await sessionText(deps(), head, "120")).toMatchObject({ view: { step: "counts", state: { cursor: 1 } } });
    expect(await finishCounts(deps(), head)).toMatchObject({
      view: { step: "counts", problem: { code: "sessionEntryMissing", params: { field: "admitted" } } },
    });
    // passed all fewer after re-takes than at the main stage (90): the core's flag, before confirming
    expect(await sessionText(deps(), head, "110 - - 85")).toMatchObject({
      view: { step: "summary", summary: { flags: [{ code: "passed-fell-after-retakes", params: { main: 90, after: 85 } }] } },
    });
  });

  it("after impossible counts, a new line starts the counts over (it is not appended to the wrong ones)", async () => {
    const started = await startSessionEntry(deps(), head, { year: "2025-2026", term: "spring" });
    if (!started.ok || started.value.kind !== "view") throw new Error("not started");
    await sessionPress(deps(), head, started.value.view.state.token, { op: "next" });
    expect(await sessionText(deps(), head, "120 110 4 6 130 1 2 3")).toMatchObject({
      view: { step: "counts", state: { cursor: 0 }, problem: { code: "passedOverAdmitted" } },
    });
    const again = await sessionText(deps(), head, "120 110 4 6 80");
    expect(again).toMatchObject({ view: { step: "summary", summary: { counts: { passedAll: 80, excellentOnly: null } } } });
  });

  it("impossible counts are refused and audited: admitted over enrolled", async () => {
    const r = await checkSession(
      deps(),
      head,
      draft({ counts: { ...emptyCounts(), enrolled: 100, admitted: 110, passedAll: 80 } }),
    );
    expect(r).toMatchObject({ ok: false, problem: { code: "admittedOverEnrolled" } });
    const [last] = await listAudit(db, institutionId, { actor: head.telegramId });
    expect(last).toMatchObject({
      outcome: "refused",
      reason: "admittedOverEnrolled",
      target: "session:ТФ-ТМ:2025-2026:autumn:main:full-time:0",
    });
    expect(await checkSession(deps(), head, draft({ unit: "ЭФ-ЭС" }))).toMatchObject({
      ok: false,
      problem: { code: "entryDenied" },
    });
  });

  it("a correction of an imported result becomes version 2 and says which it replaces", async () => {
    const mtf = draft({ unit: "МТФ", year: "2019-2020", term: "spring", stage: "after-retakes" });
    mtf.counts = { ...emptyCounts(), enrolled: 873, admitted: 819, passedAll: 350 };
    expect(await checkSession(deps(), admin, mtf)).toMatchObject({ ok: true, value: { replaces: { version: 1 }, same: false } });
    expect(await submitSession(deps(), admin, mtf)).toMatchObject({ ok: true, value: { version: 2, tally: { corrected: 1 } } });
  });
});

describe("restoring an earlier version", () => {
  it("an admin brings practice v1 back as v3; a dean is refused, and both are audited", async () => {
    const input = { unit: "ТФ-ТМ", kind: "production", assigned: 50, completed: 45 };
    await submitPractice(deps(), head, input);
    await submitPractice(deps(), head, { ...input, completed: 40 });
    const v1 = await db.practiceResult.findFirstOrThrow({ where: { version: 1, kind: "production", unit: { code: "ТФ-ТМ" } } });
    expect(await restoreVersion(deps(), dean, { table: "practice", id: v1.id })).toMatchObject({
      ok: false,
      problem: { code: "restoreForbidden" },
    });
    const restored = await restoreVersion(deps(), admin, { table: "practice", id: v1.id });
    expect(restored).toMatchObject({ ok: true, value: { version: 1, newVersion: 3, changed: true } });
    const rows = await db.practiceResult.findMany({
      where: { kind: "production", unit: { code: "ТФ-ТМ" } },
      orderBy: { version: "asc" },
    });
    expect(rows.map((r) => [r.version, r.completed, r.source, r.supersededAt === null])).toEqual([
      [1, 45, "chat", false],
      [2, 40, "chat", false],
      [3, 45, "restore:v1", true],
    ]);
    const current = await db.practiceResult.findFirstOrThrow({ where: { version: 3, kind: "production" } });
    expect(await restoreVersion(deps(), admin, { table: "practice", id: current.id })).toMatchObject({
      ok: false,
      problem: { code: "versionIsCurrent" },
    });
    const lines = await listAudit(db, institutionId, { targetPrefix: "practice:#" });
    expect(lines).toEqual([]);
    const restores = (await listAudit(db, institutionId, { units: ["ТФ-ТМ"] })).filter((l) => l.action === "practice.restore");
    expect(restores.map((l) => [l.outcome, l.reason])).toEqual([
      ["refused", "versionIsCurrent"],
      ["written", null],
      ["refused", "restoreForbidden"],
    ]);
  });

  it("a session result's earlier version comes back with its published figures", async () => {
    const v1 = await db.sessionResult.findFirstOrThrow({
      where: { unit: { code: "МТФ" }, version: 1, stage: "after-retakes", form: "full-time" },
    });
    const r = await restoreVersion(deps(), admin, { table: "session", id: v1.id });
    expect(r).toMatchObject({ ok: true, value: { version: 1, newVersion: 3, changed: true } });
    const v3 = await db.sessionResult.findFirstOrThrow({
      where: { unit: { code: "МТФ" }, version: 3, stage: "after-retakes", form: "full-time" },
    });
    expect(v3).toMatchObject({
      passedAll: 348,
      absoluteReported: v1.absoluteReported,
      source: "restore:v1",
      chatId: admin.chatId,
    });
  });
});

describe("the history of a unit", () => {
  it("every practice and session version, newest first, with who and what replaced it", async () => {
    const h = await unitHistory(deps(), await identify(db, head.telegramId));
    expect(h.ok).toBe(true);
    if (!h.ok) return;
    expect(h.value.unit).toBe("ТФ-ТМ");
    expect(h.value.canRestore).toBe(false);
    expect(h.value.practice.map((p) => [p.kind, p.version, p.replacedBy, p.source])).toEqual([
      ["production", 3, null, "restore:v1"],
      ["production", 2, 3, "chat"],
      ["production", 1, 2, "chat"],
    ]);
    expect(h.value.practice[2]?.person).toEqual({ firstName: "Айгүл", username: null });
    expect(h.value.session).toMatchObject([{ version: 1, source: "chat", person: { firstName: "Асан", username: "asan_tf" } }]);
  });

  it("within the asker's scope only", async () => {
    expect(await unitHistory(deps(), await identify(db, head.telegramId), "ЭФ-ЭС")).toMatchObject({
      ok: false,
      problem: { code: "denied" },
    });
    expect(await unitHistory(deps(), await identify(db, admin.telegramId))).toMatchObject({
      ok: false,
      problem: { code: "historyUnitMissing" },
    });
  });
});

describe("the command line", () => {
  it("sapat audit --unit lists written and refused writes with who, when, chat and why", async () => {
    const r = await cli(tmp.url, "--lang", "en", "audit", "--unit", "ТФ-ТМ");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(
      /refused {2}session\.submit {2}session:ТФ-ТМ:2025-2026:autumn:main:full-time:0 {2}Айгүл \(\d+\), chat \d+ — admitted \(110\) exceeds enrolled \(100\)/,
    );
    expect(r.out).toMatch(/written {2}practice\.restore {2}practice:ТФ-ТМ:2025-2026:production {2}QA \(\d+\), chat \d+/);
    expect(r.out).not.toContain("ЭФ");
    const json = JSON.parse((await cli(tmp.url, "audit", "--unit", "ТФ-ТМ", "--json")).out) as { lines: { outcome: string }[] };
    expect(new Set(json.lines.map((l) => l.outcome))).toEqual(new Set(["written", "refused"]));
  });

  it("sapat practice submit shows the figure first and writes it with --yes", async () => {
    const args = [
      "--lang",
      "en",
      "practice",
      "submit",
      "--unit",
      "ЭФ-ЭС",
      "--kind",
      "дипломалды",
      "--assigned",
      "30",
      "--completed",
      "27",
      "--year",
      "2025-2026",
    ];
    const shown = await cli(tmp.url, ...args);
    expect(shown).toMatchObject({ code: 2, out: "ЭФ-ЭС · 2025-2026 · pre-diploma: 27/30 = 90.0%" });
    expect(await db.practiceResult.count({ where: { unit: { code: "ЭФ-ЭС" } } })).toBe(0);
    const written = await cli(tmp.url, ...args, "--yes", "--by", "registrar");
    expect(written).toMatchObject({ code: 0 });
    expect(written.out).toContain("Saved (version 1).");
    expect(await db.practiceResult.findFirst({ where: { unit: { code: "ЭФ-ЭС" } } })).toMatchObject({
      source: "cli",
      enteredBy: "cli:registrar",
      chatId: null,
    });
    const bad = await cli(
      tmp.url,
      "--lang",
      "en",
      "practice",
      "submit",
      "--unit",
      "ЭФ-ЭС",
      "--kind",
      "production",
      "--assigned",
      "30",
      "--completed",
      "31",
    );
    expect(bad).toMatchObject({ code: 1, err: "Completed (31) cannot be more than assigned (30)." });
  });
});
