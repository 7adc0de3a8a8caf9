import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const DIR = path.resolve(import.meta.dirname, "../../bot/local-api");

describe("bot/local-api/ is a standalone test tool", () => {
  it("imports only node:, telegraf's types and its own modules", () => {
    const files = readdirSync(DIR).filter((f) => f.endsWith(".ts"));
    expect(files).toContain("index.ts");
    const offenders = files.flatMap((f) =>
      [...readFileSync(path.join(DIR, f), "utf8").matchAll(/from\s+["']([^"']+)["']/g)]
        .map((m) => m[1] ?? "")
        .filter((spec) => !/^(node:|telegraf\/types$|\.\/[\w-]+\.ts$)/.test(spec))
        .map((spec) => `${f}: ${spec}`),
    );
    expect(offenders).toEqual([]);
  });
});
