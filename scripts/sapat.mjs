#!/usr/bin/env node
// The `sapat` command. It runs either the build (dist/, made by `npm run build`) or the
// TypeScript sources through tsx. SAPAT_BUILD=dist|tsx says which; unset, the build when
// NODE_ENV=production (npm start sets SAPAT_BUILD=dist), else the sources — so a dist/ left
// from an earlier build never runs old code in development. The build is refused, with a
// line saying to run `npm run build`, when it is missing or older than a source file.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const DIST = path.join(ROOT, "dist");
/** Written last by scripts/build.mjs: a build without it is unfinished. */
const STAMP = path.join(DIST, ".built");
/** What the build compiles (tsconfig.build.json), and what it is compiled with. */
const SOURCES = ["core", "bot", "prisma", "tsconfig.json", "tsconfig.build.json"];
const COMPILED = /\.(ts|mts|mjs)$/;

const mode = process.env.SAPAT_BUILD || (process.env.NODE_ENV === "production" ? "dist" : "tsx");
if (mode === "dist") {
  const refusal = buildRefusal();
  if (refusal) {
    process.stderr.write(`${refusal}\n`);
    process.exit(1);
  }
  await import("../dist/bot/cli/bin.js");
} else if (mode === "tsx") {
  const { register } = await import("tsx/esm/api");
  register();
  await import("../bot/cli/bin.ts");
} else {
  process.stderr.write(`${say("badMode", { value: mode })}\n`);
  process.exit(1);
}

/** Why the build cannot run (missing, or older than a source), or undefined. */
function buildRefusal() {
  const built = mtime(STAMP);
  const relative = path.relative(process.cwd(), DIST);
  const dir = relative === "" || relative.startsWith("..") ? DIST : relative;
  if (built === undefined) return say("missing", { dir });
  const newest = newestSource();
  if (newest && newest.time > built) return say("stale", { dir, file: path.relative(ROOT, newest.file) });
  return undefined;
}

/** The most recently changed source file (none in a package installed without its sources). */
function newestSource() {
  let newest;
  const visit = (p) => {
    let stat;
    try {
      stat = statSync(p);
    } catch {
      return;
    }
    if (stat.isDirectory()) {
      for (const name of readdirSync(p)) if (name !== "node_modules") visit(path.join(p, name));
    } else if ((COMPILED.test(p) || path.basename(p).startsWith("tsconfig")) && (!newest || stat.mtimeMs > newest.time)) {
      newest = { file: p, time: stat.mtimeMs };
    }
  };
  for (const s of SOURCES) visit(path.join(ROOT, s));
  return newest;
}

function mtime(file) {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
}

/** A line of locales/<lng>/cli.json "build.*", in --lang or SAPAT_LANG (Kyrgyz by default). */
function say(key, params) {
  const argv = process.argv.slice(2);
  const i = argv.indexOf("--lang");
  const wanted = (i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith("--lang="))?.slice(7)) ?? process.env.SAPAT_LANG;
  const lng = ["ky", "ru", "en"].includes(wanted) ? wanted : "ky";
  const text = JSON.parse(readFileSync(path.join(ROOT, "locales", lng, "cli.json"), "utf8")).build[key];
  return text.replace(/\{\{(\w+)\}\}/g, (_, name) => params[name] ?? "");
}
