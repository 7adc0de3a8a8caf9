// What the server remembers between calls: chats and their messages, files, open callback
// queries, commands and menu buttons.
import type { BotCommand, MenuButton, Message, User, UserFromGetMe } from "telegraf/types";
import { FileStore } from "./media.ts";
import { asParams, optInt, requireInt, unixNow } from "./params.ts";
import { BotApiError, type ChatMessage, type ChatState, type LocalUser, type Params, type StoredMessage } from "./types.ts";

export class ApiState {
  readonly chats = new Map<number, ChatState>();
  readonly files = new FileStore();
  /** Callback queries delivered and not yet answered. */
  readonly openQueries = new Set<string>();
  /** setMyCommands' lists by commandKey(scope, language). */
  readonly commandSets = new Map<string, BotCommand[]>();
  /** Menu buttons by chat id, "default" for all chats. */
  readonly menuButtons = new Map<string, MenuButton>();

  constructor(readonly botUser: UserFromGetMe) {}

  chatOf(chatId: number, user?: LocalUser): ChatState {
    let state = this.chats.get(chatId);
    if (!state) {
      const tgUser: User = { id: chatId, is_bot: false, first_name: `User ${chatId}` };
      const chat: ChatState["chat"] =
        chatId > 0
          ? { id: chatId, type: "private", first_name: tgUser.first_name }
          : { id: chatId, type: "group", title: `Group ${chatId}` };
      state = { chat, user: tgUser, nextMessageId: 1, messages: new Map() };
      this.chats.set(chatId, state);
    }
    if (user) {
      const tgUser: User = {
        id: user.id,
        is_bot: false,
        first_name: user.firstName ?? state.user.first_name,
        ...(user.lastName !== undefined ? { last_name: user.lastName } : {}),
        ...(user.username !== undefined ? { username: user.username } : {}),
        ...(user.languageCode !== undefined ? { language_code: user.languageCode } : {}),
      };
      state.user = tgUser;
      if (state.chat.type === "private") {
        state.chat = {
          id: chatId,
          type: "private",
          first_name: tgUser.first_name,
          ...(tgUser.last_name !== undefined ? { last_name: tgUser.last_name } : {}),
          ...(tgUser.username !== undefined ? { username: tgUser.username } : {}),
        };
      }
    }
    return state;
  }

  /** The chat of a call's chat_id; a chat the bot writes to first is created. */
  targetChat(params: Params): ChatState {
    const chatId = params.chat_id;
    if (chatId === undefined || chatId === "") throw new BotApiError(400, "Bad Request: chat_id is empty");
    if (typeof chatId !== "number" || !Number.isInteger(chatId)) throw new BotApiError(400, "Bad Request: chat not found");
    // Lenient: a chat the bot writes to first is created (tests seed users the bot notifies).
    return this.chatOf(chatId);
  }

  storedMessage(params: Params, notFound: string): { state: ChatState; stored: StoredMessage } {
    if (params.inline_message_id !== undefined) {
      throw new BotApiError(400, "Bad Request: inline messages are not supported by the local Bot API");
    }
    const state = this.targetChat(params);
    const stored = state.messages.get(requireInt(params, "message_id"));
    if (!stored) throw new BotApiError(400, `Bad Request: ${notFound}`);
    return { state, stored };
  }

  replyTo(state: ChatState, messageId: number | undefined): Pick<Message.TextMessage, "reply_to_message"> {
    const target = messageId === undefined ? undefined : state.messages.get(messageId);
    return target ? { reply_to_message: { ...target.message, reply_to_message: undefined } } : {};
  }

  saveBotMessage(state: ChatState, stored: StoredMessage): ChatMessage {
    state.messages.set(stored.message.message_id, stored);
    if (stored.markup && "keyboard" in stored.markup) state.replyKeyboard = stored.markup;
    if (stored.markup && "remove_keyboard" in stored.markup) state.replyKeyboard = undefined;
    return stored.message;
  }

  baseMessage(state: ChatState, params: Params): Message.CommonMessage {
    const replyId = optInt(params, "reply_to_message_id") ?? optInt(asParams(params.reply_parameters), "message_id");
    return {
      message_id: state.nextMessageId++,
      from: this.botFrom(),
      chat: state.chat,
      date: unixNow(),
      ...this.replyTo(state, replyId),
    };
  }

  botFrom(): User {
    const { id, is_bot, first_name, username } = this.botUser;
    return { id, is_bot, first_name, username };
  }
}
