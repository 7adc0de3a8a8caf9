// Every API call in order, and the ways tests look at them: marks, waitFor, listeners.
import { describeCall } from "./describe.ts";
import type { ApiCall } from "./types.ts";

interface Waiter {
  methods: ReadonlySet<string>;
  predicate: (call: ApiCall) => boolean;
  resolve: (call: ApiCall) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

export class CallRecorder {
  /** Every API call, in order. */
  readonly calls: ApiCall[] = [];

  private readonly listeners = new Set<(call: ApiCall) => void>();
  private readonly waiters = new Set<Waiter>();
  private markIndex = 0;

  constructor(
    private readonly log: (line: string) => void,
    private readonly waitTimeoutMs: number,
    /** Extra lines for a waitFor timeout: what the server knows about polling. */
    private readonly diagnose: () => string[],
  ) {}

  mark(): void {
    this.markIndex = this.calls.length;
  }

  sinceMark(method?: string | readonly string[]): ApiCall[] {
    const methods = method === undefined ? undefined : new Set(typeof method === "string" ? [method] : method);
    return this.calls.slice(this.markIndex).filter((c) => !methods || methods.has(c.method));
  }

  waitFor(
    method: string | readonly string[],
    predicate: (call: ApiCall) => boolean = () => true,
    timeoutMs = this.waitTimeoutMs,
  ): Promise<ApiCall> {
    const methods = new Set(typeof method === "string" ? [method] : method);
    const done = this.calls.slice(this.markIndex).find((c) => methods.has(c.method) && predicate(c));
    if (done) return Promise.resolve(done);
    return new Promise<ApiCall>((resolve, reject) => {
      const waiter: Waiter = {
        methods,
        predicate,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiters.delete(waiter);
          reject(new Error(this.timeoutReport([...methods], timeoutMs)));
        }, timeoutMs),
      };
      this.waiters.add(waiter);
    });
  }

  /** Subscribes to every recorded call; returns the unsubscribe function. */
  subscribe(listener: (call: ApiCall) => void): () => void {
    this.listeners.add(listener);
    return () => this.unsubscribe(listener);
  }

  unsubscribe(listener: (call: ApiCall) => void): void {
    this.listeners.delete(listener);
  }

  /** Rejects every pending waitFor (the server is stopping). */
  rejectWaiters(message: string): void {
    for (const waiter of this.waiters) {
      clearTimeout(waiter.timer);
      waiter.reject(new Error(message));
    }
    this.waiters.clear();
  }

  record(call: ApiCall): void {
    this.calls.push(call);
    if (call.method !== "getUpdates" || call.error) this.log(`[local-api] ${describeCall(call)}`);
    for (const listener of this.listeners) {
      try {
        listener(call);
      } catch (err) {
        this.log(`[local-api] call listener threw: ${String(err)}`);
      }
    }
    for (const waiter of this.waiters) {
      if (!waiter.methods.has(call.method)) continue;
      let matches = false;
      try {
        matches = waiter.predicate(call);
      } catch (err) {
        this.waiters.delete(waiter);
        clearTimeout(waiter.timer);
        waiter.reject(err instanceof Error ? err : new Error(String(err)));
        continue;
      }
      if (matches) {
        this.waiters.delete(waiter);
        clearTimeout(waiter.timer);
        waiter.resolve(call);
      }
    }
  }

  private timeoutReport(methods: string[], timeoutMs: number): string {
    const recent = this.calls
      .slice(this.markIndex)
      .filter((c) => c.method !== "getUpdates")
      .slice(-15)
      .map((c) => `  ${describeCall(c)}`);
    return [
      `waitFor(${methods.join("|")}) timed out after ${timeoutMs} ms.`,
      recent.length > 0 ? `Calls since mark (newest last):\n${recent.join("\n")}` : "No calls since mark.",
      ...this.diagnose(),
    ].join("\n");
  }
}
