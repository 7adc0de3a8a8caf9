// Which layer may import which (ARCHITECTURE in the README): every import of every source
// file is resolved, relative ones to the file they name, so a layer cannot reach past its
// neighbours through a re-export or a deep path.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");

/** Layers by path prefix, most specific first. */
const LAYERS: [string, string][] = [
  ["core/", "core"],
  ["prisma/generated/", "prisma-generated"],
  ["prisma/store/", "store"],
  ["prisma/package-root.ts", "package-root"],
  ["prisma/", "prisma"],
  ["bot/app/", "app"],
  ["bot/io/", "io"],
  ["bot/present/", "present"],
  ["bot/features/", "features"],
  ["bot/middleware/", "features"],
  ["bot/local-api/", "local-api"],
  ["bot/cli/", "triggers"],
  ["bot/console/", "triggers"],
  ["bot/worker/", "triggers"],
  ["bot/web/", "triggers"],
  ["bot/", "bot-root"],
  ["locales/", "locales"],
];

/** What each layer may import (besides itself). */
const MAY_IMPORT: Record<string, string[]> = {
  core: [],
  "prisma-generated": ["prisma-generated"],
  store: ["core", "prisma-generated"],
  // client.ts registers its connection for the store's bulk inserts (store/connections.ts)
  prisma: ["prisma-generated", "store", "package-root"],
  // where locales/ and prisma/migrations are: the one place that finds the package's root
  "package-root": [],
  app: ["core", "store", "prisma", "prisma-generated", "io"],
  io: ["core"],
  present: ["core", "locales", "package-root"],
  features: ["app", "core", "present", "io", "bot-root"],
  // opening the database (prisma/client.ts) is the entry point's job; data access goes through app
  triggers: ["app", "core", "present", "io", "bot-root", "local-api", "prisma"],
  // the composition root: config, start-up, createBot, the context type
  "bot-root": ["app", "core", "present", "io", "features", "prisma", "triggers"],
  "local-api": [],
};

/** Packages a layer may not use: I/O and the shells stay out of the core, Telegram out of the use cases. */
const FORBIDDEN_PACKAGES: Record<string, RegExp> = {
  core: /.*/,
  app: /^(telegraf|i18next|chartjs-node-canvas|canvas|commander)(\/|$)/,
  io: /^(telegraf|i18next|@prisma\/|better-sqlite3)(\/|$)/,
  present: /^(telegraf|@prisma\/|better-sqlite3)(\/|$)/,
  features: /^(@prisma\/|better-sqlite3)(\/|$)/,
};

function layerOf(file: string): string {
  const rel = path.relative(ROOT, file).split(path.sep).join("/");
  const hit = LAYERS.find(([prefix]) => rel === prefix || rel.startsWith(prefix));
  if (!hit) throw new Error(`${rel} is in no layer`);
  return hit[1];
}

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (name === "generated" || name === "node_modules") continue;
    if (statSync(p).isDirectory()) out.push(...sources(p));
    else if (/\.(ts|mts)$/.test(name)) out.push(p);
  }
  return out;
}

const IMPORT = /(?:^|[\s;])(?:import|export)\s[^;]*?from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;

function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(IMPORT)].map((m) => (m[1] ?? m[2]) as string);
}

/** Every import that breaks the table, as "from → to". */
function violations(files: readonly string[]): string[] {
  const out: string[] = [];
  for (const file of files) {
    const from = layerOf(file);
    for (const spec of importsOf(file)) {
      if (spec.startsWith(".")) {
        const target = path.resolve(path.dirname(file), spec);
        const to = layerOf(target);
        if (to !== from && !MAY_IMPORT[from]?.includes(to))
          out.push(`${path.relative(ROOT, file)} (${from}) → ${path.relative(ROOT, target)} (${to})`);
      } else if (FORBIDDEN_PACKAGES[from]?.test(spec)) out.push(`${path.relative(ROOT, file)} (${from}) → package ${spec}`);
    }
  }
  return out;
}

describe("layers", () => {
  const files = ["core", "prisma", "bot"].flatMap((d) => sources(path.join(ROOT, d)));

  it("reads the whole tree, nested folders included", () => {
    expect(files.length).toBeGreaterThan(60);
    expect(files.some((f) => f.includes(`${path.sep}core${path.sep}session${path.sep}`))).toBe(true);
  });

  it("each layer imports only what it may", () => {
    expect(violations(files)).toEqual([]);
  });

  it("catches a core module importing the store, and a use case importing telegraf", () => {
    const fake = (rel: string) => path.join(ROOT, rel);
    expect(layerOf(fake("core/session/x.ts"))).toBe("core");
    const from = "core";
    const to = layerOf(path.resolve(path.dirname(fake("core/session/x.ts")), "../../prisma/store/db.ts"));
    expect(MAY_IMPORT[from]?.includes(to)).toBe(false);
    expect(FORBIDDEN_PACKAGES.app?.test("telegraf")).toBe(true);
    expect(FORBIDDEN_PACKAGES.core?.test("node:fs")).toBe(true);
  });
});
