// The README's examples, as written, right after `npm run demo`: every `sapat …` line of
// its sh blocks runs in order against the default database (here DATABASE_URL, a temp
// file) and succeeds; the demo goes where they all look.
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { PassThrough, Writable } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../../bot/cli/main.ts";
import { DEFAULT_PHOTO_DIR } from "../../bot/console/index.ts";
import { translator } from "../../bot/present/i18n.ts";
import { cli, DATA, tempDatabaseUrl, withPrisma } from "../helpers.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");

interface Example {
  line: string;
  argv: string[];
  input: string;
}

/** `sapat …` lines (and `printf '…' | sapat …`, and `npm run demo`) of the README's sh blocks, in order. */
function examples(): Example[] {
  const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");
  const blocks = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1] ?? "");
  const out: Example[] = [];
  for (const raw of blocks.join("\n").split("\n")) {
    const line = raw.replace(/\s+#.*$/, "").trim();
    if (line === "npm run demo") out.push({ line, argv: ["demo", "--open"], input: "" });
    const piped = /^printf '([^']*)' \| sapat (.*)$/.exec(line);
    if (piped) out.push({ line, argv: words(piped[2] ?? ""), input: (piped[1] ?? "").replaceAll("\\n", "\n") });
    else if (line.startsWith("sapat ")) out.push({ line, argv: words(line.slice("sapat ".length)), input: "" });
  }
  return out;
}

/** Words as the shell splits them: "quoted text" and 'quoted text' are one word. */
const words = (s: string) => [...s.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3] ?? "");

async function sapat(argv: string[], env: Record<string, string>, input = "") {
  const out: string[] = [];
  const err: string[] = [];
  const stdin = new PassThrough();
  stdin.end(input);
  const output = new Writable({
    write(chunk: Buffer, _enc, done) {
      out.push(chunk.toString());
      done();
    },
  });
  const code = await runCli(argv, { out: (s) => out.push(s), err: (s) => err.push(s), input: stdin, output }, env);
  return { code, out: out.join("\n"), err: err.join("\n") };
}

describe("the README's examples", () => {
  const db = tempDatabaseUrl();
  // the console saves charts where the README's line says nothing else: data/console/
  const charts = () => (existsSync(DEFAULT_PHOTO_DIR) ? readdirSync(DEFAULT_PHOTO_DIR) : []);
  const before = new Set(charts());
  afterAll(() => {
    for (const f of charts()) if (!before.has(f)) rmSync(path.join(DEFAULT_PHOTO_DIR, f));
    db.cleanup();
  });
  const env = { DATABASE_URL: db.url, SAPAT_LANG: "en", LOG_LEVEL: "silent" };

  it("are found: the demo, imports, reports, invites, users, the console", () => {
    const lines = examples().map((e) => e.argv[0]);
    expect(lines[0]).toBe("demo");
    for (const command of ["import", "report", "invite", "users", "console"]) expect(lines).toContain(command);
  });

  it("all work as written right after npm run demo", async () => {
    const en = await translator("en");
    for (const example of examples()) {
      const r = await sapat(example.argv, env, example.input);
      expect(r.code, `${example.line}\n${r.err}`).toBe(0);
      // built where every other command looks
      if (example.argv[0] === "demo") expect(r.out).toContain(en("cli.demoBuilt", { db: db.url }));
      if (example.argv[0] === "console") {
        // the demo's data, not an empty database: a question about debtors gets the demo's figure,
        // a review file sent gets its summary
        if (example.input.startsWith("/debtors")) expect(r.out).toContain("525");
        if (example.input.startsWith("/file")) expect(r.out).toContain("Not recommended: standard 3 not fulfilled");
        expect(r.err).toBe("");
      }
      if (example.argv[0] === "report" && example.argv.includes("--json"))
        expect(JSON.parse(r.out).rows.length).toBeGreaterThan(0);
      if (example.argv[0] === "invite" && example.argv[1] === "create") {
        const option = (name: string) => example.argv[example.argv.indexOf(name) + 1];
        expect(r.out).toContain(`Invite created: ${option("--role")}, ${option("--unit")}`);
      }
      if (example.argv[0] === "invite" && example.argv[1] === "list") expect(r.out).toMatch(/\/14 .*active/);
    }
    // the README's imports are the demo's own files: nothing new, one version of each result
    expect(await withPrisma(db.url, (p) => p.sessionResult.count({ where: { version: { gt: 1 } } }))).toBe(0);
  });
});

describe("sapat demo", () => {
  it("never overwrites a database holding other data; rebuilds one it built", async () => {
    const real = tempDatabaseUrl();
    try {
      expect((await cli(real.url, "import", "totals", `${DATA}/kstu-published-totals.csv`)).code).toBe(0);
      const refused = await sapat(["--lang", "en", "demo"], { DATABASE_URL: real.url });
      expect(refused.code).toBe(1);
      expect(refused.err).toContain((await translator("en"))("cli.demoRefused", { db: real.url }));
      expect(await withPrisma(real.url, (p) => p.publishedTotal.count())).toBeGreaterThan(0);
      expect(await withPrisma(real.url, (p) => p.sessionResult.count())).toBe(0);

      const own = tempDatabaseUrl();
      try {
        for (let i = 0; i < 2; i++) expect((await sapat(["demo"], { DATABASE_URL: own.url })).code).toBe(0);
      } finally {
        own.cleanup();
      }
    } finally {
      real.cleanup();
    }
  });
});
