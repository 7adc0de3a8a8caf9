// A person Telegram refused becomes reachable again when they write to the bot or unblock
// it; blocking the bot marks them unreachable before any announcement is tried.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalUser } from "../../bot/local-api/index.ts";
import { type Harness, startHarness } from "./harness.ts";

let h: Harness;
const dean: LocalUser = { id: 7_100_000_001, firstName: "Айгүл" };

beforeAll(async () => {
  h = await startHarness();
  await h.bindUser(dean, "dean", "МТФ");
});
afterAll(() => h?.stop());

const reason = async () => (await h.db.user.findUniqueOrThrow({ where: { telegramId: String(dean.id) } })).unreachableReason;

function membership(status: "kicked" | "member") {
  const chat = { id: dean.id, type: "private" as const, first_name: dean.firstName ?? "" };
  const from = { id: dean.id, is_bot: false, first_name: dean.firstName ?? "" };
  const bot = { id: 1_000_001, is_bot: true, first_name: "Sapat" };
  return h.api.pushUpdate({
    my_chat_member: {
      chat,
      from,
      date: Math.floor(Date.now() / 1000),
      old_chat_member: {
        status: status === "kicked" ? "member" : "kicked",
        user: bot,
        ...(status === "kicked" ? {} : { until_date: 0 }),
      },
      new_chat_member: { status, user: bot, ...(status === "kicked" ? { until_date: 0 } : {}) },
    },
  } as never);
}

describe("reachability", () => {
  it("blocking the bot marks the user unreachable; unblocking clears it", async () => {
    await h.handled(membership("kicked"));
    expect(await reason()).toBe("blocked");
    await h.handled(membership("member"));
    expect(await reason()).toBeNull();
  });

  it("a user Telegram refused who writes to the bot is reachable again", async () => {
    await h.db.user.update({
      where: { telegramId: String(dean.id) },
      data: { unreachableReason: "notStarted", unreachableAt: new Date() },
    });
    await h.say(dean, "/help");
    expect(await reason()).toBeNull();
  });

  it("a message in a group does not undo a block: the private chat is still closed", async () => {
    await h.handled(membership("kicked"));
    const group = { id: -100_900, type: "supergroup" as const, title: "Deans" };
    const from = { id: dean.id, is_bot: false, first_name: dean.firstName ?? "" };
    const text = "/debtors";
    const entities = [{ type: "bot_command" as const, offset: 0, length: text.length }];
    await h.handled(
      h.api.pushUpdate({ message: { message_id: 1, date: Math.floor(Date.now() / 1000), chat: group, from, text, entities } }),
    );
    expect(await reason()).toBe("blocked");
    await h.say(dean, "/help");
    expect(await reason()).toBeNull();
  });
});
