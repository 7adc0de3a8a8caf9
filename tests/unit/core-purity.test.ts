import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const CORE = path.resolve(import.meta.dirname, "../../core");
const FORBIDDEN =
  /from\s+["'](telegraf|@prisma\/[^"']*|\.\.\/prisma[^"']*|\.\.\/bot[^"']*|node:[^"']*|fs|path|better-sqlite3|chartjs-node-canvas|canvas|i18next)["']/;

describe("core/ is pure", () => {
  it("imports nothing from prisma, telegraf, the shells or node: I/O", () => {
    const files = readdirSync(CORE).filter((f) => f.endsWith(".ts"));
    expect(files.length).toBeGreaterThan(3);
    const offenders = files.filter((f) => FORBIDDEN.test(readFileSync(path.join(CORE, f), "utf8")));
    expect(offenders).toEqual([]);
  });
});
