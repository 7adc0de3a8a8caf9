// sapat survey create|launch|status|list|close|qr as the quality department types them:
// JSON shapes, launching twice queues once, bad values write nothing, and the poster's QR
// code decodes back to the survey's public link.
import { readFileSync } from "node:fs";
import path from "node:path";
import { createCanvas, loadImage } from "canvas";
import jsqr from "jsqr";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildDemo } from "../../bot/app/demo/build-demo.ts";
import type { PrismaClient } from "../../prisma/store/db.ts";
import { cli, tempDir } from "../helpers.ts";
import { testDatabaseUrl } from "../support/database.ts";

const tmp = tempDir("sapat-survey-cli-");
const url = testDatabaseUrl(tmp.dir, "s");
let db: PrismaClient;
const FORM = "https://docs.google.com/forms/d/e/1FAIpQLSf_demo/viewform";
// dates the real clock has not reached (the CLI runs on it)
const day = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  const built = await buildDemo(url);
  db = built.db;
  const [mtf, other] = await db.unit.findMany({ where: { institutionId: built.institution.id }, orderBy: { id: "asc" } });
  if (!mtf || !other) throw new Error("demo units missing");
  await db.user.createMany({
    data: [
      { telegramId: "101", role: "dean", scopeUnitId: mtf.id, language: "en" },
      { telegramId: "301", role: "student", scopeUnitId: mtf.id, course: 2, groupName: "ПИ-1-24" },
      { telegramId: "302", role: "student", scopeUnitId: mtf.id, course: 3, unreachableReason: "blocked" },
      { telegramId: "303", role: "student", scopeUnitId: other.id, course: 4 },
    ].map((u) => ({ ...u, institutionId: built.institution.id })),
  });
});

afterAll(async () => {
  await db.$disconnect();
  tmp.cleanup();
});

const create = (...extra: string[]) =>
  cli(
    url,
    "--lang",
    "en",
    "survey",
    "create",
    "--title",
    "Сапат",
    "--url",
    FORM,
    "--token-field",
    "entry.42",
    "--closes",
    day(20),
    ...extra,
  );

describe("sapat survey", () => {
  it("creates a draft and prints { surveyId, audience }", async () => {
    const r = await create("--to", "role:student,course:2-4", "--json");
    expect(r.err).toBe("");
    expect(JSON.parse(r.out)).toEqual({ surveyId: 1, audience: "all students in the institution, courses 2–4 — 3 people" });
    const status = await cli(url, "survey", "status", "1", "--json");
    expect(JSON.parse(status.out)).toEqual({ audience: 3, reachable: 2, sent: 0, unreachable: 1, confirmed: 0, responses: 0 });
  });

  it("launches once: a second launch queues nothing new", async () => {
    const first = await cli(url, "survey", "launch", "1", "--json");
    expect(JSON.parse(first.out)).toMatchObject({ surveyId: 1, state: "queued", recipients: 3 });
    const again = await cli(url, "survey", "launch", "1", "--json");
    expect(JSON.parse(again.out)).toMatchObject({ surveyId: 1, state: "already" });
    expect(await db.campaign.count({ where: { idempotencyKey: "survey:1:launch" } })).toBe(1);
    const deliveries = await db.delivery.findMany({ where: { campaign: { idempotencyKey: "survey:1:launch" } } });
    expect(deliveries.map((d) => d.state).sort()).toEqual(["queued", "queued", "unreachable"]);
    const tokens = await db.surveyRecipient.findMany({ where: { surveyId: 1 } });
    expect(tokens).toHaveLength(3);
    for (const d of deliveries) {
      const mine = tokens.find((t) => t.userId === d.userId);
      expect(JSON.parse(d.params ?? "{}")).toEqual({ link: `${FORM}?usp=pp_url&entry.42=${mine?.token}` });
    }
    const status = await cli(url, "survey", "status", "1", "--json");
    expect(JSON.parse(status.out)).toEqual({ audience: 3, reachable: 2, sent: 0, unreachable: 1, confirmed: 0, responses: 0 });
    // reminders and the close are scheduled once, keyed by the survey
    const jobs = await db.job.findMany({ where: { key: { startsWith: "survey:1:" } }, orderBy: { dueAt: "asc" } });
    expect(jobs.map((j) => j.key)).toEqual(["survey:1:remind:72h", "survey:1:remind:24h", "survey:1:close"]);
  });

  it("refuses bad values with a message, exit 1, and writes nothing", async () => {
    const before = await db.survey.count();
    const cases: [string[], RegExp][] = [
      [["--to", "role:student", "--url", "ftp://x"], /not a web link/],
      [["--to", "role:student", "--closes", "31.02.2026"], /not a date/],
      [["--to", "role:student", "--closes", "2020-01-01"], /already passed/],
      [["--to", "role:student", "--opens", day(30)], /close .* before it opens/],
      [["--to", "unit:Луна"], /not found/],
      [["--to", "role:wizard"], /not a role/],
      [["--to", "role:leader"], /Nobody who has joined/],
      [["--to", "role:student", "--token-field", "entry 1"], /not a form field name/],
      [["--to", "role:student", "--reminders", "72h,soon"], /not a reminder time/],
    ];
    for (const [args, message] of cases) {
      const r = await create(...args);
      expect(r.code, args.join(" ")).toBe(1);
      expect(r.err, args.join(" ")).toMatch(message);
      expect(r.err).not.toMatch(/at .*\.ts:\d+/);
    }
    expect(await db.survey.count()).toBe(before);
  });

  it("keeps a dean within his faculty", async () => {
    const units = await db.unit.findMany({ orderBy: { id: "asc" } });
    const outside = await create("--to", `role:student,unit:${units[1]?.code}`, "--as", "101");
    expect(outside.code).toBe(1);
    const inside = await create("--to", `role:student,unit:${units[0]?.code}`, "--as", "101", "--json");
    expect(JSON.parse(inside.out).audience).toMatch(/— 2 people$/);
  });

  it("prints a QR poster that decodes to the public link (a unit's carries the unit, never a person's token)", async () => {
    const file = path.join(tmp.dir, "poster.png");
    const r = await cli(url, "survey", "qr", "1", "--png", file);
    expect(r.code, r.err).toBe(0);
    expect(await decode(file)).toBe(FORM);
    const unit = (await db.unit.findFirst({ orderBy: { id: "asc" } }))?.code as string;
    const forUnit = await cli(url, "survey", "qr", "1", "--unit", unit, "--png", file);
    expect(forUnit.code, forUnit.err).toBe(0);
    expect(await decode(file)).toBe(`${FORM}?usp=pp_url&entry.42=${encodeURIComponent(`unit:${unit}`)}`);
  });

  it("lists and closes; a closed survey launches nothing", async () => {
    const list = await cli(url, "survey", "list", "--json");
    expect(JSON.parse(list.out).map((s: { id: number; phase: string }) => [s.id, s.phase])).toEqual([
      [2, "draft"],
      [1, "open"],
    ]);
    expect((await cli(url, "--lang", "en", "survey", "close", "1")).out).toBe("Survey #1 is closed.");
    expect((await cli(url, "--lang", "en", "survey", "close", "1")).out).toBe("Survey #1 was already closed.");
    const launch = await cli(url, "--lang", "en", "survey", "launch", "1");
    expect(launch.code).toBe(1);
    expect(launch.err).toMatch(/is closed/);
  });
});

// jsqr is CommonJS: its default export arrives as the module or inside it, depending on the loader
const jsQR = ((jsqr as unknown as { default?: unknown }).default ?? jsqr) as unknown as typeof jsqr.default;

async function decode(file: string): Promise<string | null> {
  const image = await loadImage(readFileSync(file));
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext("2d");
  ctx.drawImage(image, 0, 0);
  const data = ctx.getImageData(0, 0, image.width, image.height);
  return jsQR(new Uint8ClampedArray(data.data), image.width, image.height)?.data ?? null;
}
