// Accreditation reminders' times (month ends, leap years, quiet hours), the nearest passed lead
// only, the run-time check, lead parsing; the /accreditation query words, free-text questions
// and the buttons' callback data.
import { describe, expect, it } from "vitest";
import { decodeChart, decodeView, encodeChart, encodeView } from "../../bot/features/accreditation/callback-data.ts";
import {
  accreditationReminderStillDue,
  accreditationReminders,
  accreditationReminderTime,
  DEFAULT_LEAD_MONTHS,
  mondayOf,
  monthsLeft,
  PROGRAMME_LEVELS,
  parseAccreditationQuery,
  parseIntent,
  parseLeadMonths,
  parseLocalDateTime,
  type QuietHours,
} from "../../core/index.ts";

const quiet: QuietHours = { start: "21:00", end: "08:00", timeZone: "Asia/Bishkek" };
const bishkek = (s: string) => parseLocalDateTime(s, "Asia/Bishkek") as Date;
const leads = DEFAULT_LEAD_MONTHS;

describe("when a reminder goes out", () => {
  it("at the morning hour, N months before the expiry day", () => {
    expect(accreditationReminderTime("2027-06-15", 6, quiet)).toEqual(bishkek("2026-12-15 09:00"));
    expect(accreditationReminderTime("2027-06-15", 12, quiet)).toEqual(bishkek("2026-06-15 09:00"));
  });

  it("clamps to a shorter month's end, 29 February in a leap year", () => {
    expect(accreditationReminderTime("2027-08-31", 6, quiet)).toEqual(bishkek("2027-02-28 09:00"));
    expect(accreditationReminderTime("2028-08-31", 6, quiet)).toEqual(bishkek("2028-02-29 09:00"));
    expect(accreditationReminderTime("2027-05-31", 1, quiet)).toEqual(bishkek("2027-04-30 09:00"));
  });

  it("after quiet hours when they end later than the morning hour", () => {
    const late: QuietHours = { ...quiet, end: "10:30" };
    expect(accreditationReminderTime("2027-06-15", 3, late)).toEqual(bishkek("2027-03-15 10:30"));
  });
});

describe("which reminders are planned", () => {
  it("every lead still to come", () => {
    const r = accreditationReminders("2027-06-15", leads, quiet, bishkek("2026-01-10 12:00"));
    expect(r.map((x) => x.lead)).toEqual([12, 6, 3, 1]);
  });

  it("of the leads already passed only the nearest, sent now: two months before, one reminder, not three", () => {
    const now = bishkek("2027-04-15 12:00");
    const r = accreditationReminders("2027-06-15", leads, quiet, now);
    expect(r).toEqual([
      { lead: 3, at: now },
      { lead: 1, at: bishkek("2027-05-15 09:00") },
    ]);
  });

  it("the nearest passed one waits for quiet hours to end", () => {
    const night = bishkek("2027-04-15 02:00");
    expect(accreditationReminders("2027-06-15", leads, quiet, night)[0]).toEqual({ lead: 3, at: bishkek("2027-04-15 08:00") });
  });

  it("none once the accreditation has expired (from its expiry day on)", () => {
    expect(accreditationReminders("2027-06-15", leads, quiet, bishkek("2027-06-15 00:30"))).toEqual([]);
    expect(accreditationReminders("2027-06-15", leads, quiet, bishkek("2027-06-14 23:30"))).toHaveLength(1);
  });
});

describe("at run time", () => {
  it("a lead is still due until a nearer one has come due as well", () => {
    expect(accreditationReminderStillDue("2027-06-15", 6, leads, quiet, bishkek("2026-12-15 09:00"))).toBe(true);
    expect(accreditationReminderStillDue("2027-06-15", 6, leads, quiet, bishkek("2027-03-15 09:00"))).toBe(false);
    expect(accreditationReminderStillDue("2027-06-15", 3, leads, quiet, bishkek("2027-03-15 09:00"))).toBe(true);
  });

  it("not on or after the expiry day", () => {
    expect(accreditationReminderStillDue("2027-06-15", 1, leads, quiet, bishkek("2027-06-15 09:00"))).toBe(false);
  });
});

describe("lead times as typed", () => {
  it("whole months, longest first, without repeats", () => {
    expect(parseLeadMonths("1, 3 12,6,3")).toEqual({ ok: true, months: [12, 6, 3, 1] });
  });

  it("a bad value is named", () => {
    for (const [text, value] of [
      ["12,6,x", "x"],
      ["12,0", "0"],
      ["12,99", "99"],
      ["2.5", "2.5"],
      ["", ""],
    ])
      expect(parseLeadMonths(text as string)).toMatchObject({
        ok: false,
        problem: { code: "accreditationBadLead", params: { value } },
      });
  });
});

describe("calendar helpers", () => {
  it("whole months left and the week's Monday", () => {
    expect(monthsLeft("2026-12-20", "2027-06-15")).toBe(5);
    expect(monthsLeft("2026-12-15", "2027-06-15")).toBe(6);
    expect(monthsLeft("2027-06-14", "2027-06-15")).toBe(0);
    expect(mondayOf("2026-12-20")).toBe("2026-12-14");
    expect(mondayOf("2026-12-21")).toBe("2026-12-21");
  });
});

describe("/accreditation's words", () => {
  it("unit, level, status and window in any order and language", () => {
    expect(parseAccreditationQuery("ЭФ бакалавр expiring")).toEqual({ unit: "ЭФ", level: "bachelor", status: ["expiring"] });
    expect(parseAccreditationQuery("магистратура истекшие ТФ 6 месяцев")).toEqual({
      unit: "ТФ",
      level: "master",
      status: ["expired"],
      within: { months: 6 },
    });
    expect(parseAccreditationQuery("среднее профессиональное all")).toEqual({ level: "secondary-vocational", status: null });
    expect(parseAccreditationQuery("12 ай")).toEqual({ within: { months: 12 } });
    expect(parseAccreditationQuery("Кара-Балта филиалы")).toEqual({ unit: "Кара-Балта филиалы" });
    expect(parseAccreditationQuery("")).toEqual({});
  });
});

describe("accreditation questions in free text", () => {
  const units = [{ code: "ЭФ" }, { code: "ТФ" }, { code: "МТФ" }];
  it.each([
    ["which accreditations expire in the next 12 months?", undefined, 12],
    ["аккредитация мөөнөтү бүткөн программалар", undefined, undefined],
    ["какие аккредитации истекают в ближайшие 12 месяцев", undefined, 12],
    ["аккредитация ЭФ", "ЭФ", undefined],
    ["6 айда мөөнөтү бүтө турган аккредитациялар ТФ", "ТФ", 6],
    ["accreditation expiring within a year", undefined, 12],
  ])("%s", (text, unit, within) => {
    const i = parseIntent(text, units);
    expect(i.kind).toBe("accreditation");
    expect(i.unit).toBe(unit);
    expect(i.withinMonths).toBe(within);
    expect(i.unknown).toBeUndefined();
  });

  it("months stay out of other questions", () => {
    expect(parseIntent("МТФ карызкорлор", units)).toEqual(expect.not.objectContaining({ withinMonths: expect.anything() }));
  });
});

describe("the buttons' data", () => {
  it("round-trips within 64 bytes, ids and letters not names", () => {
    for (const level of [null, ...PROGRAMME_LEVELS])
      for (const status of [null, ["expiring", "expired", "never"], ["valid"], ["expired", "never"]] as const) {
        const v = { unitId: 123456789, level, status: status ? [...status] : null };
        const data = encodeView(v);
        expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
        const back = decodeView(data);
        expect({ ...back, status: back?.status ? [...back.status].sort() : null }).toEqual({
          ...v,
          status: v.status ? [...v.status].sort() : null,
        });
      }
    expect(decodeChart(encodeChart({ unitId: 0, level: "master" }))).toEqual({ unitId: 0, level: "master" });
    expect(decodeView("ac:1:9:a")).toBeNull();
    expect(decodeView("ac:1:-:zz")).toBeNull();
  });
});
