// The registry's rules: levels and codes as files write them, term and window arithmetic at
// month ends and 29 February, the status boundary (the expiry day itself), the current
// decision, what is due in an academic year, and the licence counts as reports print them.
import { describe, expect, it } from "vitest";
import {
  type Accreditation,
  accreditationStatus,
  addMonths,
  addYears,
  codeFromNumber,
  currentAccreditations,
  decisionCounts,
  dueInYear,
  expiryOf,
  isIndefinite,
  type Licence,
  licenceCounts,
  licensedTable,
  type Programme,
  parseLevel,
  parseWindow,
  programmeCode,
  registryRows,
  statusCounts,
  windowEnd,
} from "../../core/index.ts";

const prog = (code: string, level: Programme["level"] = "bachelor", unit = "F1"): Programme => ({
  code,
  level,
  nameKy: `П ${code}`,
  nameRu: null,
  nameEn: null,
  unit,
  forms: [],
  durationYears: null,
  leader: null,
});

const acc = (code: string, decisionDate: string, termYears = 5, level: Programme["level"] = "bachelor"): Accreditation => ({
  kind: "programmatic",
  programme: { code, level },
  unit: null,
  agency: "NAA",
  framework: null,
  decisionDate,
  termYears,
  expiresOn: expiryOf(decisionDate, termYears),
  conditions: null,
});

describe("levels", () => {
  it.each([
    ["bachelor", "bachelor"],
    ["Бакалавриат", "bachelor"],
    ["магистр", "master"],
    ["Магистратура", "master"],
    ["адис", "specialist"],
    ["специалитет", "specialist"],
    ["PhD", "phd"],
    ["аспирантура", "phd"],
    ["докторантура", "phd"],
    ["ОКББ", "secondary-vocational"],
    ["СПО", "secondary-vocational"],
    ["орто кесиптик", "secondary-vocational"],
    ["Среднее профессиональное образование", "secondary-vocational"],
    ["БКББ", "initial-vocational"],
    ["НПО", "initial-vocational"],
    ["лицей", "initial-vocational"],
    ["баштапкы кесиптик", "initial-vocational"],
    ["начальное профессиональное", "initial-vocational"],
    ["short-course", "short-course"],
    ["short course", "short-course"],
    ["кыска мөөнөттүү курс", "short-course"],
    ["краткосрочные курсы", "short-course"],
    ["  secondary_vocational ", "secondary-vocational"],
  ])("%s → %s", (word, level) => expect(parseLevel(word)).toBe(level));

  it("refuses what is no level", () => {
    expect(parseLevel("")).toBeNull();
    expect(parseLevel("доктор наук")).toBeNull();
    expect(parseLevel("bachelors degree")).toBeNull();
  });
});

describe("programme codes", () => {
  it("keeps leading zeros and a lyceum code's space, collapsing runs", () => {
    expect(programmeCode(" 050709 ")).toBe("050709");
    expect(programmeCode("12  01")).toBe("12 01");
    expect(programmeCode("ПК\u00a07")).toBe("ПК 7");
  });
  it("pads a number read from a cell back to six digits where codes have six", () => {
    expect(codeFromNumber(50709, "secondary-vocational")).toEqual({ code: "050709", padded: true });
    expect(codeFromNumber(580500, "bachelor")).toEqual({ code: "580500", padded: false });
    expect(codeFromNumber(17, "short-course")).toEqual({ code: "17", padded: false });
    expect(codeFromNumber(50709, null)).toEqual({ code: "50709", padded: false });
  });
});

describe("calendar steps", () => {
  it("29 February + 5 years is 28 February", () => {
    expect(addYears("2024-02-29", 5)).toBe("2029-02-28");
    expect(expiryOf("2024-02-29", 5)).toBe("2029-02-28");
    expect(expiryOf("2024-02-29", 4)).toBe("2028-02-29");
    expect(expiryOf("2023-06-15")).toBe("2028-06-15");
  });
  it("clamps month ends both ways", () => {
    expect(addMonths("2026-08-31", -6)).toBe("2026-02-28");
    expect(addMonths("2024-08-31", -6)).toBe("2024-02-29");
    expect(addMonths("2026-01-31", 1)).toBe("2026-02-28");
    expect(addMonths("2026-03-31", 1)).toBe("2026-04-30");
    expect(addMonths("2026-11-23", 12)).toBe("2027-11-23");
    expect(addMonths("2026-12-15", 1)).toBe("2027-01-15");
    expect(addMonths("2027-01-15", -1)).toBe("2026-12-15");
  });
});

describe("windows", () => {
  it.each([
    ["12m", { months: 12 }],
    ["6 m", { months: 6 }],
    ["1y", { months: 12 }],
    ["2 года", { months: 24 }],
    ["1 жыл", { months: 12 }],
    ["12 ай", { months: 12 }],
    ["12 мес", { months: 12 }],
    ["12 мес.", { months: 12 }],
    ["90d", { days: 90 }],
    ["30 күн", { days: 30 }],
  ])("%s", (raw, window) => expect(parseWindow(raw)).toEqual({ ok: true, window }));

  it.each(["", "12", "m", "0m", "-3m", "12 weeks", "999y", "1.5y"])("refuses %j", (raw) => {
    const r = parseWindow(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problem.code).toBe("accreditationBadWindow");
  });

  it("ends at a day", () => {
    expect(windowEnd("2026-11-23", { months: 12 })).toBe("2027-11-23");
    expect(windowEnd("2026-11-23", { days: 90 })).toBe("2027-02-21");
  });
});

describe("status on a day", () => {
  const cur = { expiresOn: "2028-06-15" };
  it("the day before expiry is expiring with one day left", () => {
    expect(accreditationStatus(cur, "2028-06-14")).toEqual({ status: "expiring", daysLeft: 1 });
  });
  it("the expiry day itself is expired with 0 days left", () => {
    expect(accreditationStatus(cur, "2028-06-15")).toEqual({ status: "expired", daysLeft: 0 });
    expect(accreditationStatus(cur, "2028-06-16")).toEqual({ status: "expired", daysLeft: -1 });
  });
  it("the window's last day is in it, the next one is not", () => {
    expect(accreditationStatus(cur, "2027-06-15").status).toBe("expiring");
    expect(accreditationStatus(cur, "2027-06-14").status).toBe("valid");
    expect(accreditationStatus(cur, "2027-12-15", { months: 6 }).status).toBe("expiring");
    expect(accreditationStatus(cur, "2027-12-14", { months: 6 }).status).toBe("valid");
    expect(accreditationStatus(cur, "2028-03-17", { days: 90 }).status).toBe("expiring");
    expect(accreditationStatus(cur, "2028-03-16", { days: 90 }).status).toBe("valid");
  });
  it("a 29 February decision for 5 years expires on 28 February", () => {
    const leap = acc("580500", "2024-02-29");
    expect(accreditationStatus(leap, "2029-02-27")).toEqual({ status: "expiring", daysLeft: 1 });
    expect(accreditationStatus(leap, "2029-02-28")).toEqual({ status: "expired", daysLeft: 0 });
    expect(accreditationStatus(leap, "2028-02-28").status).toBe("expiring");
    expect(accreditationStatus(leap, "2028-02-27").status).toBe("valid");
  });
  it("never accredited", () => {
    expect(accreditationStatus(null, "2026-11-23")).toEqual({ status: "never", daysLeft: null });
  });
});

describe("the registry", () => {
  const programmes = [
    prog("580500"),
    prog("580500", "master"),
    prog("050709", "secondary-vocational", "C1"),
    prog("710400"),
    prog("ПК 7", "initial-vocational", "L1"),
  ];
  const decisions = [
    acc("580500", "2018-06-01"),
    acc("580500", "2023-06-01"), // supersedes 2018
    acc("580500", "2021-12-10", 5, "master"),
    acc("050709", "2021-06-30", 5, "secondary-vocational"),
    { ...acc("X", "2022-01-01"), kind: "institutional" as const, programme: null, unit: "F1" },
  ];

  it("the latest decision is current, whatever the input order", () => {
    const cur = currentAccreditations([...decisions].reverse());
    expect(cur.get("bachelor|580500")?.decisionDate).toBe("2023-06-01");
    expect(cur.size).toBe(3);
  });

  it("one row per programme, soonest expiry first, never accredited last", () => {
    const rows = registryRows(programmes, decisions, "2026-11-23");
    expect(rows.map((r) => [r.programme.code, r.programme.level, r.status, r.daysLeft])).toEqual([
      ["050709", "secondary-vocational", "expired", -146],
      ["580500", "master", "expiring", 17],
      ["580500", "bachelor", "valid", 556],
      ["710400", "bachelor", "never", null],
      ["ПК 7", "initial-vocational", "never", null],
    ]);
    expect(statusCounts(rows)).toEqual({ valid: 1, expiring: 1, expired: 1, never: 2 });
  });

  it("due in an academic year: expiring in it, expired before it, never accredited", () => {
    const rows = registryRows(programmes, decisions, "2026-11-23");
    const due = dueInYear(rows, "2026-2027");
    expect(due?.map((d) => [d.programme.code, d.reason])).toEqual([
      ["050709", "expired"],
      ["580500", "expires"],
      ["710400", "never"],
      ["ПК 7", "never"],
    ]);
    // 01.09 and 31.08 are inside the year
    const edge = registryRows(
      [prog("A"), prog("B"), prog("C")],
      [acc("A", "2021-09-01"), acc("B", "2022-08-31"), acc("C", "2022-09-01")],
      "2026-01-01",
    );
    expect(dueInYear(edge, "2026-2027")?.map((d) => [d.programme.code, d.reason])).toEqual([
      ["A", "expires"],
      ["B", "expires"],
    ]);
    expect(dueInYear(rows, "2026")).toBeNull();
  });

  it("counts decisions per agency × level × academic year", () => {
    expect(decisionCounts(decisions)).toEqual([
      { agency: "NAA", level: "bachelor", year: "2017-2018", count: 1 },
      { agency: "NAA", level: "secondary-vocational", year: "2020-2021", count: 1 },
      { agency: "NAA", level: "institutional", year: "2021-2022", count: 1 },
      { agency: "NAA", level: "master", year: "2021-2022", count: 1 },
      { agency: "NAA", level: "bachelor", year: "2022-2023", count: 1 },
    ]);
  });
});

describe("licences", () => {
  const lic = (code: string, state: Licence["state"], extra: Partial<Licence> = {}): Licence => ({
    programme: { code, level: "bachelor" },
    basis: "ministry",
    unit: "F1",
    state,
    appliedOn: "2023-10-01",
    decidedOn: state === "applied" ? null : "2024-03-01",
    validUntil: null,
    number: null,
    year: null,
    ...extra,
  });

  it("24 applied, 19 granted: 79.2%", () => {
    const all = [
      ...Array.from({ length: 19 }, (_, i) => lic(`G${i}`, "granted")),
      ...Array.from({ length: 3 }, (_, i) => lic(`N${i}`, "not-granted")),
      ...Array.from({ length: 2 }, (_, i) => lic(`P${i}`, "applied")),
    ];
    expect(licenceCounts(all)).toEqual([
      { year: "2023-2024", level: "bachelor", applied: 24, granted: 19, notGranted: 3, pending: 2, rate: 79.2 },
    ]);
  });

  it("the licensed table counts programmes in force, indefinite included, expired not", () => {
    const all = [
      lic("A", "granted"),
      lic("A", "granted", { unit: "F1" }),
      lic("B", "granted", { basis: "council" }),
      lic("C", "granted", { validUntil: "2025-01-01" }),
      lic("D", "not-granted"),
      lic("E", "granted", { unit: "BR" }),
    ];
    expect(licensedTable(all, "2026-11-23")).toEqual([
      { level: "bachelor", basis: "council", unit: "F1", programmes: 1 },
      { level: "bachelor", basis: "ministry", unit: "BR", programmes: 1 },
      { level: "bachelor", basis: "ministry", unit: "F1", programmes: 1 },
    ]);
  });

  it("reads the indefinite words", () => {
    for (const w of ["", "бессрочно", "Мөөнөтсүз", "indefinite"]) expect(isIndefinite(w)).toBe(true);
    expect(isIndefinite("2030-01-01")).toBe(false);
  });
});
