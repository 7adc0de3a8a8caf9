import { describe, expect, it } from "vitest";
import { closestMatch, editDistance } from "../../core/index.ts";

const CODES = ["МТФ", "ЭТИ", "ТФ", "КГТИ", "ИИТ", "МЖМ", "Кара-Көл"];

describe("the stored code a mistyped one means", () => {
  it("counts edits", () => {
    expect(editDistance("МТФФ", "МТФ")).toBe(1);
    expect(editDistance("кара-куль", "кара-көл")).toBe(2);
    expect(editDistance("", "abc")).toBe(3);
  });
  it("finds a code in another case, or one letter off", () => {
    expect(closestMatch("мтф", CODES)).toBe("МТФ");
    expect(closestMatch("МТФФ", CODES)).toBe("МТФ");
    expect(closestMatch("КГТ", CODES)).toBe("КГТИ");
    expect(closestMatch("Кара-Куль", CODES)).toBe("Кара-Көл");
  });
  it("suggests nothing when nothing is close, or two codes are equally close", () => {
    expect(closestMatch("XYZ", CODES)).toBeNull();
    expect(closestMatch("ЭФ", CODES)).toBeNull(); // a two-letter code one letter off is another code
    expect(closestMatch("тф", CODES)).toBe("ТФ");
    expect(closestMatch("МЖТ", ["МЖМ", "МЖК"])).toBeNull();
  });
});
