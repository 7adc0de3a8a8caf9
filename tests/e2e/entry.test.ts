// Figures typed in through the real bot (issue 9, items 3–5): a head submits 45/50 by the
// dialogue and by one line; wrong values are refused with a message, store nothing and keep
// the dialogue on its step; a correction keeps both versions and /history and the audit show
// both; a half-finished dialogue survives a restart; "are you sure?"; Confirm pressed twice
// writes once; session results with a consistency flag shown before confirming; an admin
// restores an earlier version.
import type { TFunction } from "i18next";
import type { InlineKeyboardMarkup } from "telegraf/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ApiCall, LocalUser } from "../../bot/local-api/index.ts";
import type { Role } from "../../core/index.ts";
import { listAudit } from "../../prisma/store/audit.ts";
import { cli } from "../helpers.ts";
import { addDepartments } from "../support/entry.ts";
import { type Harness, startHarness } from "./harness.ts";

let h: Harness;
let t: TFunction;

const head: LocalUser = { id: 9101, firstName: "Aigul", username: "aigul_tm", languageCode: "en" };
const dean: LocalUser = { id: 9102, firstName: "Asan", languageCode: "en" };
const admin: LocalUser = { id: 9103, firstName: "QA", languageCode: "en" };
const student: LocalUser = { id: 9104, firstName: "Student", languageCode: "en" };
const stranger: LocalUser = { id: 9105, firstName: "Guest", languageCode: "en" };

async function bind(user: LocalUser, role: Role, unit?: string) {
  await h.bindUser(user, role, unit);
  await h.db.user.update({ where: { telegramId: String(user.id) }, data: { language: "en", username: user.username ?? null } });
}

beforeAll(async () => {
  h = await startHarness();
  t = await h.t("en");
  // 1 October 2025 in Bishkek: 2025-2026 is the year in progress, autumn the term
  h.clock.now = new Date("2025-10-01T06:00:00Z");
  await addDepartments(h.db, h.institution.id);
  await bind(head, "head", "ТФ-ТМ");
  await bind(dean, "dean", "ТФ");
  await bind(admin, "admin");
  await bind(student, "student", "ТФ");
});
afterAll(() => h?.stop());

const messageId = (call: ApiCall) => (call.result as { message_id: number }).message_id;
const textOf = (user: LocalUser, id: number) => h.api.messages(user.id).find((m) => m.message_id === id)?.text ?? "";
const labels = (user: LocalUser, id: number) =>
  (
    h.api.messages(user.id).find((m) => m.message_id === id)?.reply_markup as InlineKeyboardMarkup | undefined
  )?.inline_keyboard.map((row) => row.map((b) => b.text));
/** What the bot sent since the last mark, as texts. */
const sentTexts = (user: LocalUser) => h.sent(user, "sendMessage").map((c) => String(c.params.text));
const lastText = (user: LocalUser) => sentTexts(user).at(-1) ?? "";
const practice = (unit = "ТФ-ТМ") => h.db.practiceResult.findMany({ where: { unit: { code: unit } }, orderBy: { id: "asc" } });
const step = async (user: LocalUser) => (await h.db.dialogue.findUnique({ where: { chatId: String(user.id) } }))?.step ?? null;
const refused = async (user: LocalUser) =>
  (await listAudit(h.db, h.institution.id, { actor: String(user.id), take: 500 })).filter((l) => l.outcome === "refused");

describe("a head submits practice completion", () => {
  it("by the dialogue: /submit → practice → kind → assigned → completed → summary → Confirm", async () => {
    const choose = await h.say(head, "/submit");
    expect(choose.params.text).toBe(t("entry.choose"));
    await h.press(head, t("entry.choosePractice"));
    const kindQuestion = h.sent(head, "sendMessage")[0] as ApiCall;
    expect(kindQuestion.params.text).toBe("✍️ Practice completion, 2025-2026\nТФ-ТМ: which practice?");
    expect(labels(head, messageId(kindQuestion))).toEqual([
      ["introductory", "educational-production"],
      ["production", "pre-diploma"],
      ["✓ 2025-2026", "2024-2025"],
      ["✖️ Cancel"],
    ]);
    await h.press(head, "production");
    const assigned = h.sent(head, "sendMessage")[0] as ApiCall;
    expect(assigned.params.text).toContain("How many students were assigned to it?");
    // the reply field opens for a number
    expect(assigned.params.reply_markup).toMatchObject({ force_reply: true, input_field_placeholder: "e.g. 50" });
    expect((await h.say(head, "50")).params.text).toContain("How many of them completed it");
    const summary = await h.say(head, "45");
    expect(summary.params.text).toBe(
      [
        "📋 Check before saving:",
        "ТФ-ТМ · 2025-2026 · production practice",
        "45 of 50 = 90.0%",
        "Last year (2024-2025): no figure to compare.",
        "",
        "Nothing is saved until you press a button below.",
      ].join("\n"),
    );
    expect(await practice()).toEqual([]);
    await h.press(head, "✅ Confirm");
    expect(textOf(head, messageId(summary))).toBe(
      "✅ Saved: ТФ-ТМ · 2025-2026 · production practice — 45 of 50 = 90.0% (version 1).",
    );
    expect(await practice()).toMatchObject([
      {
        year: "2025-2026",
        kind: "production",
        assigned: 50,
        completed: 45,
        version: 1,
        source: "chat",
        enteredBy: "9101",
        chatId: "9101",
      },
    ]);
    expect(await step(head)).toBeNull();
  });

  it("by one line: /practice дипломалды 18/20 goes to the same summary; nothing is saved before Confirm", async () => {
    const summary = await h.say(head, "/practice дипломалды 18/20");
    expect(summary.params.text).toContain("ТФ-ТМ · 2025-2026 · pre-diploma practice\n18 of 20 = 90.0%");
    expect((await practice()).filter((p) => p.kind === "pre-diploma")).toEqual([]);
    await h.press(head, "✅ Confirm");
    expect((await practice()).filter((p) => p.kind === "pre-diploma")).toMatchObject([{ assigned: 20, completed: 18 }]);
  });

  it("/practice with a unit or a year only still shows the report", async () => {
    const report = await h.say(head, "/practice");
    expect(report.params.text).toContain("ТФ-ТМ: 90.0%");
  });
});

describe("wrong values are refused with a message, store nothing, and the dialogue stays on its step", () => {
  it("one line: 51/50, -1, an unknown kind, another faculty's department", async () => {
    const rows = (await practice()).length;
    const before = (await refused(head)).length;
    expect((await h.say(head, "/practice production 51/50")).params.text).toBe(
      "Completed (51) cannot be more than assigned (50).",
    );
    expect((await h.say(head, "/practice production -1/50")).params.text).toBe(
      "students who completed: “-1” is not a number of students — a whole number, 0 or more, is expected.",
    );
    expect((await h.say(head, "/practice sports 45/50")).params.text).toBe(
      "“sports” is not a kind of practice: introductory, educational-production, production or pre-diploma is expected.",
    );
    expect((await h.say(head, "/practice ЭФ-ЭС production 45/50")).params.text).toBe(
      "You cannot enter figures for ЭФ-ЭС: you enter them for ТФ-ТМ only.",
    );
    expect((await h.say(dean, "/practice ЭФ-ЭС production 45/50")).params.text).toBe(
      "You cannot enter figures for ЭФ-ЭС: you enter them for ТФ only.",
    );
    expect((await practice()).length).toBe(rows);
    expect(await h.db.practiceResult.count({ where: { unit: { code: "ЭФ-ЭС" } } })).toBe(0);
    const audit = (await refused(head)).slice(0, 4).map((l) => l.reason);
    expect(audit).toEqual(["entryDenied", "practiceUnknownKind", "practiceNotCount", "practiceCompletedOverAssigned"]);
    expect((await refused(head)).length).toBe(before + 4);
  });

  it("in the dialogue: an unknown kind, “abc”, -1 and 51 of 50 each keep their step", async () => {
    await h.say(head, "/submit practice");
    const kind = await h.say(head, "sports");
    expect(kind.params.text).toMatch(
      /^⚠️ “sports” is not a kind of practice: .*\n\n✍️ Practice completion, 2025-2026\nТФ-ТМ: which practice\?$/s,
    );
    expect(await step(head)).toBe("kind");
    await h.say(head, "educational-production");
    expect(await step(head)).toBe("assigned");
    for (const bad of ["abc", "-1"]) {
      const reply = await h.say(head, bad);
      expect(reply.params.text).toMatch(
        new RegExp(
          `^⚠️ students assigned: “${bad}” is not a number of students — a whole number, 0 or more, is expected\\.\\n\\n`,
        ),
      );
      expect(reply.params.text).toContain("How many students were assigned to it?");
      expect(await step(head)).toBe("assigned");
    }
    await h.say(head, "50");
    const over = await h.say(head, "51");
    expect(over.params.text).toMatch(
      /^⚠️ Completed \(51\) cannot be more than assigned \(50\)\.\n\n.*How many of them completed it/s,
    );
    expect(await step(head)).toBe("completed");
    expect((await practice()).filter((p) => p.kind === "educational-production")).toEqual([]);
  });

  it("the half-finished dialogue survives a restart: a new bot on the same database continues at “completed”", async () => {
    await h.restart();
    const summary = await h.say(head, "40");
    expect(summary.params.text).toContain("educational-production practice\n40 of 50 = 80.0%");
    await h.press(head, "✅ Confirm");
    expect((await practice()).filter((p) => p.kind === "educational-production")).toMatchObject([
      { completed: 40, assigned: 50 },
    ]);
  });

  it("students and strangers are refused", async () => {
    // students see only their own commands: the gate answers before any entry begins
    expect((await h.say(student, "/submit")).params.text).toBe(t("problems.notForStudents"));
    expect((await h.say(student, "/practice production 45/50")).params.text).toBe(t("problems.notForStudents"));
    expect((await h.say(stranger, "/practice production 45/50")).params.text).toBe(t("problems.needInvite"));
    expect(await h.db.practiceResult.count({ where: { enteredBy: String(student.id) } })).toBe(0);
  });
});

describe("a correction, /history and the audit", () => {
  it("the summary names the figure it corrects; both versions are kept", async () => {
    const summary = await h.say(head, "/practice production 44/50");
    expect(summary.params.text).toContain(
      "This corrects the stored figure 45 of 50 (90.0%); that one is kept as an earlier version.",
    );
    h.clock.now = new Date("2025-10-02T04:30:00Z");
    await h.press(head, "✅ Confirm");
    const rows = (await practice()).filter((p) => p.kind === "production");
    expect(rows.map((r) => [r.version, r.completed, r.supersededAt !== null])).toEqual([
      [1, 45, true],
      [2, 44, false],
    ]);
  });

  it("/history shows both with who, when (Bishkek time), the chat and what replaced the first", async () => {
    const history = await h.say(head, "/history");
    const text = String(history.params.text);
    const rows = (await practice()).filter((p) => p.kind === "production");
    expect(text).toContain(
      `2025-2026 · production · v2 #${rows[1]?.id}: 44 of 50 = 88.0%\n   Aigul (@aigul_tm), 2025-10-02 10:30, typed in chat 9101 — current`,
    );
    expect(text).toContain(
      `2025-2026 · production · v1 #${rows[0]?.id}: 45 of 50 = 90.0%\n   Aigul (@aigul_tm), 2025-10-01 12:00, typed in chat 9101 — replaced by v2 on 2025-10-02 10:30`,
    );
    // a head restores nothing: no buttons
    expect(history.params.reply_markup).toBeUndefined();
  });

  it("sapat audit lists both writes and the refusals", async () => {
    const audit = await cli(h.databaseUrl, "--lang", "en", "audit", "--unit", "ТФ-ТМ", "--take", "100");
    expect(audit.code).toBe(0);
    const written = audit.out
      .split("\n")
      .filter((l) => l.includes("written  practice.submit  practice:ТФ-ТМ:2025-2026:production"));
    expect(written).toHaveLength(2);
    expect(written[0]).toMatch(/^2025-10-02 10:30 {2}written .* Aigul @aigul_tm \(9101\), chat 9101$/);
    expect(audit.out).toMatch(
      /refused {2}practice\.submit {2}practice:ТФ-ТМ:2025-2026:production {2}Aigul @aigul_tm \(9101\), chat 9101 — Completed \(51\) cannot be more than assigned \(50\)\./,
    );
  });
});

describe("are you sure?", () => {
  it("a rate far from last year's says why, and Confirm becomes “Yes, save it”; nothing is saved until pressed", async () => {
    await h.say(head, "/practice introductory 40/50 2024-2025");
    await h.press(head, "✅ Confirm");
    const summary = await h.say(head, "/practice introductory 10/50");
    expect(summary.params.text).toContain("Last year (2024-2025): 80.0%, −60.0 pp");
    expect(summary.params.text).toContain(
      "⚠️ Are you sure? The rate 20.0% is 60.0 points away from last year's 80.0%. Check the numbers; press “Yes, save it” if they are right.",
    );
    expect(labels(head, messageId(summary))).toEqual([["✅ Yes, save it"], ["✏️ Edit", "✖️ Cancel"]]);
    expect((await practice()).filter((p) => p.kind === "introductory" && p.year === "2025-2026")).toEqual([]);
    await h.press(head, "✅ Yes, save it");
    expect((await practice()).filter((p) => p.kind === "introductory" && p.year === "2025-2026")).toMatchObject([
      { completed: 10 },
    ]);
  });

  it("Confirm pressed twice at once writes once; the second press is told it was saved already", async () => {
    const summary = await h.say(head, "/practice introductory 12/50");
    const markup = h.api.messages(head.id).find((m) => m.message_id === messageId(summary))?.reply_markup as InlineKeyboardMarkup;
    const data = (markup.inline_keyboard[0] ?? []).map((b) => ("callback_data" in b ? b.callback_data : ""))[0] ?? "";
    expect(data).toMatch(/^pe:[\w-]+:ok$/);
    const before = (await practice()).length;
    h.api.mark();
    const presses = [h.api.pressButton(head.id, messageId(summary), data), h.api.pressButton(head.id, messageId(summary), data)];
    for (const p of presses) await h.handled(p);
    expect((await practice()).length).toBe(before + 1);
    const alerts = h.api.callsSinceMark("answerCallbackQuery").map((c) => c.params.text);
    expect(alerts).toContain(t("entry.stale"));
  });

  it("a button of a cancelled entry saves nothing", async () => {
    const summary = await h.say(head, "/practice introductory 13/50");
    await h.press(head, "✖️ Cancel");
    expect(textOf(head, messageId(summary))).toBe(t("entry.cancelled"));
    const before = (await practice()).length;
    const data = `pe:${"x".repeat(6)}:ok`;
    expect((await h.forgePress(head, messageId(summary), data)).params.text).toBe(t("entry.stale"));
    expect((await practice()).length).toBe(before);
  });
});

describe("a request's start button pressed by someone who does not enter figures", () => {
  it("is answered once, with the refusal: no second answer Telegram would refuse", async () => {
    const help = messageId(await h.say(student, "/help"));
    for (const data of ["entry:practice:2025-2026:production", "entry:session"]) {
      const answer = await h.forgePress(student, help, data);
      expect(answer.params).toMatchObject({ text: t("problems.entryForbidden"), show_alert: true });
      expect(h.sent(student).length).toBe(0);
      const answers = h.api.callsSinceMark("answerCallbackQuery");
      expect(answers.map((c) => c.error)).toEqual([undefined]);
    }
  });
});

describe("session results typed in by a dean", () => {
  it("unit → session card → one line of counts → summary with the flag → Confirm", async () => {
    await h.say(dean, "/submit session");
    await h.press(dean, "ТФ-ТМ");
    const card = h.sent(dean, "sendMessage")[0] as ApiCall;
    expect(card.params.text).toContain("2025-2026 · autumn session · main session · full-time · all courses");
    await h.press(dean, "▶️ Next");
    const summary = await h.say(dean, "120 110 4 6 80 20 40 20 10");
    const text = String(summary.params.text);
    expect(text).toContain("Absolute achievement 72.7% · quality 54.5%\nDebtors 40 (33.3%)");
    expect(text).toContain("⚠️ Does not add up:\n• grade bands sum to 90, passed all is 80");
    expect(await h.db.sessionResult.count({ where: { unit: { code: "ТФ-ТМ" } } })).toBe(0);
    await h.press(dean, "✅ Confirm");
    expect(textOf(dean, messageId(summary))).toBe(
      "✅ Saved: ТФ-ТМ · 2025-2026 · autumn session · main session · full-time · all courses (version 1).",
    );
    expect(await h.db.sessionResult.findMany({ where: { unit: { code: "ТФ-ТМ" } } })).toMatchObject([
      { enrolled: 120, passedAll: 80, mixed: 20, noShow: null, source: "chat", enteredBy: "9102", chatId: "9102" },
    ]);
  });
});

describe("an entry and an announcement", () => {
  it("/announce drops an entry left open, so the announcement's text is not taken for a count", async () => {
    await h.say(dean, "/practice ТФ-ЖӨ production");
    expect(await step(dean)).toBe("assigned");
    await h.say(dean, "/announce");
    await h.say(dean, "Practice reports are due on Friday");
    expect(lastText(dean)).not.toContain("⚠️");
    expect(await step(dean)).toBeNull();
    const [draft] = await h.db.campaign.findMany({ where: { createdBy: String(dean.id), status: "draft" } });
    expect(draft).toMatchObject({
      draftStep: "audience",
      message: JSON.stringify({ text: "Practice reports are due on Friday" }),
    });
  });
});

describe("an admin restores an earlier version", () => {
  it("a button on /history brings v1 back as v3 (source restore:v1), audited", async () => {
    const history = await h.say(admin, "/history ТФ-ТМ");
    expect(String(history.params.text)).toContain(t("versions.restoreHint"));
    await h.press(admin, "↩️ 2025-2026 production v1");
    expect(lastText(admin)).toBe("↩️ Restored: ТФ-ТМ · 2025-2026 · production v1 is current again, as v3.");
    const rows = (await practice()).filter((p) => p.kind === "production");
    expect(rows.map((r) => [r.version, r.completed, r.source, r.enteredBy])).toEqual([
      [1, 45, "chat", "9101"],
      [2, 44, "chat", "9101"],
      [3, 45, "restore:v1", "9103"],
    ]);
    const [line] = await listAudit(h.db, h.institution.id, { actor: "9103" });
    expect(line).toMatchObject({ action: "practice.restore", outcome: "written", target: "practice:ТФ-ТМ:2025-2026:production" });
    // a dean may not
    expect((await h.say(dean, `/restore ${rows[1]?.id}`)).params.text).toBe(t("problems.restoreForbidden"));
  });

  it("an id past 32 bits, typed or forged on a button, is no version: refused, never the error reply (PostgreSQL failed on it)", async () => {
    const typed = await h.say(admin, "/restore 4294967296");
    expect(typed.params.text).not.toBe(t("bot.error"));
    const help = messageId(await h.say(admin, "/help"));
    for (const data of ["rs:p:4294967296", "rs:s:2147483648"]) {
      const answer = await h.forgePress(admin, help, data);
      expect([answer.error, answer.params.text]).toEqual([undefined, undefined]);
      expect(h.sent(admin)).toEqual([]);
    }
  });
});
