// Telegram's limits for one bot, as a sliding window: at most `perSecond` sends in any
// second, one message a second to a private chat, 20 a minute to a group, and nothing at
// all while a 429's retry_after runs. Sliding (not fixed) windows: a fixed one lets two
// full windows meet at their edge, doubling the rate for a moment. Sends are also spaced
// evenly: a burst of a second's worth at once arrives with uneven delays (sockets, the
// event loop), and the receiving side can then count more in one of its seconds.

export interface RateLimits {
  /** sends in any window of `windowMs` (default 25) */
  perSecond: number;
  /** kept between windows on top of Telegram's second, for clock and network jitter, ms */
  marginMs: number;
}

export const DEFAULT_RATE: RateLimits = { perSecond: 25, marginMs: 10 };

const SECOND = 1_000;
const GROUP_WINDOW = 60_000;
const GROUP_LIMIT = 20;

/** Group and channel chats have negative ids in the Bot API. */
const isGroup = (chatId: string) => chatId.startsWith("-");

/**
 * One send as the window knows it: when it left, and when its answer came back (NaN while
 * in flight). The window counts a send from its answer: the receiving side got it before
 * it answered, so sends spaced a window apart from answer to start arrive a window apart,
 * however unevenly the network, the event loop or the other side delays them.
 */
export interface SendSlot {
  start: number;
  end: number;
}

/** How long to look again while the send a new one must follow is still in flight. */
const IN_FLIGHT_POLL_MS = 5;

/** A ring of the last `size` sends: the oldest is the one a new send must be a window after. */
class Ring {
  private readonly slots: (SendSlot | undefined)[];
  private next = 0;
  constructor(readonly size: number) {
    this.slots = new Array<SendSlot | undefined>(size).fill(undefined);
  }
  /** Until when the oldest send holds its place, from `now`: 0 when none does. */
  waitFor(now: number, window: number): number {
    const oldest = this.slots[this.next];
    if (!oldest) return 0;
    if (Number.isNaN(oldest.end)) return IN_FLIGHT_POLL_MS;
    return oldest.end + window - now;
  }
  /** Whether every send in it ended over a window before `now`. */
  over(now: number, window: number): boolean {
    return this.slots.every((s) => !s || (!Number.isNaN(s.end) && s.end + window <= now));
  }
  push(slot: SendSlot): void {
    this.slots[this.next] = slot;
    this.next = (this.next + 1) % this.size;
  }
}

export class SendWindow {
  private readonly global: Ring;
  private readonly chats = new Map<string, Ring>();
  private pausedUntil = 0;
  private last = Number.NEGATIVE_INFINITY;

  constructor(private readonly limits: RateLimits = DEFAULT_RATE) {
    this.global = new Ring(Math.max(1, Math.floor(limits.perSecond)));
  }

  /** Everything waits until then (a 429's retry_after plus the margin). */
  pause(until: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, until);
  }

  /** How long a send to this chat must wait from `now`; 0 = it may go. */
  waitMs(now: number, chatId: string): number {
    const window = SECOND + this.limits.marginMs;
    const chat = this.chats.get(chatId);
    const chatWindow = isGroup(chatId) ? GROUP_WINDOW + this.limits.marginMs : window;
    return Math.max(
      0,
      this.pausedUntil - now,
      this.last + window / this.limits.perSecond - now,
      this.global.waitFor(now, window),
      chat ? chat.waitFor(now, chatWindow) : 0,
    );
  }

  /**
   * Takes the slot: call when `waitMs` said 0, before the request goes out; set the slot's
   * `end` when its answer (or error) comes back.
   */
  record(now: number, chatId: string): SendSlot {
    // the cadence keeps to its schedule when a timer fires a little late (the hard window
    // counts real times), and restarts after a pause
    const spacing = (SECOND + this.limits.marginMs) / this.limits.perSecond;
    this.last = Math.max(this.last + spacing, now - spacing / 2);
    const slot: SendSlot = { start: now, end: Number.NaN };
    this.global.push(slot);
    let chat = this.chats.get(chatId);
    if (!chat) {
      chat = new Ring(isGroup(chatId) ? GROUP_LIMIT : 1);
      this.chats.set(chatId, chat);
    }
    chat.push(slot);
    return slot;
  }

  /** Forgets chats whose window has passed, so memory stays flat over long runs. */
  prune(now: number): void {
    for (const [id, ring] of this.chats)
      if (ring.over(now, (isGroup(id) ? GROUP_WINDOW : SECOND) + this.limits.marginMs)) this.chats.delete(id);
  }
}
