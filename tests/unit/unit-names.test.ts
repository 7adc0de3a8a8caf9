// Unit names as a units file brings them: cleaned, bounded, and never reading as another unit's.
import { describe, expect, it } from "vitest";
import { cleanName, NAME_MAX, nameClashes, nameKey, parentCycles } from "../../core/index.ts";

describe("a stored name is clean", () => {
  it("NFC, trimmed, inner spaces collapsed", () => {
    // "й" typed as и + a combining breve composes to one letter
    expect(cleanName("  Кызыл-Кии\u0306ский   филиал\u00a0КГТУ ")).toEqual({ ok: true, value: "Кызыл-Кийский филиал КГТУ" });
  });

  it.each([
    ["zero-width space", "МТ\u200bФ", "U+200B"],
    ["bidi override", "\u202eФТМ", "U+202E"],
    ["bidi isolate", "МТФ\u2066", "U+2066"],
    ["terminal escape", "\u001b[31mМТФ", "U+001B"],
    ["newline", "МТФ\nЭТИ", "U+000A"],
    ["byte-order mark", "\ufeffМТФ", "U+FEFF"],
    ["Hangul filler", "МТФ\u3164", "U+3164"],
  ])("refuses a %s", (_, raw, char) => {
    expect(cleanName(raw)).toEqual({ ok: false, problem: { code: "nameInvisible", params: { char } } });
  });

  it(`is at most ${NAME_MAX} characters, and says so`, () => {
    expect(cleanName("ы".repeat(NAME_MAX)).ok).toBe(true);
    expect(cleanName("ы".repeat(NAME_MAX + 1))).toEqual({
      ok: false,
      problem: { code: "nameTooLong", params: { max: NAME_MAX, length: NAME_MAX + 1 } },
    });
  });
});

describe("names that fold to another unit's", () => {
  it("fold case, Latin look-alikes, ё/е and Kyrgyz letters", () => {
    expect(nameKey("МТФ")).toBe(nameKey("mtf"));
    expect(nameKey("МТФ")).toBe(nameKey("MТФ")); // Latin M
    expect(nameKey("Кара-Көл")).toBe(nameKey("кара кол"));
    expect(nameKey("Кызыл-Кия")).not.toBe(nameKey("Кызыл-Кыя"));
    expect(nameKey("Щёлково")).toBe(nameKey("щелково"));
  });

  it("are found with the line and column they came from; a unit may repeat its own", () => {
    const units = [
      { code: "МТФ", names: [{ value: "Машина факультети" }] },
      { code: "Токмок ш. филиал", names: [{ value: "Токмок", where: { line: 3, column: "aliases" } }] },
      {
        code: "ЭФ",
        names: [
          { value: "ЭФ", where: { line: 4, column: "code" } },
          { value: "MTF", where: { line: 4, column: "aliases" } },
          { value: "tokmok", where: { line: 4, column: "name_en" } },
          { value: "ЭФ", where: { line: 4, column: "aliases" } },
        ],
      },
    ];
    expect(nameClashes(units)).toEqual([
      { where: { line: 3, column: "aliases" }, value: "Токмок", unit: "ЭФ", other: "tokmok" },
      { where: { line: 4, column: "aliases" }, value: "MTF", unit: "МТФ", other: "МТФ" },
      { where: { line: 4, column: "name_en" }, value: "tokmok", unit: "Токмок ш. филиал", other: "Токмок" },
    ]);
  });
});

describe("a unit tree has a top", () => {
  it("finds units whose parents lead back to them", () => {
    const parents = new Map<string, string | null>([
      ["А", "Б"],
      ["Б", "А"],
      ["В", "В"],
      ["Г", "А"],
      ["Д", null],
    ]);
    expect([...parentCycles(parents)].sort()).toEqual(["А", "Б", "В"]);
  });
});
