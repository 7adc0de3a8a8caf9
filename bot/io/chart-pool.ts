// Charts are drawn in a child process: drawing one takes 20–50 ms of CPU, and a hundred
// deans asking at once would otherwise hold every other answer's text behind the drawing.
// A process, not a worker thread: canvas (cairo) crashes the whole process with a
// segmentation fault when a worker thread that used it ends.
import { availableParallelism } from "node:os";
import { Tinypool } from "tinypool";
import type { BarChartInput } from "./charts.ts";
import type { StackedBarInput } from "./stacked-chart.ts";

let pool: Tinypool | undefined;

function getPool(): Tinypool {
  pool ??= new Tinypool({
    filename: new URL("./chart-worker.mjs", import.meta.url).href,
    runtime: "child_process",
    // structured clone keeps Buffers (the default JSON would not)
    serialization: "advanced",
    // leave a core to the bot itself; at least one process
    maxThreads: Math.max(1, availableParallelism() - 1),
    minThreads: 0,
    // an idle process (a renderer and its fonts, ~80 MB) is let go after a minute
    idleTimeout: 60_000,
  });
  return pool;
}

export async function renderChart(kind: "debtors" | "absolute" | "unitsStacked", input: BarChartInput): Promise<Buffer>;
export async function renderChart(kind: "stacked", input: StackedBarInput): Promise<Buffer>;
export async function renderChart(
  kind: "debtors" | "absolute" | "stacked" | "unitsStacked",
  input: BarChartInput | StackedBarInput,
): Promise<Buffer> {
  const png: Uint8Array = await getPool().run({ kind, input });
  return Buffer.isBuffer(png) ? png : Buffer.from(png.buffer, png.byteOffset, png.byteLength);
}

/** Ends the drawing processes (at shutdown, so nothing keeps the process waiting). */
export async function closeChartPool(): Promise<void> {
  const p = pool;
  pool = undefined;
  await p?.destroy();
}
