// Files through `sapat` in-process, as a user would run it: every importer, any of the three
// languages, with or without --yes. A crash is an exception escaping runCli or a stack trace
// in what it printed; the exit code says whether the file was refused.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { runCli } from "../../bot/cli/main.ts";
import { LEAK } from "./bot-run.ts";
import { brokenCsv, brokenXlsx, IMPORTERS, type Importer, mutateCells } from "./files.ts";
import { pick, type Random, type ValueKind } from "./values.ts";

export interface FileInput {
  importer: Importer;
  bytes: Buffer;
  ext: ".csv" | ".xlsx";
  yes: boolean;
  what: string;
}

export async function fileInput(r: Random, shape: "csv" | "xlsx" | ValueKind): Promise<FileInput> {
  const importer = pick(r, IMPORTERS);
  const made =
    shape === "csv"
      ? brokenCsv(r, importer.base)
      : shape === "xlsx"
        ? await brokenXlsx(r, importer.base)
        : { bytes: Buffer.from(mutateCells(r, importer.base, shape)), what: `${shape} in a cell` };
  const yes = importer.yes && r() < 0.5;
  return {
    importer,
    bytes: made.bytes,
    ext: shape === "xlsx" ? ".xlsx" : ".csv",
    yes,
    what: `sapat ${importer.argv("FILE", 0).join(" ")}${yes ? " --yes" : ""}: ${made.what}`,
  };
}

export interface CliVerdict {
  code: number;
  crash?: string;
}

export async function runFile(
  dir: string,
  databaseUrl: string,
  surveyId: number,
  input: FileInput,
  i: number,
): Promise<CliVerdict> {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `fuzz-${i}${input.ext}`);
  writeFileSync(file, input.bytes);
  const lang = ["ky", "ru", "en"][i % 3] as string;
  const argv = ["--db", databaseUrl, "--lang", lang, ...input.importer.argv(file, surveyId), "--institution", "KSTU"];
  if (input.yes) argv.push("--yes");
  if (input.importer.name === "session" && i % 2) argv.push("--create-units");
  const out: string[] = [];
  try {
    const code = await runCli(argv, { out: (s) => out.push(s), err: (s) => out.push(s) }, {});
    const text = out.join("\n");
    return LEAK.test(text) ? { code, crash: `printed a stack trace: ${text.slice(0, 300)}` } : { code };
  } catch (e) {
    return { code: -1, crash: `threw ${String(e).slice(0, 300)}` };
  } finally {
    rmSync(file, { force: true });
  }
}
