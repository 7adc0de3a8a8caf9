// A survey's printable poster: an A4 page (1240×1754, 150 dpi) with the survey's title, the
// unit it hangs in, the QR code of the public link (no personal token), the link itself
// under the code for those who type it, and the close date. Words arrive already worded.
import { createRequire } from "node:module";
import { type CanvasRenderingContext2D, createCanvas, registerFont } from "canvas";
import QRCode from "qrcode";

export const POSTER_WIDTH = 1240;
export const POSTER_HEIGHT = 1754;
const FONT = "SapatPoster";
const MARGIN = 90;

export interface PosterText {
  title: string;
  /** the unit's name, when the poster is for one unit */
  unit?: string | null;
  /** "Open until 15.09.2026" */
  closes: string;
  /** the link the code carries, also printed under it */
  url: string;
  /** a line under the code, e.g. "Scan with your phone's camera" */
  hint?: string | null;
}

let fontsReady = false;

// DejaVu Sans covers Cyrillic incl. Kyrgyz ү ө ң; machines without system fonts draw boxes otherwise
function ensureFonts(): void {
  if (fontsReady) return;
  const require = createRequire(import.meta.url);
  registerFont(require.resolve("dejavu-fonts-ttf/ttf/DejaVuSans.ttf"), { family: FONT });
  registerFont(require.resolve("dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf"), { family: FONT, weight: "bold" });
  fontsReady = true;
}

/** Lines no wider than `width`: by words, and a word (a long URL) by characters. */
function wrap(ctx: CanvasRenderingContext2D, text: string, width: number, maxLines: number): string[] {
  const lines: string[] = [];
  let line = "";
  const push = (l: string) => {
    if (l) lines.push(l);
  };
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (ctx.measureText(candidate).width <= width) {
      line = candidate;
      continue;
    }
    push(line);
    line = "";
    let rest = word;
    while (ctx.measureText(rest).width > width) {
      let n = rest.length;
      while (n > 1 && ctx.measureText(rest.slice(0, n)).width > width) n--;
      push(rest.slice(0, n));
      rest = rest.slice(n);
    }
    line = rest;
  }
  push(line);
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  kept[maxLines - 1] = `${(kept[maxLines - 1] as string).replace(/.$/, "")}…`;
  return kept;
}

function centered(ctx: CanvasRenderingContext2D, lines: string[], y: number, lineHeight: number): number {
  for (const l of lines) {
    ctx.fillText(l, POSTER_WIDTH / 2, y);
    y += lineHeight;
  }
  return y;
}

/** The poster as PNG bytes. */
export function renderPoster(p: PosterText): Buffer {
  ensureFonts();
  const canvas = createCanvas(POSTER_WIDTH, POSTER_HEIGHT);
  const ctx = canvas.getContext("2d");
  ctx.fillStyle = "#ffffff";
  ctx.fillRect(0, 0, POSTER_WIDTH, POSTER_HEIGHT);
  ctx.fillStyle = "#1a1a1a";
  ctx.textAlign = "center";
  ctx.textBaseline = "top";
  const width = POSTER_WIDTH - 2 * MARGIN;

  ctx.font = `bold 64px "${FONT}"`;
  let y = centered(ctx, wrap(ctx, p.title, width, 4), MARGIN, 80);
  if (p.unit) {
    ctx.font = `40px "${FONT}"`;
    ctx.fillStyle = "#1f5fa8";
    y = centered(ctx, wrap(ctx, p.unit, width, 2), y + 20, 52);
    ctx.fillStyle = "#1a1a1a";
  }

  // the code: dark modules on white with the standard four-module quiet zone
  const qr = QRCode.create(p.url, { errorCorrectionLevel: "M" });
  const size = qr.modules.size;
  const room = Math.min(width, POSTER_HEIGHT - y - 420);
  const cell = Math.max(4, Math.floor(room / (size + 8)));
  const side = cell * (size + 8);
  const left = Math.floor((POSTER_WIDTH - side) / 2);
  const top = y + 40;
  for (let r = 0; r < size; r++)
    for (let c = 0; c < size; c++)
      if (qr.modules.get(r, c)) ctx.fillRect(left + (c + 4) * cell, top + (r + 4) * cell, cell, cell);
  y = top + side + 10;

  if (p.hint) {
    ctx.font = `32px "${FONT}"`;
    y = centered(ctx, wrap(ctx, p.hint, width, 2), y, 42);
  }
  ctx.font = `26px "${FONT}"`;
  ctx.fillStyle = "#444444";
  y = centered(ctx, wrap(ctx, p.url, width, 4), y + 10, 34);
  ctx.fillStyle = "#1a1a1a";
  ctx.font = `bold 44px "${FONT}"`;
  centered(ctx, wrap(ctx, p.closes, width, 2), Math.max(y + 30, POSTER_HEIGHT - MARGIN - 110), 56);
  return canvas.toBuffer("image/png");
}
