// /announce through the real bot: text → audience → preview with the count → Send or
// Cancel; the draft in the database (surviving a restart), one campaign however often Send
// is pressed, a dean kept inside the faculty, other roles refused. No worker runs here:
// what is checked is what the bot queued and the progress message it left.
import type { TFunction } from "i18next";
import type { InlineKeyboardMarkup } from "telegraf/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ApiCall, LocalUser } from "../../bot/local-api/index.ts";
import type { Language } from "../../bot/present/i18n.ts";
import type { Role } from "../../core/index.ts";
import { type Harness, startHarness } from "./harness.ts";

let h: Harness;
const t = {} as Record<Language, TFunction>;

const admin: LocalUser = { id: 7001, firstName: "Admin", languageCode: "en" };
const leader: LocalUser = { id: 7002, firstName: "Ректор", languageCode: "ru" };
const deanMtf: LocalUser = { id: 7101, firstName: "Декан МТФ", languageCode: "ky" };
const deanIef: LocalUser = { id: 7102, firstName: "Dean IEF", languageCode: "en" };
const head: LocalUser = { id: 7201, firstName: "Head", languageCode: "en" };
const stranger: LocalUser = { id: 7901, firstName: "Guest", languageCode: "en" };

/** Everyone bound here besides the senders: [id, role, unit]. */
const PEOPLE: [number, Role, string | undefined][] = [
  [7103, "dean", "ЭФ"],
  [7104, "dean", "ТФ"],
  [7202, "head", "ИЭФ"],
  [7203, "head", "ИЭФ"],
  [7204, "head", "МТФ"],
  [7301, "student", "МТФ"],
  [7302, "student", "МТФ"],
  [7303, "student", "МТФ"],
  [7304, "student", "ИЭФ"],
];

async function bind(user: LocalUser, role: Role, unit: string | undefined, language: Language | null) {
  await h.bindUser(user, role, unit);
  await h.db.user.update({ where: { telegramId: String(user.id) }, data: { language } });
}

beforeAll(async () => {
  h = await startHarness();
  for (const lng of ["ky", "ru", "en"] as const) t[lng] = await h.t(lng);
  await bind(admin, "admin", undefined, "en");
  await bind(leader, "leader", undefined, "ru");
  await bind(deanMtf, "dean", "МТФ", "ky");
  await bind(deanIef, "dean", "ИЭФ", "en");
  await bind(head, "head", "ИЭФ", "en");
  for (const [id, role, unit] of PEOPLE) await bind({ id, firstName: `P${id}` }, role, unit, null);
  // someone revoked is nobody's recipient
  await bind({ id: 7105, firstName: "Former dean" }, "dean", "МТФ", null);
  await h.db.user.update({ where: { telegramId: "7105" }, data: { revokedAt: new Date() } });
});
afterAll(() => h?.stop());

const messageId = (call: ApiCall) => (call.result as { message_id: number }).message_id;
const messageOf = (user: LocalUser, id: number) => {
  const m = h.api.messages(user.id).find((x) => x.message_id === id);
  if (!m) throw new Error(`no message ${id}`);
  return m;
};
const textOf = (user: LocalUser, id: number) => messageOf(user, id).text;
/** The buttons of a message as [label, data] rows. */
const buttons = (user: LocalUser, id: number) =>
  (messageOf(user, id).reply_markup as InlineKeyboardMarkup | undefined)?.inline_keyboard.map((row) =>
    row.map((b) => [b.text, "callback_data" in b ? b.callback_data : undefined]),
  );
const labels = (user: LocalUser, id: number) => buttons(user, id)?.map((row) => row.map(([label]) => label));
/** The messages the bot sent since the last mark, as [text, message id]. */
const sentTexts = (user: LocalUser) => h.sent(user, "sendMessage").map((c) => c.params.text);

const drafts = (user: LocalUser) => h.db.campaign.findMany({ where: { createdBy: String(user.id), status: "draft" } });
const campaignsOf = (user: LocalUser) =>
  h.db.campaign.findMany({ where: { createdBy: String(user.id), status: { not: "draft" } }, orderBy: { id: "asc" } });
const activeIds = async (where: { role: Role; unit?: string }) =>
  (
    await h.db.user.findMany({
      where: {
        institutionId: h.institution.id,
        role: where.role,
        revokedAt: null,
        ...(where.unit ? { scopeUnit: { code: where.unit } } : {}),
      },
      orderBy: { id: "asc" },
    })
  ).map((u) => u.telegramId);
const deliveryChats = async (campaignId: number) =>
  (await h.db.delivery.findMany({ where: { campaignId }, orderBy: { userId: "asc" } })).map((d) => d.chatId);

describe("an admin announces to all deans", () => {
  const text = "Practice results are due on 25 September";
  let draftId: number;
  let preview: number;

  it("/announce asks for the text, with a Cancel button; a draft waiting for it is stored", async () => {
    const reply = await h.say(admin, "/announce");
    expect(reply.params.text).toBe("✍️ Write the announcement: one message, up to 4096 characters.");
    const [draft, ...more] = await drafts(admin);
    expect(more).toEqual([]);
    expect(draft).toMatchObject({ status: "draft", draftStep: "text", kind: "announcement", category: "announcements" });
    draftId = draft?.id ?? 0;
    expect(buttons(admin, messageId(reply))).toEqual([[["✖️ Cancel", `ann:c:${draftId}`]]]);
  });

  it("the next text becomes the announcement (not a figures question); the audiences of the institution are offered", async () => {
    const reply = await h.say(admin, text);
    expect(sentTexts(admin)).toEqual([t.en("announce.askAudience")]);
    expect(labels(admin, messageId(reply))).toEqual([
      ["All deans", "All department heads"],
      ["All students", "Everyone"],
      ["✖️ Cancel"],
    ]);
    for (const row of buttons(admin, messageId(reply)) ?? [])
      for (const [, data] of row) expect(Buffer.byteLength(data ?? "")).toBeLessThanOrEqual(64);
    const [draft] = await drafts(admin);
    expect(draft).toMatchObject({ id: draftId, draftStep: "audience", message: JSON.stringify({ text }) });
  });

  it("“All deans”: the text as recipients will see it, then who and how many — the count the database holds", async () => {
    const deans = await activeIds({ role: "dean" });
    expect(deans).toHaveLength(4);
    const answer = await h.press(admin, "All deans");
    expect(answer.error).toBeUndefined();
    const [shown, under] = h.sent(admin, "sendMessage");
    expect(shown?.params.text).toBe(text);
    expect(shown?.params.reply_markup).toBeUndefined();
    expect(under?.params.text).toBe(
      `☝️ This is how recipients will see the announcement.\nTo: all deans in the institution — ${deans.length} people.`,
    );
    preview = messageId(under as ApiCall);
    expect(labels(admin, preview)).toEqual([["✅ Send"], ["✏️ Change audience", "✖️ Cancel"]]);
    expect((await drafts(admin))[0]).toMatchObject({ draftStep: "confirm", audience: JSON.stringify({ roles: ["dean"] }) });
    expect(await campaignsOf(admin)).toEqual([]);
  });

  it("Send queues a delivery for every dean and turns the preview into the progress line", async () => {
    const answer = await h.press(admin, "✅ Send");
    expect(answer.params.text).toBe("📨 Sending has started.");
    expect(h.sent(admin, "sendMessage")).toEqual([]);
    const edits = h.sent(admin, "editMessageText");
    expect(edits.map((e) => e.params.message_id)).toEqual([preview]);
    const deans = await activeIds({ role: "dean" });
    expect(textOf(admin, preview)).toBe(`📨 Sending: delivered 0 / ${deans.length} · ${deans.length} waiting`);
    expect(buttons(admin, preview)).toBeUndefined();

    const [campaign, ...more] = await campaignsOf(admin);
    expect(more).toEqual([]);
    expect(campaign).toMatchObject({
      status: "sending",
      kind: "announcement",
      category: "announcements",
      idempotencyKey: `draft:${draftId}`,
      message: JSON.stringify({ text }),
      total: deans.length,
      progressChatId: String(admin.id),
      progressMessageId: preview,
    });
    expect((await deliveryChats(campaign?.id ?? 0)).sort()).toEqual([...deans].sort());
    expect(await drafts(admin)).toEqual([]);
  });

  it("Send pressed again (a stale button, a double tap) queues nothing new and just answers", async () => {
    const [campaign] = await campaignsOf(admin);
    const deliveries = await h.db.delivery.count();
    const answer = await h.forgePress(admin, preview, `ann:s:${draftId}`);
    expect(answer.params.text).toBe(`This announcement is already queued (#${campaign?.id}); nothing new was sent.`);
    expect(h.sent(admin, ["sendMessage", "editMessageText"])).toEqual([]);
    expect(await campaignsOf(admin)).toHaveLength(1);
    expect(await h.db.delivery.count()).toBe(deliveries);
  });

  it("afterwards the admin's text is a figures question again", async () => {
    await h.say(admin, "debtors MTF");
    expect(sentTexts(admin).join("\n")).toContain("МТФ — debtors");
    expect(await drafts(admin)).toEqual([]);
  });
});

/** /announce with the text, an audience button; the preview's message id. */
async function toPreview(user: LocalUser, text: string, choice: string): Promise<number> {
  await h.say(user, `/announce ${text}`);
  await h.press(user, choice);
  const under = h.sent(user, "sendMessage")[1];
  if (!under)
    throw new Error(`no preview: ${JSON.stringify(h.api.callsSinceMark().map((c) => [c.method, c.params.text, c.error]))}`);
  return messageId(under);
}

describe("Send twice at once, Cancel, Change audience, a new draft in place of the old", () => {
  it("two Send presses handled at the same moment queue one campaign", async () => {
    const preview = await toPreview(admin, "Two presses", "All department heads");
    const [draft] = await drafts(admin);
    const before = (await campaignsOf(admin)).length;
    h.api.mark();
    const data = `ann:s:${draft?.id}`;
    // both pressed before the bot has seen either: they arrive in one batch and run side by side
    const presses = [h.api.pressButton(admin.id, preview, data), h.api.pressButton(admin.id, preview, data)];
    for (const p of presses) await h.handled(p);
    const campaigns = await campaignsOf(admin);
    expect(campaigns).toHaveLength(before + 1);
    const campaign = campaigns.at(-1);
    expect(campaign?.idempotencyKey).toBe(data.replace("ann:s:", "draft:"));
    const answers = h.api.callsSinceMark("answerCallbackQuery").map((c) => c.params.text);
    expect(answers.sort()).toEqual(
      ["📨 Sending has started.", `This announcement is already queued (#${campaign?.id}); nothing new was sent.`].sort(),
    );
    const heads = await activeIds({ role: "head" });
    expect((await deliveryChats(campaign?.id ?? 0)).sort()).toEqual([...heads].sort());
    expect(await drafts(admin)).toEqual([]);
  });

  it("Cancel on the preview: “Cancelled, nothing was sent”, no draft, no campaign", async () => {
    const campaigns = (await campaignsOf(admin)).length;
    const deliveries = await h.db.delivery.count();
    const preview = await toPreview(admin, "Never mind", "Everyone");
    const everyone = await h.db.user.count({ where: { institutionId: h.institution.id, revokedAt: null } });
    expect(textOf(admin, preview)).toContain(`To: everyone in the institution — ${everyone} people.`);
    expect(await drafts(admin)).toHaveLength(1);
    const answer = await h.press(admin, "✖️ Cancel");
    expect(answer.error).toBeUndefined();
    expect(h.sent(admin, "editMessageText").map((e) => e.params.message_id)).toEqual([preview]);
    expect(textOf(admin, preview)).toBe("Cancelled, nothing was sent.");
    expect(buttons(admin, preview)).toBeUndefined();
    expect(await drafts(admin)).toEqual([]);
    expect(await campaignsOf(admin)).toHaveLength(campaigns);
    expect(await h.db.delivery.count()).toBe(deliveries);
    // the text that follows is no announcement
    await h.say(admin, "debtors MTF");
    expect(sentTexts(admin).join("\n")).toContain("МТФ — debtors");
    expect(await drafts(admin)).toEqual([]);
  });

  it("Cancel while the bot waits for the text; Send of a cancelled draft queues nothing", async () => {
    const prompt = messageId(await h.say(admin, "/announce"));
    const [draft] = await drafts(admin);
    await h.press(admin, "✖️ Cancel");
    expect(textOf(admin, prompt)).toBe("Cancelled, nothing was sent.");
    expect(await drafts(admin)).toEqual([]);
    const campaigns = (await campaignsOf(admin)).length;
    const forged = await h.forgePress(admin, prompt, `ann:s:${draft?.id}`);
    expect(forged.params.text).toBe(t.en("problems.announceNoDraft"));
    expect(await campaignsOf(admin)).toHaveLength(campaigns);
  });

  it("Change audience goes back to the choice in the same message; the new choice is previewed", async () => {
    const preview = await toPreview(admin, "Change of plan", "All students");
    expect(textOf(admin, preview)).toContain(
      `all students in the institution — ${(await activeIds({ role: "student" })).length} people`,
    );
    await h.press(admin, "✏️ Change audience");
    expect(h.sent(admin, "sendMessage")).toEqual([]);
    expect(textOf(admin, preview)).toBe(t.en("announce.askAudience"));
    expect(labels(admin, preview)?.[0]).toEqual(["All deans", "All department heads"]);
    expect((await drafts(admin))[0]?.draftStep).toBe("audience");
    // typed this time: a unit as people write it
    await h.say(admin, "Токмок");
    expect(sentTexts(admin)).toEqual([t.en("problems.audienceNobody", { audience: "unit:Токмок ш. филиал" })]);
    expect((await drafts(admin))[0]?.draftStep).toBe("audience");
    await h.say(admin, "role:student,unit:МТФ,course:9");
    expect(sentTexts(admin)).toEqual([t.en("problems.audienceBadCourse", { value: "9" })]);
    await h.say(admin, "role:student,unit:МТФ");
    expect(sentTexts(admin)).toEqual([
      "Change of plan",
      "☝️ This is how recipients will see the announcement.\nTo: all students of МТФ — 3 people.",
    ]);
    await h.press(admin, "✖️ Cancel");
  });

  it("a new /announce replaces the draft in progress and says so; the old draft's buttons are outdated", async () => {
    const first = messageId(await h.say(admin, "/announce First version"));
    const [old] = await drafts(admin);
    const reply = await h.say(admin, "/announce Second version");
    expect(reply.params.text).toBe(`Your earlier unsent announcement was discarded.\n\n${t.en("announce.askAudience")}`);
    const [draft, ...more] = await drafts(admin);
    expect(more).toEqual([]);
    expect(draft?.id).not.toBe(old?.id);
    expect(draft?.message).toBe(JSON.stringify({ text: "Second version" }));
    const outdated = await h.press(admin, { messageId: first, data: `ann:a:${old?.id}:deans` });
    expect(outdated.params.text).toBe(t.en("problems.announceNoDraft"));
    expect(h.sent(admin, "sendMessage")).toEqual([]);
    // a bare /announce picks the draft up where it stopped
    await h.say(admin, "/announce");
    expect(sentTexts(admin)).toEqual(["Second version", `${t.en("announce.resumed")}\n\n${t.en("announce.askAudience")}`]);
    await h.press(admin, "✖️ Cancel");
    expect(await drafts(admin)).toEqual([]);
  });
});

describe("a dean announces within the faculty only", () => {
  it("is offered the faculty's audiences; a typed audience of another faculty is refused and nothing is queued", async () => {
    await h.say(deanMtf, "/announce Эртең саат 10до жыйналыш");
    const prompt = h.sent(deanMtf, "sendMessage")[0];
    expect(prompt?.params.text).toBe(t.ky("announce.askAudienceDean", { unit: "МТФ" }));
    expect(labels(deanMtf, messageId(prompt as ApiCall))).toEqual([
      ["МТФ: кафедра башчылары"],
      ["МТФ: студенттер"],
      ["МТФ: баары"],
      ["✖️ Жокко чыгаруу"],
    ]);
    const deliveries = await h.db.delivery.count();
    for (const typed of ["role:student,unit:ИЭФ", "ИЭФ", "role:head,unit:МТФ|ИЭФ", "Инженердик-экономикалык факультет"]) {
      await h.say(deanMtf, typed);
      expect(sentTexts(deanMtf), typed).toEqual([t.ky("problems.audienceOutsideScope", { unit: "ИЭФ", scope: "МТФ" })]);
      expect((await drafts(deanMtf))[0]?.draftStep, typed).toBe("audience");
    }
    expect(sentTexts(deanMtf)[0]).toContain("Эч нерсе кезекке коюлган жок");
    expect(await campaignsOf(deanMtf)).toEqual([]);
    expect(await h.db.delivery.count()).toBe(deliveries);
  });

  it("“Students of МТФ” reaches exactly the students of МТФ", async () => {
    const students = await activeIds({ role: "student", unit: "МТФ" });
    await h.press(deanMtf, "МТФ: студенттер");
    expect(sentTexts(deanMtf)).toEqual([
      "Эртең саат 10до жыйналыш",
      `☝️ Кулактандыруу алуучуларга ушундай көрүнөт.\nКимге: бардык студенттер: МТФ — ${students.length} адам.`,
    ]);
    const preview = messageId(h.sent(deanMtf, "sendMessage")[1] as ApiCall);
    expect((await h.press(deanMtf, "✅ Жөнөтүү")).params.text).toBe("📨 Жөнөтүү башталды.");
    expect(textOf(deanMtf, preview)).toBe(`📨 Жөнөтүлүүдө: жеткирилди 0 / ${students.length} · ${students.length} кезекте`);
    const [campaign] = await campaignsOf(deanMtf);
    expect(campaign?.audience).toBe(JSON.stringify({ roles: ["student"], units: ["МТФ"] }));
    expect((await deliveryChats(campaign?.id ?? 0)).sort()).toEqual([...students].sort());
  });

  it("a dean's typed audience naming no unit means the dean's own faculty", async () => {
    const heads = await activeIds({ role: "head", unit: "ИЭФ" });
    await h.say(deanIef, "/announce Department meeting on Friday");
    await h.say(deanIef, "role:head");
    expect(sentTexts(deanIef)[1]).toBe(
      `☝️ This is how recipients will see the announcement.\nTo: all department heads of ИЭФ — ${heads.length} people.`,
    );
    await h.press(deanIef, "✖️ Cancel");
    expect(await campaignsOf(deanIef)).toEqual([]);
  });
});

describe("who may not announce", () => {
  it("a head is refused, in words, for the command and for a press; the head's texts stay questions", async () => {
    const reply = await h.say(head, "/announce Hello everyone");
    expect(reply.params.text).toBe(
      "Announcements are sent by the quality department, leaders and deans; your role cannot send them.",
    );
    expect(await drafts(head)).toEqual([]);
    const forged = await h.forgePress(head, messageId(reply), "ann:a:1:everyone");
    expect(forged.params.text).toBe(t.en("problems.announceForbidden"));
    await h.say(head, "debtors IEF");
    expect(sentTexts(head).join("\n")).toContain("ИЭФ — debtors");
  });

  it("a stranger gets the invite message", async () => {
    const reply = await h.say(stranger, "/announce");
    expect(reply.params.text).toBe(t.en("problems.needInvite"));
    const forged = await h.forgePress(stranger, messageId(reply), "ann:c:1");
    expect(forged.params.text).toBe(t.en("problems.needInvite"));
  });

  it("/announce is in the command menu and /help of deans, not of heads", async () => {
    const dean: LocalUser = { id: 7501, firstName: "New dean", languageCode: "en" };
    const newHead: LocalUser = { id: 7502, firstName: "New head", languageCode: "en" };
    await h.say(dean, `/start ${await h.invite("dean", "ЭФ")}`);
    await h.say(newHead, `/start ${await h.invite("head", "ЭФ")}`);
    const commands = (user: LocalUser) => h.api.commands({ type: "chat", chat_id: user.id })?.map((c) => c.command);
    expect(commands(dean)).toEqual([
      "start",
      "debtors",
      "stats",
      "practice",
      "export",
      "submit",
      "history",
      "accreditation",
      "announce",
      "requests",
      "plans",
      "survey",
      "surveys",
      "settings",
      "lang",
      "help",
    ]);
    expect(h.api.commands({ type: "chat", chat_id: dean.id })?.[8]?.description).toBe("Announcement");
    expect(commands(newHead)).toEqual([
      "start",
      "debtors",
      "stats",
      "practice",
      "export",
      "submit",
      "history",
      "accreditation",
      "settings",
      "lang",
      "help",
    ]);
    expect((await h.say(dean, "/help")).params.text).toContain("/announce — an announcement");
    expect((await h.say(newHead, "/help")).params.text).not.toContain("/announce");
  });
});

describe("a restart between the text and the audience", () => {
  it("keeps the draft: after the restart the typed audience goes to it and Send queues it", async () => {
    await h.say(admin, "/announce");
    await h.say(admin, "Survives a restart");
    const [before] = await drafts(admin);
    expect(before).toMatchObject({ draftStep: "audience", message: JSON.stringify({ text: "Survives a restart" }) });

    await h.restart();
    const heads = await activeIds({ role: "head", unit: "ИЭФ" });
    await h.say(admin, "role:head,unit:ИЭФ");
    expect(sentTexts(admin)).toEqual([
      "Survives a restart",
      `☝️ This is how recipients will see the announcement.\nTo: all department heads of ИЭФ — ${heads.length} people.`,
    ]);
    await h.press(admin, "✅ Send");
    const campaign = (await campaignsOf(admin)).at(-1);
    expect(campaign?.idempotencyKey).toBe(`draft:${before?.id}`);
    expect((await deliveryChats(campaign?.id ?? 0)).sort()).toEqual([...heads].sort());
    expect(await drafts(admin)).toEqual([]);
  });
});

describe("in Russian", () => {
  it("a leader whose language is Russian is asked, offered and answered in Russian", async () => {
    expect((await h.say(leader, "/announce")).params.text).toBe("✍️ Напишите объявление: одно сообщение, до 4096 символов.");
    const prompt = await h.say(leader, "Собрание в пятницу в 10:00");
    expect(prompt.params.text).toBe(
      "Кому отправить? Выберите ниже или напишите: подразделение (ИЭФ) или, например, role:head,unit:ИЭФ · role:student,unit:ЭФ,course:2-4 · all.",
    );
    expect(labels(leader, messageId(prompt))).toEqual([
      ["Все деканы", "Все заведующие кафедрами"],
      ["Все студенты", "Все"],
      ["✖️ Отменить"],
    ]);
    // a unit written as people write it
    const people = (
      await h.db.user.findMany({ where: { revokedAt: null, scopeUnit: { code: "ИЭФ" } }, orderBy: { id: "asc" } })
    ).map((u) => u.telegramId);
    expect(people).toHaveLength(5);
    await h.say(leader, "Инженерно-экономический факультет");
    expect(sentTexts(leader)).toEqual([
      "Собрание в пятницу в 10:00",
      "☝️ Так объявление увидят получатели.\nКому: все: ИЭФ — 5 человек.",
    ]);
    const preview = messageId(h.sent(leader, "sendMessage")[1] as ApiCall);
    expect(labels(leader, preview)).toEqual([["✅ Отправить"], ["✏️ Изменить получателей", "✖️ Отменить"]]);
    expect((await h.press(leader, "✅ Отправить")).params.text).toBe("📨 Рассылка началась.");
    expect(textOf(leader, preview)).toBe("📨 Рассылка: доставлено 0 / 5 · 5 в очереди");
    const campaign = (await campaignsOf(leader)).at(-1);
    expect((await deliveryChats(campaign?.id ?? 0)).sort()).toEqual([...people].sort());

    const again = await toPreview(leader, "Отмена", "Все деканы");
    await h.press(leader, "✖️ Отменить");
    expect(textOf(leader, again)).toBe("Отменено, ничего не отправлено.");
    expect(await drafts(leader)).toEqual([]);
  });
});
