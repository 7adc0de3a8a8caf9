// The Bot API methods the server implements, each checking its parameters the way
// Telegram does and changing the stored chats.
import type { BotCommand, MenuButton, Message, PhotoSize, File as TgFile, WebhookInfo } from "telegraf/types";
import { assertModified, commandKey, inlineMarkupOf, inlineOnly, replyMarkupOf, scopeOf } from "./markup.ts";
import { captionOf, documentOf, imageInfo } from "./media.ts";
import { asParams, optInt, optString, requireString, unixNow } from "./params.ts";
import { formatText } from "./parse-mode.ts";
import type { ApiState } from "./state.ts";
import { BotApiError, type Params, type Uploads } from "./types.ts";
import type { UpdateQueue } from "./updates.ts";

export type Handler = (params: Params, uploads: Uploads) => unknown;

const MAX_TEXT = 4096;

/** Handlers by the method's canonical name (getUpdates is answered by UpdateQueue). */
export function methodTable(store: ApiState, updates: UpdateQueue): Record<string, Handler> {
  return {
    getMe: () => store.botUser,
    getUpdates: () => {
      throw new Error("getUpdates is handled by the long-poll code");
    },
    logOut: () => true,
    close: () => true,
    setWebhook: (p) => {
      if (p.drop_pending_updates === true) updates.drop();
      updates.setWebhook(optString(p, "url") ?? "", optString(p, "secret_token") ?? "");
      return true;
    },
    deleteWebhook: (p) => {
      updates.deleteWebhook();
      if (p.drop_pending_updates === true) updates.drop();
      return true;
    },
    getWebhookInfo: (): WebhookInfo => ({
      url: updates.webhookUrl,
      has_custom_certificate: false,
      pending_update_count: updates.pending().length,
    }),

    sendMessage: (p) => {
      const state = store.targetChat(p);
      const { text, entities } = formatText(requireString(p, "text"), p.parse_mode, p.entities, MAX_TEXT, "text");
      const markup = replyMarkupOf(p);
      const message: Message.TextMessage = {
        ...store.baseMessage(state, p),
        text,
        ...(entities.length > 0 ? { entities } : {}),
        ...inlineOnly(markup),
      };
      return store.saveBotMessage(state, { message, fromBot: true, markup });
    },
    sendPhoto: (p, uploads) => {
      const state = store.targetChat(p);
      const file = store.files.input(p, uploads, "photo", "photos");
      const info = imageInfo(file.bytes);
      if (file.bytes.length > 0 && !info) throw new BotApiError(400, "Bad Request: IMAGE_PROCESS_FAILED");
      const markup = replyMarkupOf(p);
      const size: PhotoSize = {
        file_id: file.fileId,
        file_unique_id: file.uniqueId,
        width: info?.width ?? 0,
        height: info?.height ?? 0,
        file_size: file.bytes.length,
      };
      const message: Message.PhotoMessage = {
        ...store.baseMessage(state, p),
        photo: [size],
        ...captionOf(p),
        ...inlineOnly(markup),
      };
      return store.saveBotMessage(state, { message, fromBot: true, markup, photo: file });
    },
    sendDocument: (p, uploads) => {
      const state = store.targetChat(p);
      const file = store.files.input(p, uploads, "document", "documents");
      const markup = replyMarkupOf(p);
      const message: Message.DocumentMessage = {
        ...store.baseMessage(state, p),
        document: documentOf(file),
        ...captionOf(p),
        ...inlineOnly(markup),
      };
      return store.saveBotMessage(state, { message, fromBot: true, markup, document: file });
    },
    sendChatAction: (p) => {
      store.targetChat(p);
      requireString(p, "action");
      return true;
    },

    editMessageText: (p) => {
      const { stored } = store.storedMessage(p, "message to edit not found");
      if (!stored.fromBot) throw new BotApiError(400, "Bad Request: message can't be edited");
      const old = stored.message;
      if (!("text" in old)) throw new BotApiError(400, "Bad Request: there is no text in the message to edit");
      const { text, entities } = formatText(requireString(p, "text"), p.parse_mode, p.entities, MAX_TEXT, "text");
      // Telegram drops the inline keyboard when an edit carries no reply_markup.
      const markup = inlineMarkupOf(p);
      assertModified([old.text, old.entities ?? [], old.reply_markup], [text, entities, markup]);
      const { entities: _oldEntities, reply_markup: _oldMarkup, ...rest } = old;
      stored.message = {
        ...rest,
        text,
        edit_date: unixNow(),
        ...(entities.length > 0 ? { entities } : {}),
        ...(markup ? { reply_markup: markup } : {}),
      };
      stored.markup = markup;
      return stored.message;
    },
    editMessageCaption: (p) => {
      const { stored } = store.storedMessage(p, "message to edit not found");
      const old = stored.message;
      if ("text" in old) throw new BotApiError(400, "Bad Request: there is no caption in the message to edit");
      const caption = captionOf(p);
      const markup = inlineMarkupOf(p);
      assertModified(
        [old.caption ?? "", old.caption_entities ?? [], old.reply_markup],
        [caption.caption ?? "", caption.caption_entities ?? [], markup],
      );
      const { caption: _c, caption_entities: _ce, reply_markup: _rm, ...rest } = old;
      stored.message = { ...rest, ...caption, edit_date: unixNow(), ...(markup ? { reply_markup: markup } : {}) };
      stored.markup = markup;
      return stored.message;
    },
    editMessageReplyMarkup: (p) => {
      const { stored } = store.storedMessage(p, "message to edit not found");
      const markup = inlineMarkupOf(p);
      assertModified([stored.message.reply_markup], [markup]);
      const { reply_markup: _rm, ...rest } = stored.message;
      stored.message = { ...rest, edit_date: unixNow(), ...(markup ? { reply_markup: markup } : {}) };
      stored.markup = markup;
      return stored.message;
    },
    deleteMessage: (p) => {
      const { state, stored } = store.storedMessage(p, "message to delete not found");
      state.messages.delete(stored.message.message_id);
      return true;
    },
    answerCallbackQuery: (p) => {
      const id = requireString(p, "callback_query_id");
      // Each query can be answered once; unknown or answered ids are "too old".
      if (!store.openQueries.delete(id)) {
        throw new BotApiError(400, "Bad Request: query is too old and response timeout expired or query ID is invalid");
      }
      return true;
    },

    setMyCommands: (p) => {
      const commands = p.commands;
      if (!Array.isArray(commands)) throw new BotApiError(400, "Bad Request: commands must be an array");
      const valid: BotCommand[] = commands.map((c: unknown) => {
        const cmd = asParams(c);
        const command = optString(cmd, "command") ?? "";
        const description = optString(cmd, "description") ?? "";
        if (!/^[a-z0-9_]{1,32}$/.test(command)) throw new BotApiError(400, "Bad Request: BOT_COMMAND_INVALID");
        if (description.length < 1 || description.length > 256) {
          throw new BotApiError(400, "Bad Request: command description is empty or too long");
        }
        return { command, description };
      });
      store.commandSets.set(commandKey(scopeOf(p), optString(p, "language_code") ?? ""), valid);
      return true;
    },
    getMyCommands: (p) => store.commandSets.get(commandKey(scopeOf(p), optString(p, "language_code") ?? "")) ?? [],
    deleteMyCommands: (p) => {
      store.commandSets.delete(commandKey(scopeOf(p), optString(p, "language_code") ?? ""));
      return true;
    },
    setChatMenuButton: (p) => {
      const chatId = optInt(p, "chat_id");
      const button = p.menu_button === undefined ? { type: "default" } : asParams(p.menu_button);
      store.menuButtons.set(chatId === undefined ? "default" : String(chatId), button as unknown as MenuButton);
      return true;
    },
    getChatMenuButton: (p) => {
      const chatId = optInt(p, "chat_id");
      return store.menuButtons.get(chatId === undefined ? "default" : String(chatId)) ?? { type: "default" };
    },
    // Profile texts: recorded only.
    setMyDescription: () => true,
    setMyShortDescription: () => true,
    setMyName: () => true,

    getFile: (p): TgFile => {
      const file = store.files.get(requireString(p, "file_id"));
      if (!file) throw new BotApiError(400, "Bad Request: invalid file_id");
      return { file_id: file.fileId, file_unique_id: file.uniqueId, file_size: file.bytes.length, file_path: file.filePath };
    },
  };
}
