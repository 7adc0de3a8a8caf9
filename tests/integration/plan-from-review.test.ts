// sapat plan from-review: one item per recommendation of a review file, numbered by standard,
// shown first (exit 2, nothing written), written with --yes; a bad deadline writes nothing.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli, tempDatabaseUrl } from "../helpers.ts";

const db = tempDatabaseUrl();
afterAll(() => db.cleanup());
const SAMPLE = path.resolve(import.meta.dirname, "../../data/reviews/lyceum-review-sample.csv");
const en = (...argv: string[]) => cli(db.url, "--lang", "en", ...argv);
const CONTROLLER = ["--controller", "Vice-rector for academic affairs"];

beforeAll(async () => {
  expect((await cli(db.url, "institution", "set", "--code", "LYC", "--name", "Lyceum")).code).toBe(0);
});

describe("sapat plan from-review", () => {
  it("shows the recommendations first and writes nothing", async () => {
    const r = await en("plan", "from-review", SAMPLE, ...CONTROLLER, "--deadline", "30.06.2027", "--json");
    expect(r.code, r.err).toBe(2);
    const shown = JSON.parse(r.out);
    expect(shown.written).toBe(false);
    expect(shown.items).toHaveLength(6);
    expect((await en("plan", "list", "--json")).out).not.toContain("lyceum-review-sample");
  });

  it("refuses a deadline that is no day, writing nothing", async () => {
    const r = await en("plan", "from-review", SAMPLE, ...CONTROLLER, "--deadline", "31.02.2027", "--yes");
    expect(r.code).toBe(1);
    expect(r.err).toContain("31.02.2027");
    expect(JSON.parse((await en("plan", "list", "--json")).out)).toEqual([]);
  });

  it("writes one item per recommendation, numbered within its standard", async () => {
    const r = await en("plan", "from-review", SAMPLE, ...CONTROLLER, "--deadline", "30.06.2027", "--yes", "--json");
    expect(r.code, r.err).toBe(0);
    const { planId } = JSON.parse(r.out);
    const items = JSON.parse((await en("plan", "items", String(planId), "--json")).out);
    expect(items.map((i: { number: string }) => i.number)).toEqual(["1.1", "2.1", "3.1", "3.2", "4.1", "5.1"]);
    expect(items[2].text).toBe("Создать систему отслеживания трудоустройства выпускников");
    expect(items.every((i: { stages: { due: string }[] }) => i.stages[0]?.due === "2027-06-30")).toBe(true);
  });

  it("refuses the same recommendations written again, naming the plan that holds them", async () => {
    const r = await en("plan", "from-review", SAMPLE, ...CONTROLLER, "--deadline", "30.06.2027", "--yes");
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/already stored as plan #\d+/);
    expect(JSON.parse((await en("plan", "list", "--json")).out)).toHaveLength(1);
  });
});
