// The local console: the real bot through the local Bot API server, driven line by line.
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { PassThrough, Writable } from "node:stream";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildDemo } from "../../bot/app/demo/build-demo.ts";
import { UserError } from "../../bot/cli/context.ts";
import { type ConsoleOptions, consoleTelegramId, runConsole } from "../../bot/console/index.ts";
import { translator } from "../../bot/present/i18n.ts";
import { openDatabase } from "../../prisma/client.ts";
import { tempDir } from "../helpers.ts";
import { testDatabaseUrl } from "../support/database.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

let tmp: ReturnType<typeof tempDir>;
let url: string;

beforeAll(async () => {
  tmp = tempDir("sapat-console-");
  url = testDatabaseUrl(tmp.dir, "demo");
  const { db } = await buildDemo(url);
  await db.$disconnect();
});
afterAll(() => tmp.cleanup());

/** Runs the console over `lines` (a pipe: no banner, no prompt) and returns what it printed. */
async function converse(
  lines: string,
  opts: Partial<ConsoleOptions> & { photoDir: string },
): Promise<{ code: number; out: string; ms: number }> {
  const input = new PassThrough();
  input.end(lines);
  const chunks: string[] = [];
  const output = new Writable({
    write(chunk: Buffer | string, _enc, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  const started = Date.now();
  const code = await runConsole({
    databaseUrl: url,
    as: "dean:МТФ",
    input,
    output,
    logger: pino({ level: "silent" }),
    ...opts,
  });
  return { code, out: chunks.join(""), ms: Date.now() - started };
}

describe("sapat console", () => {
  it("answers /debtors, presses a numbered button (an edit) and saves the chart as a PNG", async () => {
    const photoDir = path.join(tmp.dir, "photos");
    const { code, out } = await converse("/debtors\n1\n", { photoDir });
    expect(code).toBe(0);

    const [debtors, pressed] = out.split("› 1\n");
    // the after-retakes answer: HTML gone, figures in Kyrgyz number format
    expect(debtors).toContain("› /debtors");
    expect(debtors).toContain("МТФ — карызкорлор");
    expect(debtors).toContain("525");
    expect(debtors).toContain("60,1%");
    expect(debtors).toContain("610");
    expect(debtors).not.toMatch(/<\/?[bi]>/);
    expect(debtors).toContain("[1] негизги сессия  [2] ✓ кайра тапшыруудан кийин");
    expect(debtors).toMatch(/\[6\] 📊 Диаграмма/);

    // the chart: a real PNG, its path printed
    const files = readdirSync(photoDir);
    expect(files).toHaveLength(1);
    const png = path.join(photoDir, files[0] ?? "");
    expect(readFileSync(png).subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    const printed = /🖼 Сүрөт сакталды: (.+\.png)\n/.exec(debtors ?? "")?.[1];
    expect(printed && path.resolve(printed)).toBe(png);

    // button 1 edits the message in place to the main stage's figures
    expect(pressed).toContain("→ [негизги сессия]");
    const editedMark = (await translator("ky"))("console.edited");
    expect(editedMark).toBe("(өзгөртүлдү)");
    const edited = pressed?.split(`${editedMark}\n`)[1] ?? "";
    expect(edited).toContain("негизги сессия");
    expect(edited).toMatch(/Күндүзгү: 610 карызкор \(69,9%\)/);
    expect(edited).toContain("[1] ✓ негизги сессия  [2] кайра тапшыруудан кийин");
    // lines are handled one after another, so the edit comes after the whole first answer
    expect(out.indexOf(editedMark)).toBeGreaterThan(out.indexOf("🖼"));
  });

  it("reuses one user per role and unit, speaks --lang, and presses the menu with mN", async () => {
    const photoDir = path.join(tmp.dir, "photos-menu");
    const { out } = await converse("/start\nm1\n9\n", { photoDir, language: "ru" });
    expect(out).toContain("Меню:");
    expect(out).toContain("[m1] 📉 Должники");
    expect(out).toContain("→ [📉 Должники]");
    expect(out).toContain("должников 525 (60,1%)");
    expect(out).toContain("Кнопки 9 нет.");

    const db = await openDatabase(url);
    try {
      const users = await db.user.findMany({ where: { telegramId: String(consoleTelegramId({ role: "dean", unit: "МТФ" })) } });
      expect(users).toHaveLength(1);
      expect(users[0]?.role).toBe("dean");
    } finally {
      await db.$disconnect();
    }
  });

  it("sends a file with /file PATH: an admin's programmes file is previewed and written with button 1", async () => {
    const photoDir = path.join(tmp.dir, "photos-file");
    const file = path.join(tmp.dir, "new programmes.csv");
    writeFileSync(file, "code,name,level,unit\n590999,New programme,master,МТФ\n");
    const missing = path.join(tmp.dir, "none.csv");
    const { code, out } = await converse(`/file ${file}\n1\n/file ${missing}\n`, { photoDir, as: "admin", language: "en" });
    expect(code).toBe(0);
    expect(out).toContain("new programmes.csv (programmes): 1 rows — 1 new, 0 changed, 0 already stored.");
    expect(out).toContain("Written: 1 new, 0 changed, 0 already stored.");
    expect(out).toContain(`No such file: ${missing}`);
  });

  it("refuses an unknown unit or a malformed --as with a localized error", async () => {
    const photoDir = path.join(tmp.dir, "photos-none");
    await expect(converse("/debtors\n", { photoDir, as: "dean:НЕТ" })).rejects.toThrow(UserError);
    await expect(converse("/debtors\n", { photoDir, as: "dean:НЕТ", language: "en" })).rejects.toThrow(
      /Unit “НЕТ” is not in the database\. Units: МТФ, /,
    );
    await expect(converse("/debtors\n", { photoDir, as: "dean" })).rejects.toThrow(/dean үчүн бөлүм керек/);
    await expect(converse("/debtors\n", { photoDir, as: "rector" })).rejects.toThrow(
      /admin, leader, dean, head, teacher, student/,
    );
    expect(existsSync(photoDir)).toBe(false);
  });

  // The bin gets the command once bot/cli/main.ts calls registerConsole(program, run).
  const wired = /registerConsole\(program, run\)/.test(readFileSync(path.join(ROOT, "bot/cli/main.ts"), "utf8"));
  it.skipIf(!wired)("runs as `sapat console` from a pipe and exits at the end of input", async () => {
    const photoDir = path.join(tmp.dir, "photos-bin");
    const child = spawn(
      process.execPath,
      ["scripts/sapat.mjs", "--db", url, "console", "--as", "dean:МТФ", "--photos", photoDir],
      { cwd: ROOT, env: { ...process.env, SAPAT_LANG: "ky", LOG_LEVEL: "info" }, stdio: ["pipe", "pipe", "pipe"] },
    );
    let stdout = "";
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.resume();
    child.stdin.end("/debtors\n");
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(code).toBe(0);
    expect(stdout).toContain("525");
    expect(stdout).toContain("60,1%");
    expect(stdout).toContain("[1] негизги сессия");
    // logs go to stderr, never between the answers
    expect(stdout).not.toContain('"level"');
    expect(readdirSync(photoDir).filter((f) => f.endsWith(".png"))).toHaveLength(1);
  });
});
