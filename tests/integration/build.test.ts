// `npm run build` and the built `sapat`: the build is compiled into a package laid out as
// an installation elsewhere (package.json, scripts/sapat.mjs, dist/, and locales/, prisma/,
// data/, node_modules linked; no TypeScript sources), then run from another directory.
// Locales, migrations, data and fonts must be found in that package, not in the repository.
import { spawnSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { translator } from "../../bot/present/i18n.ts";
import { onPostgres, tempDir, testDatabaseUrl } from "../helpers.ts";
import { emptyDatabaseUrl } from "../support/database.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");
const tmp = tempDir("sapat-build-");
const PKG = path.join(tmp.dir, "pkg");
const CWD = path.join(tmp.dir, "elsewhere");
const en = await translator("en");
const cliJson = (lng: string) => JSON.parse(readFileSync(path.join(ROOT, "locales", lng, "cli.json"), "utf8"));

beforeAll(() => {
  mkdirSync(path.join(PKG, "scripts"), { recursive: true });
  mkdirSync(path.join(PKG, "data"));
  mkdirSync(CWD);
  copyFileSync(path.join(ROOT, "package.json"), path.join(PKG, "package.json"));
  copyFileSync(path.join(ROOT, "scripts", "sapat.mjs"), path.join(PKG, "scripts", "sapat.mjs"));
  for (const dir of ["locales", "prisma", "node_modules"]) symlinkSync(path.join(ROOT, dir), path.join(PKG, dir));
  // data/ itself is the package's own: the console writes its pictures there
  for (const entry of readdirSync(path.join(ROOT, "data"), { withFileTypes: true }))
    if (entry.isDirectory()) symlinkSync(path.join(ROOT, "data", entry.name), path.join(PKG, "data", entry.name));

  const built = spawnSync(process.execPath, [path.join(ROOT, "scripts", "build.mjs"), "--out-dir", path.join(PKG, "dist")], {
    encoding: "utf8",
  });
  expect(built.stderr + built.stdout).toBe("");
  expect(built.status).toBe(0);
}, 120_000);
afterAll(() => tmp.cleanup());

/** The packaged `sapat`, run from a directory that is not the package. */
function sapat(argv: string[], env: Record<string, string> = {}, input?: string) {
  const r = spawnSync(process.execPath, [path.join(PKG, "scripts", "sapat.mjs"), ...argv], {
    cwd: CWD,
    encoding: "utf8",
    env: { ...process.env, SAPAT_BUILD: "dist", SAPAT_LANG: "", NODE_ENV: "", DATABASE_URL: "", ...env },
    ...(input === undefined ? {} : { input }),
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe("the build", () => {
  it("holds JavaScript only, importing no .ts, and the chart worker beside its renderer", () => {
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)],
      );
    const all = files(path.join(PKG, "dist"));
    expect(all.filter((f) => !/\.(js|mjs)$/.test(f)).map((f) => path.basename(f))).toEqual([".built"]);
    expect(all.filter((f) => /from "\.[^"]*\.ts"|import\("\.[^"]*\.ts"\)/.test(readFileSync(f, "utf8")))).toEqual([]);
    expect(existsSync(path.join(PKG, "dist", "bot", "io", "chart-worker.mjs"))).toBe(true);
    expect(existsSync(path.join(PKG, "dist", "bot", "io", "charts.js"))).toBe(true);
    expect(all.some((f) => f.includes(`${path.sep}tests${path.sep}`))).toBe(false);
  });

  it("migrates a new database and answers in Kyrgyz, from another directory", () => {
    const url = emptyDatabaseUrl(tmp.dir);
    const r = sapat(["--db", url, "institution", "show"]);
    // a new SQLite file is said to be created; an empty PostgreSQL database exists already
    expect(r.err.trim()).toBe(onPostgres ? "" : `Жаңы маалымат базасы түзүлүүдө: ${path.join(tmp.dir, "empty.db")}`);
    expect(r.out).toContain("Мекеме:");
    expect(r.code).toBe(0);
    // the migrations were applied: a second command finds the schema in place and says nothing on stderr
    const again = sapat(["--db", url, "institution", "set", "--code", "KSTU", "--name", "KSTU"]);
    expect(again).toMatchObject({ code: 0, err: "" });
    expect(again.out).toContain("KSTU");
  });

  it("builds the demo from the package's data/, reports in English, and draws a chart with the fonts", () => {
    const url = testDatabaseUrl(tmp.dir, "demo");
    expect(sapat(["--db", url, "demo"]).code).toBe(0);
    const period = ["--year", "2019-2020", "--term", "spring", "--stage", "after-retakes", "--form", "full-time"];
    const report = sapat(["--db", url, "--lang", "en", "report", "session", ...period, "--kinds", "faculty,institute"]);
    expect(report.code).toBe(0);
    expect(report.out).toMatch(/^Total\s+4690\s+4505\s+2609\s+57\.9\s/m);

    // a dean's /debtors in the console is answered with a chart, drawn by the worker process
    const shown = sapat(["--db", url, "console", "--as", "dean:МТФ"], {}, "/debtors\n");
    expect(shown.code).toBe(0);
    const png = /(\S+\.png)/.exec(shown.out)?.[1] ?? "";
    expect(png.startsWith(path.join(PKG, "data", "console"))).toBe(true);
    expect(readFileSync(png).subarray(1, 4).toString()).toBe("PNG");
  });

  it("runs directly as node dist/bot/cli/bin.js, and under NODE_ENV=production through the bin", () => {
    const direct = spawnSync(process.execPath, [path.join(PKG, "dist", "bot", "cli", "bin.js"), "--help"], {
      cwd: CWD,
      encoding: "utf8",
    });
    expect(direct.status).toBe(0);
    expect(direct.stdout).toContain("Usage: sapat");
    expect(sapat(["--help"], { SAPAT_BUILD: "", NODE_ENV: "production" })).toMatchObject({ code: 0, err: "" });
  });
});

describe("the bin refuses a build it cannot trust, in one line", () => {
  it("older than a source file: names the file and says to run npm run build", () => {
    const late = path.join(PKG, "bot", "cli", "late.ts");
    mkdirSync(path.dirname(late), { recursive: true });
    writeFileSync(late, "export {};\n");
    try {
      const r = sapat(["--lang", "en", "--help"]);
      expect(r).toMatchObject({ code: 1, out: "" });
      expect(r.err).toBe(`${en("cli.build.stale", { dir: path.join(PKG, "dist"), file: "bot/cli/late.ts" })}\n`);
    } finally {
      rmSync(path.join(PKG, "bot"), { recursive: true });
    }
  });

  it("missing or unfinished (no stamp): says to run npm run build, in SAPAT_LANG", () => {
    const stamp = path.join(PKG, "dist", ".built");
    renameSync(stamp, `${stamp}.away`);
    try {
      const r = sapat(["--help"], { SAPAT_LANG: "ru" });
      expect(r.code).toBe(1);
      expect(r.err).toContain("npm run build");
      expect(r.err).toBe(`${cliJson("ru").build.missing.replace("{{dir}}", path.join(PKG, "dist"))}\n`);
    } finally {
      renameSync(`${stamp}.away`, stamp);
    }
    expect(sapat(["--help"]).code).toBe(0);
  });

  it("an unknown SAPAT_BUILD is refused", () => {
    const r = sapat(["--help"], { SAPAT_BUILD: "webpack" });
    expect(r).toMatchObject({ code: 1, err: `${cliJson("ky").build.badMode.replace("{{value}}", "webpack")}\n` });
  });
});
