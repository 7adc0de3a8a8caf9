import { describe, expect, it } from "vitest";
import type { SapatContext } from "../../bot/context.ts";
import { perChat } from "../../bot/middleware/per-chat.ts";

const ctxOf = (chat: number) => ({ chat: { id: chat } }) as unknown as SapatContext;
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("perChat", () => {
  it("handles one chat's updates one after another, in arrival order, and other chats meanwhile", async () => {
    const mw = perChat();
    const log: string[] = [];
    const handle = (chat: number, name: string, ms: number) =>
      mw(ctxOf(chat), async () => {
        log.push(`${name} start`);
        await pause(ms);
        log.push(`${name} end`);
      });
    await Promise.all([handle(1, "a1", 20), handle(1, "a2", 1), handle(2, "b1", 1)]);
    // a2 waits for a1 although it is quicker; b1 (another chat) does not
    expect(log.indexOf("a2 start")).toBeGreaterThan(log.indexOf("a1 end"));
    expect(log.indexOf("b1 end")).toBeLessThan(log.indexOf("a1 end"));
  });

  it("a failed update does not stop the chat's next one, and its error reaches the caller", async () => {
    const mw = perChat();
    const failed = mw(ctxOf(3), async () => {
      throw new Error("boom");
    });
    let ran = false;
    const next = mw(ctxOf(3), async () => {
      ran = true;
    });
    await expect(failed).rejects.toThrow("boom");
    await next;
    expect(ran).toBe(true);
  });
});
