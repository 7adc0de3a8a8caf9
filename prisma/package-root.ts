// Where the installed package is: locales/, prisma/migrations and data/ are read from there.
// This module runs from <root>/prisma/ (tsx) or from <root>/dist/prisma/ (the build), so the
// root is looked for rather than counted: the nearest directory above holding package.json.
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The nearest directory at or above `from` holding a package.json. */
export function findPackageRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, "package.json"))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`No package.json at or above ${from}`);
  }
}

/** The package root: the repository in development, the installed package in production. */
export const REPO_ROOT = findPackageRoot(path.dirname(fileURLToPath(import.meta.url)));
