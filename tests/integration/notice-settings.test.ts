// /settings' data: the opt-outs a user switches (store + use case) and the bulk read the
// delivery engine skips muted people with (mutedByUser, in chunks of user ids).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { noticeSettings, switchNotice } from "../../bot/app/settings/notice-settings.ts";
import { translator } from "../../bot/present/i18n.ts";
import { problemText } from "../../bot/present/problem.ts";
import { openDatabase } from "../../prisma/client.ts";
import type { PrismaClient } from "../../prisma/store/db.ts";
import { mutedByUser, mutedCategories, OPT_OUT_CHUNK, setNoticeCategory } from "../../prisma/store/notices.ts";
import { tempDatabaseUrl } from "../helpers.ts";

const tmp = tempDatabaseUrl();
let raw: PrismaClient;
let db: PrismaClient;
let institutionId: number;
/** the `userId IN (…)` lists of every noticeOptOut.findMany since the last reset */
let reads: number[][] = [];

beforeAll(async () => {
  raw = await openDatabase(tmp.url);
  institutionId = (await raw.institution.create({ data: { code: "KSTU", name: "KSTU" } })).id;
  db = raw.$extends({
    query: {
      noticeOptOut: {
        async findMany({ args, query }) {
          const inList = (args.where?.userId as { in?: number[] } | undefined)?.in;
          reads.push(inList ?? []);
          return query(args);
        },
      },
    },
  }) as unknown as PrismaClient;
});
afterAll(async () => {
  await raw.$disconnect();
  tmp.cleanup();
});

let next = 0;
async function newUser(role = "dean"): Promise<{ id: number }> {
  next++;
  return raw.user.create({ data: { institutionId, telegramId: `u${next}`, role }, select: { id: true } });
}
const optOuts = (userId: number) => raw.noticeOptOut.findMany({ where: { userId }, orderBy: { category: "asc" } });
const deps = () => ({ db });

describe("switching notices (switchNotice, noticeSettings)", () => {
  it("everything is on until switched off; requests are mandatory", async () => {
    const user = await newUser();
    expect(await noticeSettings(deps(), user)).toEqual([
      { category: "announcements", on: true, mandatory: false },
      { category: "reminders", on: true, mandatory: false },
      { category: "surveys", on: true, mandatory: false },
      { category: "requests", on: true, mandatory: true },
    ]);
  });

  it("off stores one opt-out, off again changes nothing, on removes it, on again changes nothing", async () => {
    const user = await newUser("student");
    const off = await switchNotice(deps(), user, "announcements", false);
    expect(off.ok && off.value.find((s) => s.category === "announcements")).toEqual({
      category: "announcements",
      on: false,
      mandatory: false,
    });
    expect(await optOuts(user.id)).toEqual([{ userId: user.id, category: "announcements" }]);

    const again = await switchNotice(deps(), user, "announcements", false);
    expect(again).toEqual(off);
    expect(await optOuts(user.id)).toHaveLength(1);

    await switchNotice(deps(), user, "surveys", false);
    expect([...(await mutedCategories(db, user.id))].sort()).toEqual(["announcements", "surveys"]);

    const on = await switchNotice(deps(), user, "announcements", true);
    expect(on.ok && on.value.map((s) => [s.category, s.on])).toEqual([
      ["announcements", true],
      ["reminders", true],
      ["surveys", false],
      ["requests", true],
    ]);
    expect(await optOuts(user.id)).toEqual([{ userId: user.id, category: "surveys" }]);
    expect((await switchNotice(deps(), user, "announcements", true)).ok).toBe(true);
    expect(await optOuts(user.id)).toEqual([{ userId: user.id, category: "surveys" }]);
  });

  it("a mandatory category cannot be switched off: a Problem, worded in each language, nothing stored", async () => {
    const user = await newUser("head");
    const refused = await switchNotice(deps(), user, "requests", false);
    expect(refused).toEqual({ ok: false, problem: { code: "noticeMandatory", params: { category: "requests" } } });
    expect(await optOuts(user.id)).toEqual([]);
    expect((await noticeSettings(deps(), user)).find((s) => s.category === "requests")?.on).toBe(true);
    // switching it on is no change, and allowed
    expect((await switchNotice(deps(), user, "requests", true)).ok).toBe(true);

    const p = refused.ok ? null : refused.problem;
    if (!p) throw new Error("expected a problem");
    expect(problemText(p, { t: await translator("ky"), lng: "ky" })).toBe(
      "«Маалымат суроо-талаптары» өчүрүлбөйт: бул жумуштун бир бөлүгү.",
    );
    expect(problemText(p, { t: await translator("ru"), lng: "ru" })).toContain("«Запросы данных»");
    expect(problemText(p, { t: await translator("en"), lng: "en" })).toContain("“Data requests”");
  });

  it("an unknown category is refused and stores nothing", async () => {
    const user = await newUser();
    for (const category of ["bogus", "", "ANNOUNCEMENTS", "requests "]) {
      const refused = await switchNotice(deps(), user, category, false);
      expect(refused).toEqual({ ok: false, problem: { code: "noticeUnknown", params: { category } } });
    }
    expect(await optOuts(user.id)).toEqual([]);
  });

  it("a stray opt-out of a mandatory category (written by anything else) does not switch it off", async () => {
    const user = await newUser();
    await setNoticeCategory(db, user.id, "requests", false);
    expect((await noticeSettings(deps(), user)).find((s) => s.category === "requests")?.on).toBe(true);
  });
});

describe("the bulk read (mutedByUser)", () => {
  it("reads 1 200 users' opt-outs in chunks of 500 ids, one query each, and gets every one", async () => {
    const { count } = await raw.user.createMany({
      data: Array.from({ length: 1200 }, (_, i) => ({ institutionId, telegramId: `bulk${i}`, role: "student" })),
    });
    expect(count).toBe(1200);
    const ids = (await raw.user.findMany({ where: { telegramId: { startsWith: "bulk" } }, select: { id: true } })).map(
      (u) => u.id,
    );
    expect(ids).toHaveLength(1200);
    // every 3rd user mutes announcements, every 5th reminders: users in the first and the last chunk
    const expected = new Map<number, Set<string>>();
    ids.forEach((id, i) => {
      const muted = [...(i % 3 === 0 ? ["announcements"] : []), ...(i % 5 === 0 ? ["reminders"] : [])];
      if (muted.length) expected.set(id, new Set(muted));
    });
    await raw.noticeOptOut.createMany({
      data: [...expected].flatMap(([userId, muted]) => [...muted].map((category) => ({ userId, category }))),
    });

    reads = [];
    const muted = await mutedByUser(db, ids);
    expect(reads.map((r) => r.length)).toEqual([500, 500, 200]);
    expect(OPT_OUT_CHUNK).toBe(500);
    expect(muted).toEqual(expected);
    expect(muted.size).toBe(400 + 240 - 80);
    expect(muted.get(ids[1199] as number)).toBeUndefined();
    expect(muted.get(ids[1195] as number)).toEqual(new Set(["reminders"]));
    expect(muted.get(ids[1197] as number)).toEqual(new Set(["announcements"]));

    // repeated ids are read once; no ids, no query
    reads = [];
    expect(await mutedByUser(db, [...ids.slice(0, 3), ...ids.slice(0, 3)])).toEqual(
      new Map([[ids[0] as number, new Set(["announcements", "reminders"])]]),
    );
    expect(reads).toEqual([ids.slice(0, 3)]);
    reads = [];
    expect(await mutedByUser(db, [])).toEqual(new Map());
    expect(reads).toEqual([]);
  });

  it("agrees with what users switched through the use case", async () => {
    const a = await newUser();
    const b = await newUser();
    await switchNotice(deps(), a, "reminders", false);
    await switchNotice(deps(), a, "requests", false); // refused
    const muted = await mutedByUser(db, [a.id, b.id]);
    expect(muted).toEqual(new Map([[a.id, new Set(["reminders"])]]));
    expect(await mutedCategories(db, b.id)).toEqual(new Set());
  });
});
