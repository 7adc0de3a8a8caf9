// The local Bot API as Telegram and a load balancer in front of webhook instances: updates
// POSTed with the secret to one instance in turn (or drawn with a seed), one chat's in
// order and other chats' side by side, redelivered after a non-2xx or no answer, and a
// share sent to two instances at once. The "instances" here are plain HTTP servers.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Update } from "telegraf/types";
import { afterEach, describe, expect, it } from "vitest";
import { LocalBotApi, type LocalUser } from "../../bot/local-api/index.ts";

const alice: LocalUser = { id: 1001, firstName: "Alice" };
const bob: LocalUser = { id: 1002, firstName: "Bob" };
const HOOK = "https://sapat.example.kg/tg/hook?x=1";
const SECRET = "s3cret-token";

interface Received {
  path: string;
  secret: string | undefined;
  update: Update & { message?: { text?: string; chat: { id: number } } };
}

/** An instance: records what it gets and answers as `answer` says (default 200 at once). */
interface Instance {
  origin: string;
  got: Received[];
  answer: (r: Received, res: ServerResponse) => void | Promise<void>;
}

let cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const fn of cleanup.reverse()) await fn();
  cleanup = [];
});

async function instance(): Promise<Instance> {
  const inst: Instance = { origin: "", got: [], answer: (_r, res) => void res.end() };
  const server: Server = createServer(async (req: IncomingMessage, res) => {
    let body = "";
    for await (const chunk of req) body += String(chunk);
    const r: Received = {
      path: req.url ?? "",
      secret: req.headers["x-telegram-bot-api-secret-token"] as string | undefined,
      update: JSON.parse(body),
    };
    inst.got.push(r);
    await inst.answer(r, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  inst.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  cleanup.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return inst;
}

/** The API with a webhook set as a bot would set it. */
async function api(): Promise<LocalBotApi> {
  const a = new LocalBotApi({ waitTimeoutMs: 3000 });
  const { apiRoot } = await a.start();
  cleanup.push(() => a.stop());
  const res = await fetch(`${apiRoot}/bot${a.token}/setWebhook`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ url: HOOK, secret_token: SECRET }),
  });
  expect(res.status).toBe(200);
  return a;
}

const texts = (i: Instance) => i.got.map((r) => r.update.message?.text);

describe("LocalBotApi in front of webhook instances", () => {
  it("posts each update to one instance in turn, on the webhook's path, with the secret", async () => {
    const [a, b] = [await instance(), await instance()];
    const local = await api();
    local.balance({ targets: [a.origin, b.origin] });
    const updates = ["1", "2", "3", "4"].map((t) => local.sendText(alice, t));
    const deliveries = await Promise.all(updates.map((u) => local.delivered(u)));
    expect(deliveries.map((d) => [d.delivered, d.posts.map((p) => p.status)])).toEqual(Array(4).fill([true, [200]]));
    expect(texts(a)).toEqual(["1", "3"]);
    expect(texts(b)).toEqual(["2", "4"]);
    expect(a.got[0]).toMatchObject({ path: "/tg/hook?x=1", secret: SECRET });
    expect(local.pendingUpdates()).toEqual([]);
  });

  it("keeps one chat's updates in order, the next only after the previous was answered, while other chats go on", async () => {
    const [a, b] = [await instance(), await instance()];
    const local = await api();
    // "→a1" when an update arrives at an instance, "←a1" when the instance answers it
    const events: string[] = [];
    let bobArrived: () => void = () => {};
    const bobHere = new Promise<void>((resolve) => {
      bobArrived = resolve;
    });
    const answer = async (r: Received, res: ServerResponse) => {
      const text = r.update.message?.text ?? "";
      events.push(`→${text}`);
      if (r.update.message?.chat.id === bob.id) bobArrived();
      // Alice's first update is answered only once Bob's has arrived: served one at a time, it never would
      else if (text === "a1") await bobHere;
      events.push(`←${text}`);
      res.end();
    };
    a.answer = answer;
    b.answer = answer;
    local.balance({ targets: [a.origin, b.origin] });
    const updates = [
      local.sendText(alice, "a1"),
      local.sendText(alice, "a2"),
      local.sendText(bob, "b1"),
      local.sendText(alice, "a3"),
    ];
    await Promise.all(updates.map((u) => local.delivered(u)));
    // each of Alice's updates arrived only after the one before it was answered, across both instances
    expect(events.filter((e) => e.includes("a"))).toEqual(["→a1", "←a1", "→a2", "←a2", "→a3", "←a3"]);
    expect(events.indexOf("←b1")).toBeLessThan(events.indexOf("←a1"));
    expect(texts(a).length + texts(b).length).toBe(4);
  }, 10_000);

  it("posts an update answered with a non-2xx, or not at all, again until an instance takes it", async () => {
    const [a, b] = [await instance(), await instance()];
    const local = await api();
    let refusals = 0;
    a.answer = (_r, res) => {
      refusals++;
      res.writeHead(500).end();
    };
    // an instance that went away: its posts get no answer at all
    const gone = await instance();
    gone.answer = (_r, res) => void res.destroy();
    local.balance({ targets: [a.origin, gone.origin, b.origin], retryMs: 10 });
    const d = await local.delivered(local.sendText(alice, "hello"));
    expect(d.posts.map((p) => [p.target, p.status])).toEqual([
      [a.origin, 500],
      [gone.origin, 0],
      [b.origin, 200],
    ]);
    expect(d.delivered).toBe(true);
    expect(refusals).toBe(1);
    expect(texts(b)).toEqual(["hello"]);
  });

  it("gives an update up after maxAttempts and keeps going with the next", async () => {
    const a = await instance();
    a.answer = (r, res) => void res.writeHead(r.update.message?.text === "bad" ? 500 : 200).end();
    const local = await api();
    local.balance({ targets: [a.origin], retryMs: 5, maxAttempts: 3 });
    const [bad, good] = [local.sendText(alice, "bad"), local.sendText(alice, "good")];
    expect((await local.delivered(bad)).posts).toHaveLength(3);
    expect((await local.delivered(bad)).delivered).toBe(false);
    expect((await local.delivered(good)).delivered).toBe(true);
  });

  it("sends a drawn share of updates to two instances at once; the same seed draws the same", async () => {
    const run = async () => {
      const [a, b] = [await instance(), await instance()];
      const local = await api();
      local.balance({ targets: [a.origin, b.origin], seed: 42, duplicates: 0.5 });
      const updates = Array.from({ length: 20 }, (_, i) => local.sendText({ ...alice, id: 2000 + i }, `u${i}`));
      await Promise.all(updates.map((u) => local.delivered(u)));
      return local.webhookDeliveries().map((d) => d.posts.map((p) => (p.target === a.origin ? "a" : "b")).join(""));
    };
    const first = await run();
    expect(first.filter((p) => p.length === 2).length).toBeGreaterThan(0);
    expect(first.filter((p) => p.length === 1).length).toBeGreaterThan(0);
    expect(await run()).toEqual(first);
  });

  it("holds updates while no webhook is set, and posts them once one is", async () => {
    const a = await instance();
    const local = new LocalBotApi();
    const { apiRoot } = await local.start();
    cleanup.push(() => local.stop());
    local.balance({ targets: [a.origin] });
    const u = local.sendText(bob, "early");
    expect(local.pendingUpdates()).toHaveLength(1);
    await fetch(`${apiRoot}/bot${local.token}/setWebhook`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ url: HOOK }),
    });
    expect((await local.delivered(u)).delivered).toBe(true);
    expect(a.got[0]?.secret).toBeUndefined();
  });
});
