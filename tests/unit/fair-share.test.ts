import { describe, expect, it } from "vitest";
import type { SapatContext } from "../../bot/context.ts";
import { fairShare } from "../../bot/middleware/fair-share.ts";

describe("fairShare", () => {
  it("handles at most n updates at once, the others in arrival order", async () => {
    const mw = fairShare(2);
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const handle = (i: number) =>
      mw({} as SapatContext, async () => {
        started.push(i);
        running++;
        most = Math.max(most, running);
        await new Promise((r) => setTimeout(r, 5));
        running--;
      });
    await Promise.all([0, 1, 2, 3, 4, 5].map(handle));
    expect(most).toBe(2);
    expect(started).toEqual([0, 1, 2, 3, 4, 5]);
  });
});
