// A chart is drawn and uploaded once; the same picture is re-sent by Telegram's file id.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalUser } from "../../bot/local-api/index.ts";
import { type Harness, startHarness } from "./harness.ts";

let h: Harness;
const first: LocalUser = { id: 3101, firstName: "Декан", languageCode: "ky" };
const second: LocalUser = { id: 3102, firstName: "Декан", languageCode: "ky" };
const russian: LocalUser = { id: 3103, firstName: "Декан", languageCode: "ru" };

beforeAll(async () => {
  h = await startHarness();
  for (const user of [first, second, russian]) await h.bindUser(user, "dean", "МТФ");
});
afterAll(() => h?.stop());

/** The photo the bot sent to a user since the last mark: the upload's bytes, or the file id it reused. */
function photoSent(user: LocalUser): { upload: boolean; fileId: string } {
  const call = h.sent(user, "sendPhoto").at(-1);
  if (!call) throw new Error("no chart");
  const result = call.result as { photo: { file_id: string }[] };
  return { upload: Buffer.isBuffer(call.params.photo), fileId: result.photo.at(-1)?.file_id ?? "" };
}

describe("charts", () => {
  it("the same chart for a second dean, and again from the 📊 button, is the first upload's file id", async () => {
    await h.say(first, "/debtors");
    const drawn = photoSent(first);
    expect(drawn.upload).toBe(true);

    await h.say(second, "/debtors");
    const reused = photoSent(second);
    expect(reused).toEqual({ upload: false, fileId: drawn.fileId });
    expect(h.sent(second, "sendChatAction")).toEqual([]);

    await h.press(second, /📊/);
    expect(photoSent(second)).toEqual({ upload: false, fileId: drawn.fileId });
  });

  it("another picture (another language, another view) is drawn anew", async () => {
    await h.say(russian, "/debtors");
    expect(photoSent(russian).upload).toBe(true);
    await h.say(first, "/stats");
    expect(photoSent(first).upload).toBe(true);
  });

  it("a file id Telegram no longer accepts is forgotten: the chart is drawn and uploaded again", async () => {
    h.api.failNext("sendPhoto", { error_code: 400, description: "Bad Request: wrong file identifier/HTTP URL specified" });
    await h.say(second, "/debtors");
    const calls = h.sent(second, "sendPhoto");
    expect(calls.map((c) => Buffer.isBuffer(c.params.photo))).toEqual([false, true]);
    expect(calls[0]?.error?.error_code).toBe(400);
    expect(photoSent(second).upload).toBe(true);
  });
});
