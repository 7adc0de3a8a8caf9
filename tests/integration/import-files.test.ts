// Files as people hand them over: saved by Excel in a ky/ru locale (Windows-1251, ";" and
// decimal commas), as "Unicode text" (UTF-16, tabs), or the wrong file altogether (a
// picture, a workbook, a folder, a huge dump). Each is read right or refused in one line.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import iconv from "iconv-lite";
import { afterAll, describe, expect, it } from "vitest";
import { cli, tempDatabaseUrl, withPrisma } from "../helpers.ts";

const db = tempDatabaseUrl();
afterAll(() => db.cleanup());

const HEADER = "year,term,stage,form,unit,enrolled,admitted,passed_all,absolute_reported";
const ROWS = ["2019-2020,spring,main,full-time,МТФ,873,819,263,32.1", "2019-2020,spring,main,full-time,ЭТИ,351,326,148,45.4"];

function file(name: string, content: string | Uint8Array): string {
  const f = path.join(db.dir, name);
  writeFileSync(f, content);
  return f;
}

const importSession = (f: string, ...flags: string[]) => cli(db.url, ...flags, "import", "session", f, "--create-units");

async function storedUnits(): Promise<string[]> {
  return withPrisma(db.url, async (p) => (await p.unit.findMany({ orderBy: { code: "asc" } })).map((u) => u.code));
}

describe("text files in the encodings and layouts Excel writes", () => {
  it("reads Windows-1251 (Excel's CSV in ky/ru) as Cyrillic, not as “���”", async () => {
    const r = await importSession(
      file("cp1251.csv", iconv.encode(`${[HEADER, ...ROWS].join("\r\n")}\r\n`, "win1251")),
      "--lang",
      "en",
    );
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain("read as Windows-1251");
    expect(await storedUnits()).toEqual(["МТФ", "ЭТИ"]);
  });

  it("reads semicolon-separated rows with decimal commas, and tab-separated UTF-16 with a BOM", async () => {
    const semicolon = [HEADER, ...ROWS].map((l) => l.replaceAll(",", ";").replace(/(\d+)\.(\d)$/, "$1,$2"));
    semicolon[1] = semicolon[1]?.replace("МТФ", "ЭФ").replace("32,1", "32,1%") ?? "";
    const r = await importSession(file("semicolon.csv", `${semicolon.join("\n")}\n`), "--lang", "en");
    expect(r.code, r.err).toBe(0);
    const tabs = [HEADER, ...ROWS].map((l) => l.replaceAll(",", "\t").replace("МТФ", "ТФ").replace("ЭТИ", "КГТИ"));
    const utf16 = iconv.encode(`${tabs.join("\r\n")}\r\n`, "utf-16le", { addBOM: true });
    const u = await importSession(file("unicode.txt", utf16), "--lang", "en");
    expect(u.code, u.err).toBe(0);
    await withPrisma(db.url, async (p) => {
      const ef = await p.sessionResult.findFirstOrThrow({ where: { unit: { code: "ЭФ" } } });
      expect(ef).toMatchObject({ enrolled: 873, passedAll: 263, absoluteReported: 32.1 });
      const kgti = await p.sessionResult.findFirstOrThrow({ where: { unit: { code: "КГТИ" } } });
      expect(kgti).toMatchObject({ enrolled: 351, absoluteReported: 45.4 });
    });
  });

  it("refuses text that is neither UTF-8 nor Cyrillic Windows-1251", async () => {
    const latin1 = iconv.encode(`${HEADER}\n2019-2020,spring,main,full-time,Université,873,819,263,32.1\n`, "latin1");
    const r = await importSession(file("latin1.csv", latin1), "--lang", "en");
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/neither UTF-8 nor Windows-1251/);
  });
});

describe("files that are neither CSV nor XLSX", () => {
  const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 1, 2, 3]);
  const ZIP = Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 20, 0, 6, 0, 8, 0, 0, 0, 0x21, 0, 0xff, 0xfe]);

  it.each([
    ["en", "this is not a CSV or XLSX file"],
    ["ru", "это не файл CSV или XLSX"],
    ["ky", "бул CSV же XLSX файл эмес"],
  ])("says a PNG renamed .csv is not a spreadsheet, in one line (%s)", async (lang, words) => {
    const r = await importSession(file("picture.csv", PNG), "--lang", lang);
    expect(r.code).toBe(1);
    const lines = r.err.split("\n");
    expect(lines).toHaveLength(2); // "not accepted" and the reason: no binary dump
    expect(lines[1]).toContain(words);
    expect(lines[1]).not.toMatch(/line \d|\uFFFD|IHDR/);
  });

  it("refuses a broken ZIP, a PDF and other binary data in one line each", async () => {
    for (const [name, bytes] of [
      ["book.xlsx", ZIP],
      ["report.csv", Buffer.from("%PDF-1.7\n%\u00e2\u00e3\n1 0 obj\n", "latin1")],
      ["junk.csv", Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)],
    ] as const) {
      const r = await importSession(file(name, bytes), "--lang", "en");
      expect(r.code, name).toBe(1);
      expect(r.err.split("\n"), name).toEqual([
        `${name} was not accepted; nothing was written:`,
        expect.stringMatching(/not a CSV or XLSX file/),
      ]);
    }
  });

  it("refuses a folder in one line", async () => {
    const dir = path.join(db.dir, "a-folder.csv");
    mkdirSync(dir);
    const r = await importSession(dir, "--lang", "en");
    expect(r.code).toBe(1);
    expect(r.err.split("\n")).toEqual(["a-folder.csv was not accepted; nothing was written:", expect.stringMatching(/folder/)]);
  });

  it("refuses a 60 MB file by its size at once, naming the limit", async () => {
    const big = file("dump.csv", Buffer.alloc(60 * 1024 * 1024, "x,"));
    const start = performance.now();
    const r = await importSession(big, "--lang", "en");
    expect(performance.now() - start).toBeLessThan(1000);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/the file is 60 MB; at most 20 MB/);
    expect(r.err.split("\n")).toHaveLength(2);
  });

  it("stops after 50 errors in a large invalid file, quickly", async () => {
    const bad = Array.from({ length: 100_000 }, (_, i) => `2019-2020,spring,main,full-time,U${i},x,y,z,200`);
    const start = performance.now();
    const r = await importSession(file("bad.csv", `${[HEADER, ...bad].join("\n")}\n`), "--lang", "en");
    expect(performance.now() - start).toBeLessThan(5000);
    expect(r.code).toBe(1);
    const lines = r.err.split("\n");
    expect(lines).toHaveLength(1 + 50 + 1);
    expect(lines.at(-1)).toMatch(/stopped after 50 errors/);
    expect(await storedUnits()).not.toContain("U0");
  });
});
