// A chart as a photo: by Telegram's file id when the same picture was sent before, else
// drawn (once however many ask at the same moment) and uploaded.
import { TelegramError } from "telegraf";
import type { SapatContext } from "../../context.ts";

export interface ChartReply {
  /** the same key means the same picture */
  key: string;
  caption: string;
  filename: string;
  render: () => Promise<Buffer>;
}

export async function replyWithChart(ctx: SapatContext, chart: ChartReply): Promise<void> {
  const files = ctx.deps.sentFiles;
  const known = files.fileId(chart.key);
  if (known) {
    try {
      await ctx.replyWithPhoto(known, { caption: chart.caption });
      return;
    } catch (e) {
      if (!(e instanceof TelegramError && e.code === 400)) throw e;
      files.forget(chart.key);
    }
  }
  await ctx.sendChatAction("upload_photo");
  const png = await files.draw(chart.key, chart.render);
  const sent = await ctx.replyWithPhoto({ source: png, filename: chart.filename }, { caption: chart.caption });
  const fileId = sent.photo.at(-1)?.file_id;
  if (fileId) files.remember(chart.key, fileId);
}
