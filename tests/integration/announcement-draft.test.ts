// The /announce use case over a real database (the demo's units): a draft per person that
// moves text → audience → confirm, replaced by a new one, abandoned after a day; the
// audience checked in the sender's scope and counted; Send creating one campaign however
// often (and however simultaneously) it is pressed; Cancel leaving nothing. And the check
// made on every message an announcer writes is one query over an index, none for others.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Announcer,
  cancelDraft,
  changeAudience,
  choiceAudience,
  confirmDraft,
  DRAFT_TTL_MS,
  pendingDraft,
  readAudience,
  setAudience,
  setText,
  startDraft,
} from "../../bot/app/delivery/announcement-draft.ts";
import { buildDemo } from "../../bot/app/demo/build-demo.ts";
import type { Access, Role } from "../../core/index.ts";
import type { PrismaClient } from "../../prisma/store/db.ts";
import { accessOf, activeUser } from "../../prisma/store/users.ts";
import { onPostgres, tempDatabaseUrl } from "../helpers.ts";

const tmp = tempDatabaseUrl();
let raw: PrismaClient;
let db: PrismaClient;
let institutionId: number;
const clock = { now: new Date("2025-09-01T08:00:00Z") };
/** models and operations of every query since the last reset */
let queries: string[] = [];
const deps = () => ({ db, now: () => clock.now });

let next = 0;
async function person(role: Role, unit?: string): Promise<Announcer> {
  next++;
  const scopeUnitId = unit ? (await raw.unit.findFirstOrThrow({ where: { institutionId, code: unit } })).id : null;
  const telegramId = String(100 + next);
  await raw.user.create({ data: { institutionId, telegramId, role, scopeUnitId } });
  const user = await activeUser(raw, telegramId);
  if (!user) throw new Error("not created");
  return { access: await accessOf(raw, user), institutionId, telegramId };
}

let admin: Announcer;
let dean: Announcer;
let head: Announcer;
let deans: number;

beforeAll(async () => {
  const demo = await buildDemo(tmp.url);
  raw = demo.db;
  institutionId = demo.institution.id;
  db = raw.$extends({
    query: {
      $allModels: {
        async $allOperations({ model, operation, args, query }) {
          queries.push(`${model}.${operation}`);
          return query(args);
        },
      },
    },
  }) as unknown as PrismaClient;
  admin = await person("admin");
  dean = await person("dean", "МТФ");
  head = await person("head", "МТФ");
  await person("dean", "ИЭФ");
  await person("dean", "ЭФ");
  for (let i = 0; i < 3; i++) await person("student", "МТФ");
  await person("student", "ИЭФ");
  await person("head", "ИЭФ");
  deans = 3;
});
afterAll(async () => {
  await raw.$disconnect();
  tmp.cleanup();
});

const drafts = (who: Announcer) => raw.campaign.findMany({ where: { createdBy: who.telegramId, status: "draft" } });
const campaigns = (who: Announcer) =>
  raw.campaign.findMany({ where: { createdBy: who.telegramId, status: { not: "draft" } }, orderBy: { id: "asc" } });

describe("a draft from the text to the campaign", () => {
  it("text, audience, preview with the count, confirm: one campaign with a delivery per dean, the draft gone", async () => {
    const started = await startDraft(deps(), admin);
    expect(started).toMatchObject({ ok: true, value: { replaced: false, draft: { step: "text", text: null } } });
    if (!started.ok) return;
    const id = started.value.draft.id;
    expect(await pendingDraft(deps(), admin.access, admin.telegramId)).toMatchObject({ id, step: "text" });

    const written = await setText(deps(), admin, id, "  Practice results are due on 25 September  ");
    expect(written).toMatchObject({ ok: true, value: { step: "audience", text: "Practice results are due on 25 September" } });

    const preview = await setAudience(deps(), admin, id, choiceAudience(admin.access, "deans") ?? {});
    expect(preview).toMatchObject({ ok: true, value: { recipients: deans, draft: { step: "confirm" } } });
    expect(await campaigns(admin)).toEqual([]);

    const sent = await confirmDraft(deps(), admin, id, { chatId: admin.telegramId, messageId: 42 });
    expect(sent).toMatchObject({
      ok: true,
      value: { created: true, recipients: deans, counts: { total: deans, queued: deans, sent: 0 } },
    });
    if (!sent.ok) return;
    expect(sent.value.campaign).toMatchObject({
      status: "sending",
      idempotencyKey: `draft:${id}`,
      progressChatId: admin.telegramId,
      progressMessageId: 42,
      createdBy: admin.telegramId,
    });
    expect(await raw.delivery.count({ where: { campaignId: sent.value.campaign.id } })).toBe(deans);
    expect(await drafts(admin)).toEqual([]);
    expect(await pendingDraft(deps(), admin.access, admin.telegramId)).toBeNull();

    // pressed again: the same campaign, nothing new
    const again = await confirmDraft(deps(), admin, id);
    expect(again).toMatchObject({ ok: true, value: { created: false, campaign: { id: sent.value.campaign.id } } });
    expect(await campaigns(admin)).toHaveLength(1);
    expect(await raw.delivery.count({ where: { campaignId: sent.value.campaign.id } })).toBe(deans);
    // and nobody else can claim it
    expect(await confirmDraft(deps(), { ...dean }, id)).toMatchObject({ ok: false, problem: { code: "announceNoDraft" } });
  });

  it("two confirmations at the same moment create one campaign", async () => {
    const started = await startDraft(deps(), admin, "Twice at once");
    if (!started.ok) throw new Error("not started");
    const id = started.value.draft.id;
    expect(started.value.draft).toMatchObject({ step: "audience", text: "Twice at once" });
    await setAudience(deps(), admin, id, { roles: ["student"] });
    const before = (await campaigns(admin)).length;
    const both = await Promise.all([confirmDraft(deps(), admin, id), confirmDraft(deps(), admin, id)]);
    expect(both.map((r) => r.ok && r.value.created).sort()).toEqual([false, true]);
    expect(await campaigns(admin)).toHaveLength(before + 1);
    const campaign = (await campaigns(admin)).at(-1);
    expect(await raw.delivery.count({ where: { campaignId: campaign?.id } })).toBe(4);
  });

  it("confirm before an audience is chosen is refused; Change audience goes back a step", async () => {
    const started = await startDraft(deps(), admin, "Not yet");
    if (!started.ok) throw new Error("not started");
    const id = started.value.draft.id;
    expect(await confirmDraft(deps(), admin, id)).toMatchObject({ ok: false, problem: { code: "announceChooseAudience" } });
    await setAudience(deps(), admin, id, { roles: ["head"] });
    expect(await changeAudience(deps(), admin, id)).toMatchObject({ ok: true, value: { step: "audience" } });
    expect(await confirmDraft(deps(), admin, id)).toMatchObject({ ok: false, problem: { code: "announceChooseAudience" } });
    expect(await cancelDraft(deps(), admin, id)).toEqual({ ok: true, value: true });
  });
});

describe("one draft per person, a day long", () => {
  it("a new draft replaces the one in progress, and says so", async () => {
    const first = await startDraft(deps(), dean, "First");
    const second = await startDraft(deps(), dean);
    expect(first).toMatchObject({ ok: true, value: { replaced: false } });
    expect(second).toMatchObject({ ok: true, value: { replaced: true, draft: { step: "text" } } });
    const rows = await drafts(dean);
    expect(rows.map((r) => r.id)).toEqual([second.ok ? second.value.draft.id : -1]);
    if (first.ok)
      expect(await setText(deps(), dean, first.value.draft.id, "x")).toMatchObject({
        ok: false,
        problem: { code: "announceNoDraft" },
      });
  });

  it("a draft older than a day is ignored, and the next one replaces it without a word", async () => {
    const saved = clock.now;
    try {
      clock.now = new Date(saved.getTime() + DRAFT_TTL_MS + 60_000);
      expect(await pendingDraft(deps(), dean.access, dean.telegramId)).toBeNull();
      const [old] = await drafts(dean);
      if (old) expect(await setText(deps(), dean, old.id, "late")).toMatchObject({ ok: false });
      const fresh = await startDraft(deps(), dean);
      expect(fresh).toMatchObject({ ok: true, value: { replaced: false } });
      // abandoned drafts are deleted, the person's own and anybody else's
      expect(await raw.campaign.count({ where: { status: "draft", createdAt: { lt: saved } } })).toBe(0);
      expect(await drafts(dean)).toHaveLength(1);
      if (fresh.ok) await cancelDraft(deps(), dean, fresh.value.draft.id);
    } finally {
      clock.now = saved;
    }
  });

  it("Cancel deletes the draft; nothing is queued, and a Send after it finds nothing", async () => {
    const started = await startDraft(deps(), admin, "Cancel me");
    if (!started.ok) throw new Error("not started");
    const id = started.value.draft.id;
    await setAudience(deps(), admin, id, { everyone: true });
    const before = await raw.campaign.count();
    expect(await cancelDraft(deps(), admin, id)).toEqual({ ok: true, value: true });
    expect(await drafts(admin)).toEqual([]);
    expect(await cancelDraft(deps(), admin, id)).toMatchObject({ ok: false, problem: { code: "announceNoDraft" } });
    expect(await confirmDraft(deps(), admin, id)).toMatchObject({ ok: false, problem: { code: "announceNoDraft" } });
    expect(await raw.campaign.count()).toBe(before - 1);
  });
});

describe("the audience in the sender's scope", () => {
  it("a dean: the buttons name the faculty; another faculty is refused and the draft stays on the step", async () => {
    expect(choiceAudience(dean.access, "deans")).toBeNull();
    expect(choiceAudience(dean.access, "unitStudents")).toEqual({ roles: ["student"], units: ["МТФ"] });
    const started = await startDraft(deps(), dean, "Faculty meeting");
    if (!started.ok) throw new Error("not started");
    const id = started.value.draft.id;
    const typed = readAudience(dean.access, "role:student,unit:ИЭФ");
    expect(typed).toEqual({ ok: true, value: { roles: ["student"], units: ["ИЭФ"] } });
    const refused = await setAudience(deps(), dean, id, typed.ok ? typed.value : {});
    expect(refused).toEqual({
      ok: false,
      problem: { code: "audienceOutsideScope", params: { unit: "ИЭФ", scope: "МТФ" } },
    });
    expect((await drafts(dean))[0]?.draftStep).toBe("audience");
    expect(await confirmDraft(deps(), dean, id)).toMatchObject({ ok: false, problem: { code: "announceChooseAudience" } });

    // naming no unit means the dean's own
    expect(readAudience(dean.access, "role:student")).toEqual({ ok: true, value: { roles: ["student"], units: ["МТФ"] } });
    const own = await setAudience(deps(), dean, id, choiceAudience(dean.access, "unitStudents") ?? {});
    expect(own).toMatchObject({ ok: true, value: { recipients: 3 } });
    const sent = await confirmDraft(deps(), dean, id);
    expect(sent).toMatchObject({ ok: true, value: { created: true, recipients: 3 } });
  });

  it("unit names as people type them; nobody in the audience is said and changes nothing", async () => {
    expect(readAudience(admin.access, "ИЭФ, ЭФ")).toEqual({ ok: true, value: { units: ["ИЭФ", "ЭФ"] } });
    expect(readAudience(admin.access, "all")).toEqual({ ok: true, value: { everyone: true } });
    expect(readAudience(admin.access, "role:boss")).toMatchObject({ ok: false, problem: { code: "audienceBadRole" } });
    const started = await startDraft(deps(), admin, "Names");
    if (!started.ok) throw new Error("not started");
    const id = started.value.draft.id;
    const byName = await setAudience(deps(), admin, id, { units: ["Инженерно-экономический факультет"] });
    expect(byName).toMatchObject({ ok: true, value: { recipients: 3, draft: { audience: { units: ["ИЭФ"] } } } });
    await changeAudience(deps(), admin, id);
    const nobody = await setAudience(deps(), admin, id, { roles: ["student"], units: ["ТФ"] });
    expect(nobody).toEqual({ ok: false, problem: { code: "audienceNobody", params: { audience: "role:student,unit:ТФ" } } });
    expect((await drafts(admin))[0]?.draftStep).toBe("audience");
    await cancelDraft(deps(), admin, id);
  });

  it("heads and students may not announce", async () => {
    expect(await startDraft(deps(), head, "Hello")).toEqual({ ok: false, problem: { code: "announceForbidden", params: {} } });
    expect(await drafts(head)).toEqual([]);
  });
});

describe("the check on every message", () => {
  it("costs no query for those who may not announce, and one for those who may", async () => {
    const student: Access = { role: "student", scope: { kind: "unit", unit: "МТФ", units: ["МТФ"] } };
    queries = [];
    expect(await pendingDraft(deps(), head.access, head.telegramId)).toBeNull();
    expect(await pendingDraft(deps(), student, "999")).toBeNull();
    expect(await pendingDraft(deps(), null, "999")).toBeNull();
    expect(queries).toEqual([]);
    expect(await pendingDraft(deps(), admin.access, admin.telegramId)).toBeNull();
    expect(queries).toEqual(["Campaign.findFirst"]);
  });

  // SQLite's query plan; PostgreSQL plans by table size (a test table is read whole)
  it.skipIf(onPostgres)("and that one query is answered from the (createdBy, status) index", async () => {
    const plan = await raw.$queryRawUnsafe<{ detail: string }[]>(
      `EXPLAIN QUERY PLAN SELECT id FROM Campaign WHERE createdBy = ? AND status = 'draft' AND createdAt >= ? ORDER BY id DESC LIMIT 1`,
      admin.telegramId,
      clock.now.getTime(),
    );
    expect(plan.map((p) => p.detail).join("\n")).toMatch(/USING INDEX Campaign_createdBy_status_idx/);
  });
});
