// Pictures the bot has already uploaded, by what they show: Telegram keeps an uploaded file
// and re-sends it by its file id, so the same chart is drawn and uploaded once. Concurrent
// requests for a picture not yet drawn share one drawing.
import { LRUCache } from "lru-cache";

export class SentFiles {
  private readonly ids: LRUCache<string, string>;
  private readonly drawing = new Map<string, Promise<Buffer>>();

  constructor(max = 1000) {
    this.ids = new LRUCache({ max });
  }

  fileId(key: string): string | undefined {
    return this.ids.get(key);
  }

  remember(key: string, fileId: string): void {
    this.ids.set(key, fileId);
  }

  /** A file id Telegram no longer accepts. */
  forget(key: string): void {
    this.ids.delete(key);
  }

  /** Draws the picture once however many ask for it at the same moment. */
  draw(key: string, render: () => Promise<Buffer>): Promise<Buffer> {
    const pending = this.drawing.get(key);
    if (pending) return pending;
    const started = render().finally(() => this.drawing.delete(key));
    this.drawing.set(key, started);
    return started;
  }
}
