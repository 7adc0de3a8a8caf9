// Waits for the send window (core/delivery/rate.ts) in real time: the rate is Telegram's,
// measured on the process's clock, not the injectable domain clock.
import { type RateLimits, SendWindow } from "../../core/index.ts";

/** Runs a call inside a taken slot, ending the slot when the call ends, however it ends. */
export async function within<T>(done: () => void, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } finally {
    done();
  }
}

export class SendGate {
  private readonly window: SendWindow;
  private sends = 0;

  constructor(
    limits: RateLimits,
    private readonly clock: () => number = Date.now,
  ) {
    this.window = new SendWindow(limits);
  }

  /**
   * Resolves when a send to this chat may go, having taken its slot, with the function to
   * call once its answer (or error) is back; null if stopped while waiting.
   */
  async acquire(chatId: string, stopped: () => boolean = () => false): Promise<(() => void) | null> {
    for (;;) {
      if (stopped()) return null;
      const now = this.clock();
      const wait = this.window.waitMs(now, chatId);
      if (wait === 0) {
        const slot = this.window.record(now, chatId);
        // forget old chats now and then, so a run of 20 000 sends holds only the last second's
        if (++this.sends % 500 === 0) this.window.prune(now);
        return () => {
          slot.end = this.clock();
        };
      }
      await new Promise((resolve) => setTimeout(resolve, Math.min(wait, 250)));
    }
  }

  /** A 429: nothing goes until `ms` from now. */
  pauseFor(ms: number): void {
    this.window.pause(this.clock() + ms);
  }
}
