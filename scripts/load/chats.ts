// What each chat of the load does, and how long each answer took: a dean asks about his
// unit in a sentence (the answer comes with its chart), presses 📊 on the answer for the
// chart again and a stage button (the answer edited in place); a leader asks about any unit.
// Each step is timed from the update leaving for the bot to the bot's send reaching the
// local Bot API; a step whose reply is missing, refused or worded as an error counts as one.
import type { InlineKeyboardMarkup } from "telegraf/types";
import type { ApiCall, LocalBotApi, LocalUser } from "../../bot/local-api/index.ts";

export interface LoadChat {
  user: LocalUser;
  /** the unit asked about (a dean's own) */
  unit: string;
  questions: string[];
}

export type Step = "answer" | "chart" | "chartPress" | "edit";

export interface Timings {
  ms: Record<Step, number[]>;
  errors: { non2xx: number; missing: number; errorText: number; apiErrors: number };
  examples: string[];
}

export const emptyTimings = (): Timings => ({
  ms: { answer: [], chart: [], chartPress: [], edit: [] },
  errors: { non2xx: 0, missing: 0, errorText: 0, apiErrors: 0 },
  examples: [],
});

/** Every call the bot made to a chat, with when it reached the local Bot API. */
export class CallLog {
  private readonly byChat = new Map<number, { call: ApiCall; at: number }[]>();
  private readonly off: () => void;

  constructor(api: LocalBotApi) {
    this.off = api.on("call", (call) => {
      const chat = Number(call.params.chat_id);
      if (!Number.isFinite(chat)) return;
      const list = this.byChat.get(chat) ?? [];
      list.push({ call, at: performance.now() });
      this.byChat.set(chat, list);
    });
  }

  since(chat: number, from: number) {
    return (this.byChat.get(chat) ?? []).slice(from);
  }

  count(chat: number): number {
    return this.byChat.get(chat)?.length ?? 0;
  }

  close(): void {
    this.off();
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Run {
  api: LocalBotApi;
  log: CallLog;
  timings: Timings;
  /** words an answer must not be (the bot's error, busy and not-understood texts) */
  errorTexts: Set<string>;
  deadline: number;
  stepTimeoutMs: number;
}

function fault(run: Run, kind: keyof Timings["errors"], what: string) {
  run.timings.errors[kind]++;
  if (run.timings.examples.length < 10) run.timings.examples.push(`${kind}: ${what}`);
}

/** Sends one update and waits (within the step's bound) for the calls `done` wants. */
async function step(
  run: Run,
  chat: number,
  send: () => { update_id: number } & object,
  done: (calls: { call: ApiCall; at: number }[]) => boolean,
): Promise<{ calls: { call: ApiCall; at: number }[]; t0: number } | null> {
  const from = run.log.count(chat);
  // queued on the local Bot API, which posts it to an instance at once (no other update of
  // this chat is in flight, and there are more connections than chats)
  const update = send();
  const t0 = performance.now();
  const delivery = await run.api.delivered(update.update_id);
  for (const post of delivery.posts)
    if (post.status < 200 || post.status > 299)
      fault(run, "non2xx", `update ${update.update_id}: HTTP ${post.status} from ${post.target}`);
  const until = performance.now() + run.stepTimeoutMs;
  let calls = run.log.since(chat, from);
  while (!done(calls) && performance.now() < until) {
    await sleep(20);
    calls = run.log.since(chat, from);
  }
  for (const c of calls) if (c.call.error) fault(run, "apiErrors", `${c.call.method}: ${c.call.error.description}`);
  return done(calls) ? { calls, t0 } : null;
}

type Timed = { call: ApiCall; at: number };
const sent = (calls: Timed[], method: string) => calls.find((c) => c.call.method === method && !c.call.error);

/** The inline buttons of a bot message, as [label, data]. */
function buttons(api: LocalBotApi, chat: number, messageId: number): [string, string][] {
  const m = api.messages(chat).find((x) => x.message_id === messageId);
  const rows = (m?.reply_markup as InlineKeyboardMarkup | undefined)?.inline_keyboard ?? [];
  return rows.flat().flatMap((b): [string, string][] => ("callback_data" in b ? [[b.text, b.callback_data]] : []));
}

/** One chat's rounds: a question (answer and its chart), 📊 on the answer, then another stage. */
export async function runChat(run: Run, chat: LoadChat, rounds: number): Promise<void> {
  const id = chat.user.id;
  for (let round = 0; round < rounds && performance.now() < run.deadline; round++) {
    const question = chat.questions[round % chat.questions.length] as string;
    // the answer, then its chart when it has one (the 📊 button says so)
    const asked = await step(
      run,
      id,
      () => run.api.sendText(chat.user, question),
      (calls) => {
        const text = sent(calls, "sendMessage");
        if (!text) return false;
        const data = buttons(run.api, id, (text.call.result as { message_id: number }).message_id);
        return !data.some(([, d]) => d.startsWith("c:")) || Boolean(sent(calls, "sendPhoto"));
      },
    );
    const answer = asked && sent(asked.calls, "sendMessage");
    if (!asked || !answer) {
      fault(run, "missing", `${question}: no answer`);
      continue;
    }
    // the answer as the user reads it (it is HTML)
    const text = String(answer.call.params.text).replace(/<[^>]*>/g, "");
    if (run.errorTexts.has(text) || !text.startsWith(chat.unit) || /\bat \S+ \(?\S+:\d+:\d+\)?/.test(text))
      fault(run, "errorText", `${question}: ${JSON.stringify(text.split("\n")[0])}`);
    run.timings.ms.answer.push(answer.at - asked.t0);
    const chart = sent(asked.calls, "sendPhoto");
    if (chart) run.timings.ms.chart.push(chart.at - asked.t0);
    const messageId = (answer.call.result as { message_id: number }).message_id;
    const data = buttons(run.api, id, messageId);
    const chartData = data.find(([, d]) => d.startsWith("c:"))?.[1];
    if (chartData) {
      const pressed = await step(
        run,
        id,
        () => run.api.pressButton(id, messageId, chartData),
        (calls) => Boolean(sent(calls, "sendPhoto")),
      );
      const photo = pressed && sent(pressed.calls, "sendPhoto");
      if (pressed && photo) run.timings.ms.chartPress.push(photo.at - pressed.t0);
      else fault(run, "missing", `${question}: 📊 sent no chart`);
    }
    // another stage, form or view (not the one ticked ✓): the same message edited
    const other = data.find(([label, d]) => d.startsWith("v:") && !label.startsWith("✓"))?.[1];
    if (other) {
      const pressed = await step(
        run,
        id,
        () => run.api.pressButton(id, messageId, other),
        (calls) => Boolean(sent(calls, "editMessageText")),
      );
      const edit = pressed && sent(pressed.calls, "editMessageText");
      if (pressed && edit) run.timings.ms.edit.push(edit.at - pressed.t0);
      else fault(run, "missing", `${question}: ${other} edited nothing`);
    }
  }
}

export type { Run };
