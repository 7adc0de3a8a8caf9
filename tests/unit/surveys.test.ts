// The survey core: personal and poster links for any form URL, status by dates, reminder
// times and who is due one (answered, max count, minimum gap, quiet hours, after close),
// and response rates with both denominators.
import { describe, expect, it } from "vitest";
import {
  checkSurveyDates,
  closingDay,
  DEFAULT_QUIET_HOURS,
  dueForReminder,
  parseFormUrl,
  parseHours,
  parseLeadHours,
  parseLocalDateTime,
  parseSurveyInstant,
  parseTokenField,
  personalLink,
  posterLink,
  responseRate,
  surveyPhase,
  surveyReminderTimes,
  whyNoReminder,
} from "../../core/index.ts";

const bishkek = (local: string) => parseLocalDateTime(local, "Asia/Bishkek") as Date;
const quiet = DEFAULT_QUIET_HOURS;

describe("survey links", () => {
  const google = "https://docs.google.com/forms/d/e/1FAIpQLSf_x/viewform";
  it("prefills a Google Form's field with the token (usp=pp_url added)", () => {
    expect(personalLink(google, "entry.123456", "AbC-_9xyZ012")).toBe(`${google}?usp=pp_url&entry.123456=AbC-_9xyZ012`);
  });
  it("keeps an existing query and usp, replaces a token already there", () => {
    expect(personalLink(`${google}?usp=sf_link&entry.1=old`, "entry.1", "new")).toBe(`${google}?usp=sf_link&entry.1=new`);
    expect(personalLink("https://forms.example.kg/s?id=7#top", "t", "tok")).toBe("https://forms.example.kg/s?id=7&t=tok#top");
    expect(personalLink("https://forms.example.kg/s", "t", "tok")).toBe("https://forms.example.kg/s?t=tok");
  });
  it("without a token field the personal link is the form's", () => {
    expect(personalLink(google, null, "tok")).toBe(google);
  });
  it("the poster's link carries no token", () => {
    expect(posterLink(`${google}?usp=pp_url&entry.1=abc`, "entry.1")).toBe(`${google}?usp=pp_url`);
    expect(posterLink(google, "entry.1")).toBe(google);
  });
  it("reads form URLs and field names, refusing what is not one", () => {
    expect(parseFormUrl(` ${google} `)).toEqual({ ok: true, value: google });
    for (const bad of [
      "",
      "docs.google.com/forms",
      "ftp://x.kg/f",
      "https://localhost/f",
      "https://a.kg/f g",
      "javascript:alert(1)",
    ])
      expect(parseFormUrl(bad).ok, bad).toBe(false);
    expect(parseTokenField("entry.123456")).toEqual({ ok: true, value: "entry.123456" });
    expect(parseTokenField("entry 1").ok).toBe(false);
    expect(parseTokenField("=x").ok).toBe(false);
  });
});

describe("survey status and dates", () => {
  const s = { status: "open" as const, opensAt: bishkek("2026-09-01 00:00"), closesAt: bishkek("2026-09-16 00:00") };
  it("is waiting, open, then closed by its dates; a draft stays a draft until close", () => {
    expect(surveyPhase(s, bishkek("2026-08-31 23:59"))).toBe("waiting");
    expect(surveyPhase(s, bishkek("2026-09-01 00:00"))).toBe("open");
    expect(surveyPhase(s, bishkek("2026-09-16 00:00"))).toBe("closed");
    expect(surveyPhase({ ...s, status: "draft" }, bishkek("2026-09-05 10:00"))).toBe("draft");
    expect(surveyPhase({ ...s, status: "closed" }, bishkek("2026-09-05 10:00"))).toBe("closed");
  });
  it("reads days as the day's start or end where the institution is, or a given time", () => {
    expect(parseSurveyInstant("01.09.2026", "start", "Asia/Bishkek")).toEqual(bishkek("2026-09-01 00:00"));
    expect(parseSurveyInstant("2026-09-15", "end", "Asia/Bishkek")).toEqual(bishkek("2026-09-16 00:00"));
    expect(parseSurveyInstant("2026-09-15 18:00", "end", "Asia/Bishkek")).toEqual(bishkek("2026-09-15 18:00"));
    expect(parseSurveyInstant("31.02.2026", "start", "Asia/Bishkek")).toBeNull();
    expect(parseSurveyInstant("soon", "start", "Asia/Bishkek")).toBeNull();
    expect(parseSurveyInstant("+14d", "end", "Asia/Bishkek", bishkek("2026-09-01 23:30"))).toEqual(bishkek("2026-09-16 00:00"));
    expect(closingDay(bishkek("2026-09-16 00:00"), "Asia/Bishkek")).toBe("15.09.2026");
  });
  it("refuses closing before opening, a past close and a far one", () => {
    const now = bishkek("2026-08-20 10:00");
    expect(checkSurveyDates(s.opensAt, s.closesAt, now, "Asia/Bishkek").ok).toBe(true);
    const r = checkSurveyDates(s.closesAt, s.opensAt, now, "Asia/Bishkek");
    expect(r.ok ? null : r.problem.code).toBe("surveyClosesBeforeOpens");
    const past = checkSurveyDates(bishkek("2026-08-01 00:00"), bishkek("2026-08-10 00:00"), now, "Asia/Bishkek");
    expect(past.ok ? null : past.problem).toEqual({ code: "surveyClosesPast", params: { closes: "09.08.2026" } });
    const far = checkSurveyDates(s.opensAt, bishkek("2062-09-16 00:00"), now, "Asia/Bishkek");
    expect(far.ok ? null : far.problem.code).toBe("surveyClosesFar");
  });
});

describe("survey reminders", () => {
  it("reads lead times in hours or days", () => {
    expect(parseHours("72h")).toBe(72);
    expect(parseHours("3d")).toBe(72);
    expect(parseHours("24")).toBe(24);
    expect(parseHours("x")).toBeNull();
    expect(parseLeadHours("24h, 72h,3d")).toEqual({ ok: true, value: [72, 24] });
    expect(parseLeadHours("")).toEqual({ ok: true, value: [] });
    const bad = parseLeadHours("72h,soon");
    expect(bad.ok ? null : bad.problem).toEqual({ code: "surveyReminderBad", params: { value: "soon" } });
    expect(parseLeadHours("0h").ok).toBe(false);
  });
  it("goes at lead times before close, out of quiet hours, only after the launch", () => {
    const closes = bishkek("2026-09-16 00:00");
    const times = surveyReminderTimes([24, 72, 500], bishkek("2026-09-01 10:00"), closes, quiet);
    // 72h before midnight is midnight: quiet until 08:00; 500h before close is before the launch
    expect(times).toEqual([
      { lead: 72, at: bishkek("2026-09-13 08:00") },
      { lead: 24, at: bishkek("2026-09-15 08:00") },
    ]);
    expect(surveyReminderTimes([72], bishkek("2026-09-14 10:00"), closes, quiet)).toEqual([]);
  });
  it("reminds only the unanswered, at most N times, a minimum gap apart, not in quiet hours, never after close", () => {
    const closes = bishkek("2026-09-16 00:00");
    const now = bishkek("2026-09-15 09:00");
    const settings = { gapHours: 24, maxPerPerson: 2 };
    const base = { confirmedAt: null, respondedAt: null, remindersSent: 0, lastRemindedAt: null };
    const people = [
      { id: "fresh", ...base },
      { id: "confirmed", ...base, confirmedAt: now },
      { id: "responded", ...base, respondedAt: now },
      { id: "max", ...base, remindersSent: 2, lastRemindedAt: bishkek("2026-09-10 09:00") },
      { id: "recent", ...base, remindersSent: 1, lastRemindedAt: bishkek("2026-09-14 10:00") },
      { id: "old", ...base, remindersSent: 1, lastRemindedAt: bishkek("2026-09-14 09:00") },
    ];
    expect(dueForReminder(people, now, settings, closes, quiet).map((p) => p.id)).toEqual(["fresh", "old"]);
    expect(whyNoReminder(base, bishkek("2026-09-15 22:00"), settings, closes, quiet)).toBe("quiet");
    expect(whyNoReminder(base, closes, settings, closes, quiet)).toBe("closed");
    expect(whyNoReminder(people[3] as (typeof people)[3], now, settings, closes, quiet)).toBe("max");
    expect(whyNoReminder(people[4] as (typeof people)[4], now, settings, closes, quiet)).toBe("gap");
  });
});

describe("response rates", () => {
  it("gives both denominators, one decimal", () => {
    expect(responseRate({ responses: 3476, audience: 6558, reachable: 5000 })).toEqual({
      responses: 3476,
      audience: 6558,
      reachable: 5000,
      ofAudience: 53,
      ofReachable: 69.5,
    });
    expect(responseRate({ responses: 319, audience: 881, reachable: 0 }).ofAudience).toBe(36.2);
    expect(responseRate({ responses: 0, audience: 0, reachable: 0 }).ofAudience).toBeNull();
  });
});

describe("a rate over more responses than people", () => {
  it("is not computed: answers from outside the audience make no share of it", () => {
    expect(responseRate({ responses: 100, audience: 8, reachable: 1 })).toMatchObject({ ofAudience: null, ofReachable: null });
    expect(responseRate({ responses: 4, audience: 8, reachable: 4 })).toMatchObject({ ofAudience: 50, ofReachable: 100 });
  });
});
