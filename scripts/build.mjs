// npm run build: compiles core/, bot/ and prisma/ to JavaScript in dist/ (tsconfig.build.json),
// from scratch, and copies the one plain-JavaScript module the runtime loads by path (the
// chart worker). Locales, migrations, data and fonts are not copied: the build reads them
// from the package root, as the sources do. The stamp written last tells scripts/sapat.mjs
// the build is complete and when it was made. `--out-dir DIR` builds elsewhere (the test).
import { spawnSync } from "node:child_process";
import { copyFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const i = process.argv.indexOf("--out-dir");
const out = path.resolve(i >= 0 ? (process.argv[i + 1] ?? "dist") : path.join(ROOT, "dist"));

rmSync(out, { recursive: true, force: true });
const tsc = path.join(ROOT, "node_modules", "typescript", "bin", "tsc");
const compiled = spawnSync(process.execPath, [tsc, "-p", path.join(ROOT, "tsconfig.build.json"), "--outDir", out], {
  stdio: "inherit",
});
if (compiled.status !== 0) {
  rmSync(out, { recursive: true, force: true });
  process.exit(compiled.status ?? 1);
}
copyFileSync(path.join(ROOT, "bot", "io", "chart-worker.mjs"), path.join(out, "bot", "io", "chart-worker.mjs"));
writeFileSync(path.join(out, ".built"), `${new Date().toISOString()}\n`);
