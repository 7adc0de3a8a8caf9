// The delivery rules of the core: audiences in their short form and the sender's scope,
// what Telegram's refusals mean, retries, quiet hours, and the sliding send window.
import { describe, expect, it } from "vitest";
import {
  type Access,
  afterQuietHours,
  audienceWithinScope,
  classifySendError,
  DEFAULT_QUIET_HOURS,
  formatAudience,
  isQuiet,
  nextRetryAt,
  parseAudience,
  parseLocalDateTime,
  receives,
  SendWindow,
} from "../../core/index.ts";

const dean: Access = { role: "dean", scope: { kind: "unit", unit: "ИЭФ", units: ["ИЭФ", "ИЭФ-1"] } };
const leader: Access = { role: "leader", scope: { kind: "institution" } };
const head: Access = { role: "head", scope: { kind: "unit", unit: "ИЭФ", units: ["ИЭФ"] } };

describe("audience short form", () => {
  it.each([
    ["all", { everyone: true }],
    ["role:dean", { roles: ["dean"] }],
    ["role:head,unit:ИЭФ", { roles: ["head"], units: ["ИЭФ"] }],
    ["role:student,unit:ЭФ,course:2-4", { roles: ["student"], units: ["ЭФ"], courses: [2, 3, 4] }],
    ["role:dean|head, unit:ИЭФ|ЭФ", { roles: ["dean", "head"], units: ["ИЭФ", "ЭФ"] }],
    [
      "role:students,course:1|3,form:part-time,group:ЭК-1-22",
      { roles: ["student"], courses: [1, 3], forms: ["part-time"], groups: ["ЭК-1-22"] },
    ],
    ["user:7000000001|7000000002", { users: ["7000000001", "7000000002"] }],
    ["role:Деканы", { roles: ["dean"] }],
    ["role:студенттер,unit:ЭФ", { roles: ["student"], units: ["ЭФ"] }],
  ])("%s", (text, audience) => {
    expect(parseAudience(text)).toEqual({ ok: true, value: audience });
  });

  it.each([
    ["", "audienceEmpty"],
    ["role:", "audienceNoValue"],
    ["faculty:ИЭФ", "audienceUnknownKey"],
    ["role:rector", "audienceBadRole"],
    ["course:0", "audienceBadCourse"],
    ["course:4-2", "audienceBadCourse"],
    ["course:7", "audienceBadCourse"],
    ["form:evening", "audienceBadForm"],
    ["user:@someone", "audienceBadUser"],
  ])("refuses %j (%s)", (text, code) => {
    const r = parseAudience(text);
    expect(r.ok ? null : r.problem.code).toBe(code);
  });

  it("reads back in the short form", () => {
    for (const text of ["all", "role:head,unit:ИЭФ", "role:student,unit:ЭФ,course:2|3|4"]) {
      const r = parseAudience(text);
      expect(r.ok && formatAudience(r.value)).toBe(text);
    }
  });
});

describe("who may address whom", () => {
  it("a dean addresses only their faculty", () => {
    expect(audienceWithinScope(dean, { roles: ["head"], units: ["ИЭФ-1"] }).ok).toBe(true);
    const other = audienceWithinScope(dean, { roles: ["student"], units: ["ЭФ"] });
    expect(other.ok ? null : other.problem).toEqual({ code: "audienceOutsideScope", params: { unit: "ЭФ", scope: "ИЭФ" } });
    const everyone = audienceWithinScope(dean, { everyone: true });
    expect(everyone.ok ? null : everyone.problem.code).toBe("audienceOutsideScope");
  });
  it("leaders address the institution; heads and students announce nothing", () => {
    expect(audienceWithinScope(leader, { everyone: true }).ok).toBe(true);
    const r = audienceWithinScope(head, { roles: ["student"], units: ["ИЭФ"] });
    expect(r.ok ? null : r.problem.code).toBe("forbidden");
  });
  it("mandatory categories reach people who switched everything off", () => {
    const muted = new Set(["announcements", "reminders", "surveys", "requests"]);
    expect(receives("announcements", muted)).toBe(false);
    expect(receives("requests", muted)).toBe(true);
  });
});

describe("Telegram's refusals", () => {
  it.each([
    [
      { code: 429, description: "Too Many Requests: retry after 3", retryAfterSec: 3 },
      { kind: "rateLimited", retryAfterSec: 3 },
    ],
    [
      { code: 403, description: "Forbidden: bot was blocked by the user" },
      { kind: "unreachable", reason: "blocked" },
    ],
    [
      { code: 403, description: "Forbidden: bot can't initiate conversation with a user" },
      { kind: "unreachable", reason: "notStarted" },
    ],
    [
      { code: 403, description: "Forbidden: user is deactivated" },
      { kind: "unreachable", reason: "deactivated" },
    ],
    [
      { code: 400, description: "Bad Request: chat not found" },
      { kind: "unreachable", reason: "chatNotFound" },
    ],
    [{ code: 400, description: "Bad Request: message is too long" }, { kind: "rejected" }],
    [
      { code: 502, description: "Bad Gateway" },
      { kind: "transient", reason: "server" },
    ],
    [{ description: "socket hang up" }, { kind: "transient", reason: "network", mayHaveArrived: true }],
    [
      { description: "connect ECONNREFUSED", notConnected: true },
      { kind: "transient", reason: "network", mayHaveArrived: false },
    ],
    [{ timedOut: true }, { kind: "transient", reason: "timeout", mayHaveArrived: true }],
  ])("%j", (error, expected) => {
    expect(classifySendError(error)).toMatchObject(expected);
  });

  it("retries back off exponentially, then give up", () => {
    const now = new Date("2026-09-20T00:00:00Z");
    const policy = { maxAttempts: 4, baseDelayMs: 1_000, maxDelayMs: 5_000 };
    const delays = [1, 2, 3].map((n) => (nextRetryAt(n, now, policy, 1)?.getTime() ?? 0) - now.getTime());
    expect(delays).toEqual([1_000, 2_000, 4_000]);
    expect(nextRetryAt(4, now, policy)).toBeNull();
  });
});

describe("quiet hours (21:00–08:00 Bishkek, UTC+6)", () => {
  const bishkek = (local: string) => parseLocalDateTime(local, "Asia/Bishkek") as Date;
  it("reads local times", () => {
    expect(bishkek("2026-09-20 09:00").toISOString()).toBe("2026-09-20T03:00:00.000Z");
    expect(parseLocalDateTime("2026-02-30 09:00", "Asia/Bishkek")).toBeNull();
    expect(parseLocalDateTime("tomorrow", "Asia/Bishkek")).toBeNull();
  });
  it("moves a reminder due at night to 08:00, and leaves the day alone", () => {
    expect(afterQuietHours(bishkek("2026-09-20 22:30"), DEFAULT_QUIET_HOURS)).toEqual(bishkek("2026-09-21 08:00"));
    expect(afterQuietHours(bishkek("2026-09-21 03:15"), DEFAULT_QUIET_HOURS)).toEqual(bishkek("2026-09-21 08:00"));
    expect(afterQuietHours(bishkek("2026-09-20 21:00"), DEFAULT_QUIET_HOURS)).toEqual(bishkek("2026-09-21 08:00"));
    expect(afterQuietHours(bishkek("2026-09-20 20:59"), DEFAULT_QUIET_HOURS)).toEqual(bishkek("2026-09-20 20:59"));
    expect(isQuiet(bishkek("2026-09-21 08:00"), DEFAULT_QUIET_HOURS)).toBe(false);
  });
  it("a window within one day, and none", () => {
    const lunch = { start: "12:00", end: "13:00", timeZone: "Asia/Bishkek" };
    expect(afterQuietHours(bishkek("2026-09-20 12:30"), lunch)).toEqual(bishkek("2026-09-20 13:00"));
    const off = { start: "00:00", end: "00:00", timeZone: "Asia/Bishkek" };
    expect(afterQuietHours(bishkek("2026-09-20 23:30"), off)).toEqual(bishkek("2026-09-20 23:30"));
  });
});

describe("the send window", () => {
  /** A send that took `ms` to be answered. */
  const send = (w: SendWindow, at: number, chat: string, ms = 0) => {
    w.record(at, chat).end = at + ms;
  };

  it("lets `perSecond` through in any second (plus the margin), evenly spaced, and no more", () => {
    // (1000 + 20) / 4 = 255 ms apart; after an idle spell the next may follow at half that
    const w = new SendWindow({ perSecond: 4, marginMs: 20 });
    expect(w.waitMs(0, "a")).toBe(0);
    send(w, 0, "a");
    expect(w.waitMs(100, "b")).toBe(27.5);
    send(w, 127.5, "b");
    expect(w.waitMs(128, "c")).toBe(254.5);
    // a timer that fires late does not push the schedule back
    send(w, 390, "c");
    expect(w.waitMs(390, "d")).toBe(247.5);
    send(w, 637.5, "d");
    // the fifth waits for the first to leave the hard window, whatever the cadence says
    expect(w.waitMs(892.5, "e")).toBe(127.5);
    expect(w.waitMs(1_020, "e")).toBe(0);
  });

  it("counts a send from its answer: a slow answer holds its place longer, one in flight holds it until it is back", () => {
    const w = new SendWindow({ perSecond: 2, marginMs: 0 });
    send(w, 0, "a", 300);
    const inFlight = w.record(500, "b");
    // the first was answered at 300: the third goes a second after that
    expect(w.waitMs(1_000, "c")).toBe(300);
    send(w, 1_300, "c");
    // the second is still in flight: the fourth waits for its answer, then a second more
    expect(w.waitMs(2_000, "d")).toBeGreaterThan(0);
    inFlight.end = 1_600;
    expect(w.waitMs(2_000, "d")).toBe(600);
  });

  it("one message a second to a private chat, 20 a minute to a group", () => {
    const w = new SendWindow({ perSecond: 100, marginMs: 0 });
    send(w, 0, "42");
    expect(w.waitMs(500, "42")).toBe(500);
    for (let i = 0; i < 20; i++) send(w, i * 10, "-100");
    expect(w.waitMs(1_000, "-100")).toBe(59_000);
  });

  it("a 429 pauses everything", () => {
    const w = new SendWindow({ perSecond: 100, marginMs: 0 });
    w.pause(3_000);
    expect(w.waitMs(1_000, "any")).toBe(2_000);
  });

  it("forgets chats whose second has passed", () => {
    const w = new SendWindow({ perSecond: 100, marginMs: 0 });
    send(w, 0, "42");
    w.prune(999);
    expect(w.waitMs(999, "42")).toBe(1);
    w.prune(1_000);
    expect(w.waitMs(1_000, "42")).toBe(0);
  });
});
