// The progress message of each campaign, edited in place at most every few seconds, and
// the final report once nothing is left to send. Edits go through the sender's gate, so
// they count against the same limits as the messages.
import type { Logger } from "pino";
import type { Telegram } from "telegraf";
import { TelegramError } from "telegraf";
import { identify } from "../app/access/identify.ts";
import { reporting } from "../app/delivery/sending.ts";
import type { AppDeps } from "../app/deps.ts";
import { loggableError } from "../logger.ts";
import { progressText, reportText } from "../present/delivery.ts";
import { DEFAULT_LANGUAGE, isLanguage, type Language, translator } from "../present/i18n.ts";
import { type SendGate, within } from "./send-gate.ts";

interface ProgressDeps extends AppDeps {
  logger: Logger;
  telegram: Telegram;
}

/** Telegram's limit for one message. */
const MAX_TEXT = 4096;

export class Progress {
  private readonly lastText = new Map<number, string>();

  constructor(
    private readonly deps: ProgressDeps,
    private readonly gate: SendGate,
    private readonly everyMs: number,
    private readonly stopped: () => boolean,
  ) {}

  /** Looks at the campaigns still sending about once a second while `holding`. */
  async run(holding: () => boolean): Promise<void> {
    while (!this.stopped() && holding()) {
      try {
        await this.tick();
      } catch (error) {
        this.deps.logger.warn(loggableError(error), "progress not updated");
      }
      await new Promise((resolve) => setTimeout(resolve, Math.min(1_000, this.everyMs)));
    }
  }

  /** Read each time, not kept: the creator may switch language (/lang) in any bot process meanwhile. */
  private async language(createdBy: string): Promise<Language> {
    const who = /^\d+$/.test(createdBy) ? await identify(this.deps.db, createdBy) : null;
    return isLanguage(who?.user?.language) ? who.user.language : DEFAULT_LANGUAGE;
  }

  async tick(): Promise<void> {
    for (const campaign of await reporting.sendingCampaigns(this.deps.db)) {
      const counts = await reporting.campaignCounts(this.deps.db, campaign.id);
      const finished = counts.queued + counts.sending === 0;
      const now = Date.now();
      if (finished) {
        if (!(await reporting.finishCampaign(this.deps.db, campaign.id, this.deps.now()))) continue;
        this.deps.logger.info({ campaign: campaign.id, ...counts, reasons: undefined }, "campaign sent");
      }
      if (!campaign.progressChatId || !campaign.progressMessageId) continue;
      // edits are paced on the process clock, like every other call to Telegram
      if (!finished && now - (campaign.progressEditedAt?.getTime() ?? 0) < this.everyMs) continue;
      const lng = await this.language(campaign.createdBy);
      const t = await translator(lng);
      const text = finished
        ? reportText(t, lng, campaign.id, counts, await reporting.undelivered(this.deps.db, campaign.id))
        : progressText(t, lng, counts);
      if (text === this.lastText.get(campaign.id)) continue;
      await this.edit(campaign.progressChatId, campaign.progressMessageId, text.slice(0, MAX_TEXT));
      this.lastText.set(campaign.id, text);
      await reporting.noteProgressEdit(this.deps.db, campaign.id, new Date(now));
      if (finished) this.lastText.delete(campaign.id);
    }
  }

  private async edit(chatId: string, messageId: number, text: string): Promise<void> {
    const done = await this.gate.acquire(chatId, this.stopped);
    if (!done) return;
    try {
      await within(done, () => this.deps.telegram.editMessageText(chatId, messageId, undefined, text));
    } catch (error) {
      if (error instanceof TelegramError && error.code === 429)
        this.gate.pauseFor((error.parameters?.retry_after ?? 1) * 1000 + 250);
      // "message is not modified", a deleted message, a blocked creator: progress is a courtesy
      else this.deps.logger.warn(loggableError(error), "progress message not edited");
    }
  }
}
