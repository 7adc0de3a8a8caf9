// The rules of action plans: deadlines as resolutions write them (a day, a range, two
// stages), who is responsible (roles, people, "every department of X" fanning out), and
// where items stand on a day (due within 30 days on 1 June, overdue including stages).
import { describe, expect, it } from "vitest";
import {
  actionOrder,
  countItemStates,
  dueWithin,
  fanOut,
  itemState,
  nextDue,
  overdueOn,
  parseDeadline,
  parseResponsible,
  planDeadlineText,
} from "../../core/index.ts";

const YEAR = "2026-2027";
const stagesOf = (raw: string, year: string | null = YEAR) => {
  const r = parseDeadline(raw, year);
  if (!r.ok) throw new Error(`${raw}: ${r.problem.code}`);
  return r.deadline;
};
const problemOf = (raw: string, year: string | null = YEAR) => {
  const r = parseDeadline(raw, year);
  return r.ok ? null : r.problem.code;
};

describe("deadlines", () => {
  it("reads a day as people write it, in ky/ru/en, the year from the plan's academic year", () => {
    for (const raw of [
      "30.09.2026",
      "2026-09-30",
      "by 30 September",
      "30-сентябрга чейин",
      "до 30 сентября",
      "30 сентября 2026 г.",
    ])
      expect(stagesOf(raw), raw).toEqual({ kind: "day", stages: [{ label: null, from: null, due: "2026-09-30" }] });
    // spring months fall in the academic year's second calendar year
    expect(stagesOf("до 10 июня").stages[0]?.due).toBe("2027-06-10");
    expect(stagesOf("10-июнга чейин").stages[0]?.due).toBe("2027-06-10");
    expect(stagesOf("by 1 March").stages[0]?.due).toBe("2027-03-01");
    expect(stagesOf("до 5 мая").stages[0]?.due).toBe("2027-05-05");
    // a year written wins over the plan's
    expect(stagesOf("by 30 September 2027").stages[0]?.due).toBe("2027-09-30");
  });

  it("reads a range with any dash; it is due at its end", () => {
    for (const raw of ["16.11–20.11.2026", "16.11-20.11.2026", "16.11.2026 — 20.11.2026", "16–20.11.2026"])
      expect(stagesOf(raw), raw).toEqual({ kind: "range", stages: [{ label: null, from: "2026-11-16", due: "2026-11-20" }] });
    // a range across the new year
    expect(stagesOf("28.12–10.01.2027").stages[0]).toEqual({ label: null, from: "2026-12-28", due: "2027-01-10" });
  });

  it("reads two stages, each its own deadline", () => {
    const d = stagesOf("schedule by 20.09.2026; final report by 10.06.2027");
    expect(d).toEqual({
      kind: "stages",
      stages: [
        { label: "schedule", from: null, due: "2026-09-20" },
        { label: "final report", from: null, due: "2027-06-10" },
      ],
    });
    expect(stagesOf("schedule by 20 September, final report by 10 June")).toEqual(d);
    expect(stagesOf("график — до 20 сентября; итоговый отчёт — до 10 июня").stages.map((s) => [s.label, s.due])).toEqual([
      ["график", "2026-09-20"],
      ["итоговый отчёт", "2027-06-10"],
    ]);
    expect(stagesOf("график 20-сентябрга чейин; жыйынтык отчет 10-июнга чейин").stages.map((s) => s.due)).toEqual([
      "2026-09-20",
      "2027-06-10",
    ]);
    expect(planDeadlineText(d)).toBe("schedule 20.09.2026; final report 10.06.2027");
  });

  it("names what cannot be read", () => {
    expect(problemOf("")).toBe("planNoDeadline");
    expect(problemOf("soon")).toBe("planBadDeadline");
    expect(problemOf("31.09.2026")).toBe("planBadDeadline");
    expect(problemOf("30 Smarch")).toBe("planBadDeadline");
    expect(problemOf("by 30 September", null)).toBe("planDeadlineNoYear");
    expect(problemOf("20.11–16.11.2026")).toBe("planRangeBackwards");
    expect(problemOf("final report by 10.06.2027; schedule by 20.09.2026")).toBe("planStagesOrder");
    expect(problemOf("schedule by 20.09.2026; whenever")).toBe("planBadDeadline");
  });
});

describe("responsible", () => {
  const refs = (raw: string) => {
    const r = parseResponsible(raw);
    if (!r.ok) throw new Error(r.problem.code);
    return r.refs;
  };

  it("reads roles in ky/ru/en, with a unit or not, people and units", () => {
    expect(refs("декан ЭФ")).toEqual([{ kind: "role", role: "dean", unit: "ЭФ" }]);
    expect(refs("ЭФ деканы")).toEqual([{ kind: "role", role: "dean", unit: "ЭФ" }]);
    expect(refs("завкафедрой ЭФ-1")).toEqual([{ kind: "role", role: "head", unit: "ЭФ-1" }]);
    expect(refs("кафедра башчысы")).toEqual([{ kind: "role", role: "head", unit: null }]);
    expect(refs("Проректор по учебной работе")).toEqual([{ kind: "role", role: "leader", unit: null }]);
    expect(refs("quality department; head of ИЭФ")).toEqual([
      { kind: "role", role: "admin", unit: null },
      { kind: "role", role: "head", unit: "ИЭФ" },
    ]);
    expect(refs("@aibek_k, 123456789, МТФ")).toEqual([
      { kind: "user", user: "@aibek_k" },
      { kind: "user", user: "123456789" },
      { kind: "unit", unit: "МТФ" },
    ]);
    expect(parseResponsible(" , ").ok).toBe(false);
  });

  it("reads every department of a unit in ky/ru/en", () => {
    for (const raw of ["ЭФ бардык кафедралары", "все кафедры ЭФ", "every department of ЭФ", "all departments of ЭФ"])
      expect(refs(raw), raw).toEqual([{ kind: "departments", unit: "ЭФ" }]);
  });

  it("fans an item for every department out into one per department, its head responsible", () => {
    const items = fanOut("3", refs("все кафедры ЭФ, декан ЭФ"), ["ЭФ-1", "ЭФ-2", "ЭФ-3"]);
    expect(items).toEqual([
      {
        number: "3.1",
        unit: "ЭФ-1",
        refs: [
          { kind: "role", role: "head", unit: "ЭФ-1" },
          { kind: "role", role: "dean", unit: "ЭФ" },
        ],
      },
      {
        number: "3.2",
        unit: "ЭФ-2",
        refs: [
          { kind: "role", role: "head", unit: "ЭФ-2" },
          { kind: "role", role: "dean", unit: "ЭФ" },
        ],
      },
      {
        number: "3.3",
        unit: "ЭФ-3",
        refs: [
          { kind: "role", role: "head", unit: "ЭФ-3" },
          { kind: "role", role: "dean", unit: "ЭФ" },
        ],
      },
    ]);
    expect(fanOut("4", refs("декан ЭФ"), ["ЭФ-1"])).toEqual([
      { number: "4", unit: null, refs: [{ kind: "role", role: "dean", unit: "ЭФ" }] },
    ]);
  });
});

describe("item status", () => {
  const item = (id: string, stages: [string, boolean][]) => ({ id, stages: stages.map(([due, done]) => ({ due, done })) });
  const items = [
    item("a", [["2026-06-10", false]]),
    item("b", [["2026-07-01", false]]),
    item("c", [["2026-07-02", false]]),
    item("d", [["2026-05-31", false]]),
    item("e", [["2026-06-05", true]]),
    // two stages: the first met, the second within 30 days
    item("f", [
      ["2026-05-20", true],
      ["2026-06-20", false],
    ]),
    // two stages: the first missed, the second far off
    item("g", [
      ["2026-05-20", false],
      ["2026-09-20", false],
    ]),
  ];

  it("lists the items due within 30 days on 1 June, soonest first, overdue and done ones left out", () => {
    expect(dueWithin(items, "2026-06-01", 30).map((i) => i.id)).toEqual(["a", "f", "b"]);
    expect(dueWithin(items, "2026-06-01", 31).map((i) => i.id)).toEqual(["a", "f", "b", "c"]);
  });

  it("an item is overdue from the day after its day; a two-stage item when a stage is past and not done", () => {
    expect(overdueOn(items, "2026-06-01").map((i) => i.id)).toEqual(["g", "d"]);
    expect(itemState(item("x", [["2026-06-01", false]]), "2026-06-01")).toBe("open");
    expect(itemState(item("x", [["2026-06-01", false]]), "2026-06-02")).toBe("overdue");
    expect(itemState(items[5] as (typeof items)[number], "2026-06-21")).toBe("overdue");
    expect(itemState(items[4] as (typeof items)[number], "2027-01-01")).toBe("done");
    expect(nextDue(items[6] as (typeof items)[number])).toBe("2026-05-20");
    expect(countItemStates(items, "2026-06-01")).toEqual({ total: 7, open: 4, done: 1, overdue: 2 });
    expect(actionOrder(items, "2026-06-01").map((i) => i.id)).toEqual(["g", "d", "a", "f", "b", "c", "e"]);
  });
});
