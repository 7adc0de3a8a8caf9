// The rest of what reaches a bot: edited messages, stickers, photos and contacts where text
// is expected, and updates from groups, channels, strangers and students.
import type { LocalBotApi } from "../../bot/local-api/index.ts";
import { type BotInput, commandText, fromOf, messageUpdate, owedMessage, privateChat, textPart, valueText } from "./updates.ts";
import { hostileValue, int, pick, type Random } from "./values.ts";
import type { FuzzUser, World } from "./world.ts";

const now = () => Math.floor(Date.now() / 1000);
const anyValue = (r: Random) => hostileValue(r, pick(r, ["unicode", "numbers", "injection"] as const));

/** A message edited after it was sent (the bot answers messages, not edits). */
export function edited(r: Random, u: FuzzUser): BotInput {
  const text = r() < 0.5 ? anyValue(r) || "x" : pick(r, ["/debtors", "МТФ карызкорлор", "/submit practice", "12"]);
  const channel = r() < 0.2;
  const body = { message_id: int(r, 1, 2_000_000), date: now() - 60, edit_date: now(), ...textPart(text) };
  const update = channel
    ? { edited_channel_post: { ...body, chat: { id: -100_777, type: "channel", title: "Faculty news" } } }
    : { edited_message: { ...body, chat: privateChat(u), from: fromOf(u) } };
  return {
    user: u,
    send: (api) => api.pushUpdate(update as never),
    expect: "refused",
    inPrivate: !channel,
    owed: null,
    what: `${channel ? "edited channel post" : "edited message"} ${JSON.stringify(text.slice(0, 60))}`,
  };
}

const photo = (id: string) => [
  { file_id: id, file_unique_id: `${id}-u`, width: 90, height: 90, file_size: 1000 },
  { file_id: `${id}-big`, file_unique_id: `${id}-bu`, width: 800, height: 800, file_size: 50_000 },
];

/** Something that is not text where text is expected. */
export function media(r: Random, u: FuzzUser): BotInput {
  const caption = r() < 0.4 ? { caption: anyValue(r).slice(0, 1024) } : {};
  const [what, body] = pick<[string, object]>(r, [
    [
      "sticker",
      {
        sticker: {
          file_id: "st",
          file_unique_id: "st",
          type: "regular",
          width: 512,
          height: 512,
          is_animated: false,
          is_video: false,
          emoji: "🎓",
        },
      },
    ],
    ["photo", { photo: photo(`ph${int(r, 0, 99)}`), ...caption }],
    ["contact", { contact: { phone_number: anyValue(r).slice(0, 30) || "+996", first_name: anyValue(r).slice(0, 60) || "x" } }],
    ["location", { location: { latitude: (r() - 0.5) * 180, longitude: (r() - 0.5) * 360 } }],
    ["voice", { voice: { file_id: "vo", file_unique_id: "vo", duration: int(r, 0, 3600) }, ...caption }],
    ["video", { video: { file_id: "vi", file_unique_id: "vi", width: 1, height: 1, duration: 1 }, ...caption }],
    ["dice", { dice: { emoji: "🎲", value: int(r, 1, 6) } }],
    [
      "poll",
      {
        poll: {
          id: "p",
          question: "?",
          options: [],
          total_voter_count: 0,
          is_closed: false,
          is_anonymous: true,
          type: "regular",
          allows_multiple_answers: false,
        },
      },
    ],
    ["venue", { venue: { location: { latitude: 0, longitude: 0 }, title: anyValue(r) || "x", address: "x" } }],
    [
      "document that cannot be fetched",
      {
        document: {
          file_id: pick(r, ["doc", "", "../../etc/passwd"]),
          file_unique_id: "d",
          file_name: "a.csv",
          file_size: int(r, 0, 30_000_000),
        },
        ...caption,
      },
    ],
    ["document without a name", { document: { file_id: "nn", file_unique_id: "nn" } }],
    ["new chat members", { new_chat_members: [fromOf(u)] }],
    [
      "forwarded text",
      { ...textPart(anyValue(r) || "x"), forward_origin: { type: "hidden_user", sender_user_name: "x", date: now() } },
    ],
    ["reply to nothing", { ...textPart("12"), reply_to_message: { message_id: 1, date: now(), chat: privateChat(u) } }],
    ["empty text", { text: "" }],
  ]);
  return {
    user: u,
    send: (api) => api.pushUpdate(messageUpdate(u, body)),
    expect: "state",
    inPrivate: true,
    owed: owedMessage(u),
    what,
  };
}

const mentions = (text: string) => /^\/|@sapat_fuzz_bot/i.test(text);

/** Groups and channels (answered only when addressed), strangers, students, a revoked dean, membership changes. */
export function chats(r: Random, u: FuzzUser, world: World, api: LocalBotApi): BotInput {
  const t = r();
  if (t < 0.45) {
    const type = pick(r, ["group", "supergroup"] as const);
    const chat = { id: -(1_000_000 + int(r, 0, 50)), type, title: anyValue(r).slice(0, 100) || "Faculty chat" };
    const text = pick(r, [
      () => pick(r, ["/debtors", "/debtors@sapat_fuzz_bot", "/start", "/submit practice", "/practice production 40/50"]),
      () => `@sapat_fuzz_bot ${anyValue(r)}`,
      () => "МТФ карызкорлор",
      () => anyValue(r) || "x",
    ])();
    const body = textPart(text);
    return {
      user: u,
      send: (a) => a.pushUpdate(messageUpdate(u, body, chat)),
      expect: "refused",
      inPrivate: false,
      owed: mentions(text) ? { kind: "message", chatId: chat.id } : null,
      what: `${type} ${JSON.stringify(text.slice(0, 60))}`,
    };
  }
  if (t < 0.55) {
    const text = pick(r, ["/debtors", "@sapat_fuzz_bot МТФ", "news"]);
    const chat = { id: -100_777, type: "channel", title: "Faculty news" };
    const post = { message_id: int(r, 1, 1e6), date: now(), chat, sender_chat: chat, ...textPart(text) };
    return {
      user: u,
      send: (a) => a.pushUpdate({ channel_post: post } as never),
      expect: "refused",
      inPrivate: false,
      owed: mentions(text) ? { kind: "message", chatId: chat.id } : null,
      what: `channel post ${JSON.stringify(text)}`,
    };
  }
  if (t < 0.65) {
    const status = pick(r, ["kicked", "member"]);
    const update = {
      my_chat_member: {
        chat: privateChat(u),
        from: fromOf(u),
        date: now(),
        old_chat_member: { user: api.botUser, status: status === "kicked" ? "member" : "kicked" },
        new_chat_member: { user: api.botUser, status },
      },
    };
    // blocking and unblocking is recorded (who can be reached): a state, not data
    return {
      user: u,
      send: (a) => a.pushUpdate(update as never),
      expect: "any",
      inPrivate: true,
      owed: null,
      what: `my_chat_member ${status}`,
    };
  }
  // a stranger, a student, the revoked dean or the other institution's people, asking for what staff see
  const asker = pick(
    r,
    world.users.filter((x) => x.role === null || x.role === "student" || x.revoked || x.institution === "OTHER"),
  );
  const input = r() < 0.5 ? commandText(r, asker) : valueText(r, asker, pick(r, ["unicode", "numbers", "injection"] as const));
  return { ...input, what: `${asker.role ?? "stranger"}${asker.revoked ? " (revoked)" : ""}: ${input.what}` };
}
