// The rules of data requests: who answers, when it is due and reminds (time zones, quiet
// hours, lead times in the past), where each unit stands, and the one-line request.
import { describe, expect, it } from "vitest";
import {
  ancestorsAndSelf,
  boardOrder,
  countStates,
  cutList,
  DEFAULT_QUIET_HOURS,
  daysBetween,
  deadlineDay,
  deadlineEnd,
  deadlineProblem,
  entryData,
  formatDay,
  leadDaysOf,
  localDay,
  overdueTime,
  pageOf,
  parseDay,
  parseRequestLine,
  type QuietHours,
  reminderStillDue,
  reminderTimes,
  responsibleUnits,
  type TreeUnit,
  unitState,
  unitStatus,
} from "../../core/index.ts";

const tree: TreeUnit[] = [
  { id: 1, code: "ЭФ", parentId: null, kind: "faculty" },
  { id: 2, code: "ЭФ-1", parentId: 1, kind: "department" },
  { id: 3, code: "ЭФ-2", parentId: 1, kind: "department" },
  { id: 4, code: "ТФ", parentId: null, kind: "faculty" },
  { id: 5, code: "ЭТИ", parentId: null, kind: "institute" },
  { id: 6, code: "ЭТИ-A", parentId: 5, kind: "faculty" },
  { id: 7, code: "ЭТИ-A-1", parentId: 6, kind: "department" },
  { id: 8, code: "ЭТИ-B", parentId: 5, kind: "faculty" },
  { id: 9, code: "Токмок", parentId: null, kind: "branch" },
  { id: 10, code: "Токмок-1", parentId: 9, kind: "college" },
  { id: 11, code: "Токмок-2", parentId: 9, kind: "college" },
];

describe("who answers a request", () => {
  it("every department of a unit's subtree, at any depth", () => {
    expect(responsibleUnits(tree, ["ЭФ"])).toEqual(["ЭФ-1", "ЭФ-2"]);
    expect(responsibleUnits(tree, ["ЭТИ"])).toEqual(["ЭТИ-A-1"]);
  });
  it("a subtree without departments: its leaves, a leaf itself", () => {
    expect(responsibleUnits(tree, ["Токмок"])).toEqual(["Токмок-1", "Токмок-2"]);
    expect(responsibleUnits(tree, ["ТФ"])).toEqual(["ТФ"]);
    expect(responsibleUnits(tree, ["ЭФ-2"])).toEqual(["ЭФ-2"]);
  });
  it("several units, each once, in tree order; the whole institution unit by unit", () => {
    expect(responsibleUnits(tree, ["ЭФ", "ЭФ-1", "ТФ"])).toEqual(["ЭФ-1", "ЭФ-2", "ТФ"]);
    expect(responsibleUnits(tree, null)).toEqual(["ЭФ-1", "ЭФ-2", "ТФ", "ЭТИ-A-1", "Токмок-1", "Токмок-2"]);
  });
  it("an unknown code is no answer", () => {
    expect(responsibleUnits(tree, ["ЭФ", "XX"])).toBeNull();
  });
  it("the deans of a unit are found up its chain", () => {
    expect(ancestorsAndSelf(tree, "ЭТИ-A-1")).toEqual(["ЭТИ-A-1", "ЭТИ-A", "ЭТИ"]);
    expect(ancestorsAndSelf(tree, "nope")).toEqual([]);
  });
});

const bishkek: QuietHours = DEFAULT_QUIET_HOURS;
const iso = (d: Date) => d.toISOString();

describe("deadlines and reminder times", () => {
  it("reads days as people write them, and refuses days that do not exist", () => {
    expect(parseDay("25.09.2026")).toBe("2026-09-25");
    expect(parseDay("5/9/2026")).toBe("2026-09-05");
    expect(parseDay("2026-09-25")).toBe("2026-09-25");
    expect(parseDay("31.09.2026")).toBeNull();
    expect(parseDay("29.02.2027")).toBeNull();
    expect(parseDay("25.09.26")).toBeNull();
    expect(formatDay("2026-09-05")).toBe("05.09.2026");
  });

  it("a deadline day ends at local midnight, whatever the zone", () => {
    expect(iso(deadlineEnd("2026-09-25", "Asia/Bishkek"))).toBe("2026-09-25T18:00:00.000Z");
    expect(iso(deadlineEnd("2026-09-25", "Europe/Berlin"))).toBe("2026-09-25T22:00:00.000Z");
    expect(iso(deadlineEnd("2026-12-25", "Europe/Berlin"))).toBe("2026-12-25T23:00:00.000Z");
    expect(deadlineDay(deadlineEnd("2026-09-25", "Asia/Bishkek"), "Asia/Bishkek")).toBe("2026-09-25");
    expect(deadlineDay(deadlineEnd("2026-03-28", "Europe/Berlin"), "Europe/Berlin")).toBe("2026-03-28");
    expect(localDay(new Date("2026-09-24T18:30:00Z"), "Asia/Bishkek")).toBe("2026-09-25");
    expect(daysBetween("2026-09-22", "2026-09-25")).toBe(3);
  });

  it("a deadline in the past, today's after midnight, or years away is refused", () => {
    const now = new Date("2026-09-25T17:59:00Z"); // 23:59 in Bishkek
    expect(deadlineProblem("2026-09-25", now, "Asia/Bishkek")).toBeNull();
    expect(deadlineProblem("2026-09-24", now, "Asia/Bishkek")?.code).toBe("requestDeadlinePast");
    expect(deadlineProblem("2026-09-25", new Date("2026-09-25T18:00:00Z"), "Asia/Bishkek")?.code).toBe("requestDeadlinePast");
    expect(deadlineProblem("2062-09-25", now, "Asia/Bishkek")).toMatchObject({
      code: "requestDeadlineFar",
      params: { deadline: "25.09.2062" },
    });
  });

  it("N days before, at 09:00 local; lead times already past when the request is made are left out", () => {
    const now = new Date("2026-09-20T06:00:00Z"); // 12:00 Bishkek, 20 September
    const times = reminderTimes("2026-09-25", [1, 7, 3, 3], bishkek, now);
    expect(times.map((r) => [r.lead, iso(r.at)])).toEqual([
      [3, "2026-09-22T03:00:00.000Z"],
      [1, "2026-09-24T03:00:00.000Z"],
    ]);
    expect(reminderTimes("2026-09-25", [0], bishkek, now).map((r) => iso(r.at))).toEqual(["2026-09-25T03:00:00.000Z"]);
  });

  it("quiet hours ending later than 09:00 move the reminder to their end, in the institution's zone", () => {
    const quiet: QuietHours = { start: "22:00", end: "10:30", timeZone: "Europe/Berlin" };
    const [r] = reminderTimes("2026-10-30", [1], quiet, new Date("2026-10-01T00:00:00Z"));
    expect(iso(r?.at as Date)).toBe("2026-10-29T09:30:00.000Z"); // 10:30 CET (winter time from 25 October)
    const [summer] = reminderTimes("2026-07-10", [2], quiet, new Date("2026-07-01T00:00:00Z"));
    expect(iso(summer?.at as Date)).toBe("2026-07-08T08:30:00.000Z"); // 10:30 CEST
  });

  it("the overdue list goes out the morning after the deadline day", () => {
    expect(iso(overdueTime("2026-09-25", bishkek))).toBe("2026-09-26T03:00:00.000Z");
  });

  it("a late reminder is dropped after the deadline or when a nearer one is due too", () => {
    const leads = [7, 3, 1];
    expect(reminderStillDue("2026-09-25", 3, leads, bishkek, new Date("2026-09-22T03:00:00Z"))).toBe(true);
    // the worker was down from the 21st to the 24th, 10:00: only the 1-day reminder goes
    expect(reminderStillDue("2026-09-25", 3, leads, bishkek, new Date("2026-09-24T04:00:00Z"))).toBe(false);
    expect(reminderStillDue("2026-09-25", 1, leads, bishkek, new Date("2026-09-24T04:00:00Z"))).toBe(true);
    expect(reminderStillDue("2026-09-25", 1, leads, bishkek, new Date("2026-09-25T18:00:00Z"))).toBe(false);
  });

  it("lead times: whole days 0–60, each once, longest first", () => {
    expect(leadDaysOf([1, 7, 3, 7])).toEqual({ ok: true, days: [7, 3, 1] });
    expect(leadDaysOf([7, -1])).toMatchObject({ ok: false, problem: { code: "requestBadLead", params: { value: "-1" } } });
    expect(leadDaysOf([61])).toMatchObject({ ok: false });
    expect(leadDaysOf([1.5])).toMatchObject({ ok: false });
  });
});

describe("where each unit stands", () => {
  const deadline = new Date("2026-09-25T18:00:00Z");
  it("submitted whenever the figures are there, overdue only from the end of the deadline day", () => {
    expect(unitState(new Date("2026-09-20T00:00:00Z"), deadline, new Date("2026-09-30T00:00:00Z"))).toBe("submitted");
    expect(unitState(null, deadline, new Date("2026-09-25T17:59:59Z"))).toBe("pending");
    expect(unitState(null, deadline, deadline)).toBe("overdue");
    expect(unitStatus("ЭФ-1", new Date("2026-09-26T00:00:00Z"), deadline, new Date("2026-09-27T00:00:00Z")).late).toBe(true);
  });
  it("counts, and those who have not submitted first", () => {
    const rows = [
      { unit: "a", state: "submitted" as const },
      { unit: "b", state: "pending" as const },
      { unit: "c", state: "overdue" as const },
      { unit: "d", state: "pending" as const },
    ];
    expect(countStates(rows)).toEqual({ total: 4, submitted: 1, pending: 2, overdue: 1 });
    expect(boardOrder(rows).map((r) => r.unit)).toEqual(["c", "b", "d", "a"]);
  });
  it("100 units page by 20, and a list is cut with how many were left out", () => {
    const units = Array.from({ length: 100 }, (_, i) => i);
    expect(pageOf(units, 4, 20)).toMatchObject({ page: 4, pages: 5, rows: units.slice(80) });
    expect(pageOf(units, 9, 20).page).toBe(4);
    expect(pageOf([], 0, 20)).toEqual({ rows: [], page: 0, pages: 1 });
    expect(cutList(units, 30)).toMatchObject({ more: 70 });
  });
});

describe("the one-line request", () => {
  it("practice from a unit by a day, every kind by default", () => {
    expect(parseRequestLine("practice 2025-2026 ЭФ 25.09.2026")).toEqual({
      ok: true,
      value: {
        subject: "practice",
        year: "2025-2026",
        kinds: null,
        term: null,
        stage: null,
        form: null,
        deadline: "2026-09-25",
        units: ["ЭФ"],
        leadDays: null,
      },
    });
  });
  it("in Kyrgyz and Russian, with kinds, several units with spaces in their names, lead times", () => {
    const r = parseRequestLine("практика 2025-26 өндүрүштүк, дипломалды Кара-Балта ш. филиал, ТФ 25.09.2026 lead:5,2");
    expect(r).toMatchObject({
      ok: true,
      value: { kinds: ["production", "pre-diploma"], units: ["Кара-Балта ш. филиал", "ТФ"], leadDays: [5, 2], year: "2025-2026" },
    });
    expect(parseRequestLine("до 25.09.2026 производственная практика 2025-2026")).toMatchObject({
      ok: true,
      value: { kinds: ["production"], units: [] },
    });
  });
  it("session results of a term and stage", () => {
    expect(parseRequestLine("сессия 2025-2026 жазгы кайра ЭФ 30.06.2026")).toMatchObject({
      ok: true,
      value: { subject: "session", term: "spring", stage: "after-retakes", units: ["ЭФ"] },
    });
    expect(parseRequestLine("session 2025-2026 spring ЭФ 30.06.2026")).toMatchObject({
      ok: false,
      problem: { code: "requestNoPeriod" },
    });
  });
  it("says what is missing or wrong", () => {
    const code = (s: string) => {
      const r = parseRequestLine(s);
      return r.ok ? "ok" : r.problem.code;
    };
    expect(code("")).toBe("requestUsage");
    expect(code("2025-2026 ЭФ 25.09.2026")).toBe("requestUsage");
    expect(code("practice ЭФ 25.09.2026")).toBe("requestNoYear");
    expect(code("practice 2025-2026 ЭФ")).toBe("requestNoDeadline");
    expect(code("practice 2025-2027 ЭФ 25.09.2026")).toBe("requestBadYear");
    expect(code("practice 2025-2026 ЭФ 31.09.2026")).toBe("requestBadDeadline");
    expect(code("practice 2025-2026 ЭФ 25.09.2026 26.09.2026")).toBe("requestRepeated");
    expect(code("practice 2025-2026 ЭФ 25.09.2026 lead:x")).toBe("requestBadLead");
  });
  it("the entry button's data", () => {
    expect(entryData({ subject: "practice", year: "2025-2026", kinds: ["production", "pre-diploma"] })).toBe(
      "entry:practice:2025-2026",
    );
    expect(entryData({ subject: "practice", year: "2025-2026", kinds: ["pre-diploma"] })).toBe(
      "entry:practice:2025-2026:pre-diploma",
    );
    expect(entryData({ subject: "session", year: "2025-2026", term: "spring", stage: "after-retakes", form: null })).toBe(
      "entry:session:2025-2026:spring:after-retakes",
    );
  });
});

describe("the board's buttons", () => {
  it("round-trip within 64 bytes; anything else is no press of ours", async () => {
    const { decode, encode } = await import("../../bot/features/requests/callback-data.ts");
    const presses = [
      { op: "board", id: 12, page: 4, back: true },
      { op: "list" },
      { op: "remindAsk", id: 12 },
      { op: "remind", id: 12, nonce: "mfq3k2a0" },
      { op: "closeAsk", id: 12 },
      { op: "close", id: 12 },
      { op: "dismiss" },
      // the largest id a button carries: nine digits (the id columns are 32-bit)
      { op: "send", id: 999_999_999 },
      { op: "cancel", id: 3 },
    ] as const;
    for (const p of presses) {
      expect(decode(encode(p))).toEqual(p);
      expect(new TextEncoder().encode(encode(p)).length).toBeLessThanOrEqual(64);
    }
    for (const forged of ["rq:b:1", "rq:R:1:../x", "rq:r:0", "rq:s:-1", "rq:q:1", "ann:s:1", `rq:b:1:${"9".repeat(70)}:0`])
      expect(decode(forged)).toBeNull();
  });
});
