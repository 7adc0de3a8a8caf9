import { describe, expect, it } from "vitest";
import { SentFiles } from "../../bot/io/sent-files.ts";

describe("SentFiles", () => {
  it("draws a picture once for everyone asking at the same moment, and again after it settled", async () => {
    const files = new SentFiles();
    let drawn = 0;
    const render = async () => {
      drawn++;
      await new Promise((r) => setTimeout(r, 5));
      return Buffer.from("png");
    };
    const all = await Promise.all(Array.from({ length: 10 }, () => files.draw("k", render)));
    expect(drawn).toBe(1);
    expect(all.every((b) => b.toString() === "png")).toBe(true);
    await files.draw("k", render);
    expect(drawn).toBe(2);
  });

  it("remembers file ids up to its size, least recently used out first, and forgets a refused one", () => {
    const files = new SentFiles(2);
    files.remember("a", "A");
    files.remember("b", "B");
    expect(files.fileId("a")).toBe("A");
    files.remember("c", "C");
    expect([files.fileId("a"), files.fileId("b"), files.fileId("c")]).toEqual(["A", undefined, "C"]);
    files.forget("a");
    expect(files.fileId("a")).toBeUndefined();
  });
});
