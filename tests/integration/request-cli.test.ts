// sapat request create|status|list|remind|close: the same use cases as the bot, their --json
// shapes, wrong values said in one line with exit 1, and --as checked in the user's scope.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildDemo } from "../../bot/app/demo/build-demo.ts";
import { addDays, formatDay, localDay } from "../../core/index.ts";
import { cli, tempDatabaseUrl } from "../helpers.ts";
import { DEAN_EF, DEAN_TF, facultyWithDepartments, head } from "../support/requests.ts";

const tmp = tempDatabaseUrl();
const url = tmp.url;
/** ten days from today, Bishkek: the CLI's clock is the real one */
const deadline = addDays(localDay(new Date(), "Asia/Bishkek"), 10);
let id: number;

beforeAll(async () => {
  const { db, institution } = await buildDemo(url);
  await facultyWithDepartments(db, institution, 5);
  await db.$disconnect();
});
afterAll(() => tmp.cleanup());

const json = (s: string) => JSON.parse(s) as Record<string, unknown>;

describe("sapat request", () => {
  it("--dry-run shows who would be asked and writes nothing", async () => {
    const r = await cli(
      url,
      "--lang",
      "en",
      "request",
      "create",
      "--subject",
      "practice",
      "--year",
      "2025-2026",
      "--from",
      "ЭФ",
      "--deadline",
      deadline,
      "--dry-run",
    );
    expect(r.code).toBe(0);
    expect(r.out).toContain("every department of ЭФ — 5 units");
    expect(r.out).toContain("It goes now to 4 heads.");
    expect(r.out).toContain("No head registered in 1 unit: ЭФ-5");
    const list = await cli(url, "request", "list", "--json");
    expect(JSON.parse(list.out)).toEqual([]);
  });

  it("create --json: the request, its units and the heads it went to", async () => {
    const r = await cli(
      url,
      "request",
      "create",
      "--subject",
      "practice",
      "--year",
      "2025-2026",
      "--kinds",
      "production,pre-diploma",
      "--from",
      "ЭФ",
      "--deadline",
      formatDay(deadline),
      "--lead",
      "3,1",
      "--as",
      DEAN_EF,
      "--json",
    );
    expect(r.err).toBe("");
    const out = json(r.out);
    expect(out).toMatchObject({
      created: true,
      subject: "practice",
      year: "2025-2026",
      kinds: ["production", "pre-diploma"],
      units: ["ЭФ-1", "ЭФ-2", "ЭФ-3", "ЭФ-4", "ЭФ-5"],
      deadline,
      recipients: 4,
      withoutHead: ["ЭФ-5"],
      alreadySubmitted: [],
    });
    expect(out.reminders).toHaveLength(2);
    expect(typeof out.campaignId).toBe("number");
    id = out.id as number;
  });

  it("status: the board as text and as JSON", async () => {
    const text = await cli(url, "--lang", "en", "request", "status", String(id), "--as", DEAN_EF);
    expect(text.code).toBe(0);
    expect(text.out).toContain(`📋 Request #${id}: practice completion, 2025-2026 (production, pre-diploma)`);
    expect(text.out).toContain("✅ 0 of 5 submitted · ⏳ 5 not yet · ⚠️ 0 overdue");
    expect(text.out).toContain("⏳ ЭФ-1 — Башчы 1");
    expect(text.out).toContain("⏳ ЭФ-5 — no head registered");
    const r = json((await cli(url, "request", "status", String(id), "--json")).out);
    expect(r).toMatchObject({ id, status: "open", createdBy: DEAN_EF, counts: { total: 5, pending: 5, withoutHead: 1 } });
    expect((r.units as unknown[])[0]).toEqual({
      unit: "ЭФ-1",
      status: "pending",
      submittedAt: null,
      late: false,
      heads: [{ telegramId: head(1), name: "Башчы 1", unreachable: null }],
    });
    expect((r.reminders as { kind: string }[]).map((x) => x.kind)).toEqual(["lead", "lead", "overdue"]);
  });

  it("a dean sees his own requests, another dean none of them", async () => {
    expect(JSON.parse((await cli(url, "request", "list", "--json", "--as", DEAN_EF)).out)).toHaveLength(1);
    expect(JSON.parse((await cli(url, "request", "list", "--json", "--as", DEAN_TF)).out)).toEqual([]);
    const other = await cli(url, "--lang", "en", "request", "status", String(id), "--as", DEAN_TF);
    expect(other).toMatchObject({ code: 1, err: `There is no request #${id} you can see.` });
  });

  it("remind now, then close; a closed request is said to be closed", async () => {
    const reminded = json((await cli(url, "request", "remind", String(id), "--json")).out);
    expect(reminded).toMatchObject({ recipients: 4, created: true });
    const closed = await cli(url, "--lang", "en", "request", "close", String(id));
    expect(closed).toMatchObject({ code: 0, out: `Request #${id} closed: no more reminders.` });
    const again = await cli(url, "--lang", "en", "request", "remind", String(id));
    expect(again).toMatchObject({ code: 1, err: `Request #${id} is closed: nothing more is sent for it.` });
    const board = json((await cli(url, "request", "status", String(id), "--json")).out);
    expect(board.status).toBe("closed");
    expect((board.reminders as { state: string }[]).map((x) => x.state)).toEqual(["cancelled", "cancelled", "cancelled"]);
  });

  it("wrong values: one line each, exit 1, nothing created", async () => {
    const base = ["--lang", "en", "request", "create", "--subject", "practice", "--year", "2025-2026"];
    const cases: [string[], string][] = [
      [["--deadline", deadline], "Say who is asked: --from UNIT (every department of it) or --units A,B (exactly these)."],
      [["--from", "ЭФ", "--units", "ЭФ-1", "--deadline", deadline], "Say who is asked"],
      [["--from", "ЭФ", "--deadline", "31.09.2026"], "“31.09.2026” is not a date: write the deadline as 25.09.2026."],
      [["--from", "ЭФ", "--deadline", "01.01.2020"], "The deadline 01.01.2020 has already passed"],
      [["--from", "ЭФ", "--deadline", deadline, "--lead", "7,x"], "--lead"],
      [["--from", "ЭФ", "--deadline", deadline, "--kinds", "summer"], "--kinds"],
      [["--from", "ЭФ", "--deadline", deadline, "--as", DEAN_TF], "ЭФ is outside your scope (ТФ)"],
      [["--from", "ЭФФ", "--deadline", deadline], "Unit “ЭФФ” was not found. Closest names: ЭФ"],
      [
        ["--from", "ЭФ", "--deadline", deadline, "--as", head(1)],
        "Only the quality department (admins) and deans ask units for figures.",
      ],
    ];
    for (const [args, message] of cases) {
      const r = await cli(url, ...base, ...args);
      expect({ args, code: r.code, out: r.out }).toEqual({ args, code: 1, out: "" });
      expect(r.err).toContain(message);
      expect(r.err.split("\n")).toHaveLength(1);
    }
    const session = await cli(
      url,
      "--lang",
      "en",
      "request",
      "create",
      "--subject",
      "session",
      "--year",
      "2025-2026",
      "--from",
      "ЭФ",
      "--deadline",
      deadline,
    );
    expect(session.err).toContain("needs the term and the stage");
    expect(JSON.parse((await cli(url, "request", "list", "--json")).out)).toHaveLength(1);
  });

  it("Kyrgyz by default", async () => {
    const r = await cli(url, "request", "status", "999");
    expect(r).toMatchObject({ code: 1, err: "Сизге көрүнгөн №999 суроо жок." });
    // an id past 32 bits is refused as no id, not sent to the database (PostgreSQL failed on it)
    expect(await cli(url, "request", "status", "4294967296")).toMatchObject({ code: 1 });
  });
});
