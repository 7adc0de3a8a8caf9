// Waits for the send window (core/delivery/rate.ts) in real time: the rate is Telegram's,
// measured on the process's clock, not the injectable domain clock.
import { type RateLimits, SendWindow } from "../../core/index.ts";

export class SendGate {
  private readonly window: SendWindow;
  private sends = 0;

  constructor(
    limits: RateLimits,
    private readonly clock: () => number = Date.now,
  ) {
    this.window = new SendWindow(limits);
  }

  /** Resolves when a send to this chat may go, having taken its slot; false if stopped while waiting. */
  async acquire(chatId: string, stopped: () => boolean = () => false): Promise<boolean> {
    for (;;) {
      if (stopped()) return false;
      const now = this.clock();
      const wait = this.window.waitMs(now, chatId);
      if (wait === 0) {
        this.window.record(now, chatId);
        // forget old chats now and then, so a run of 20 000 sends holds only the last second's
        if (++this.sends % 500 === 0) this.window.prune(now);
        return true;
      }
      await new Promise((resolve) => setTimeout(resolve, Math.min(wait, 250)));
    }
  }

  /** A 429: nothing goes until `ms` from now. */
  pauseFor(ms: number): void {
    this.window.pause(this.clock() + ms);
  }
}
