// Callback data of /survey and /surveys buttons: "svd:<op>:<arg>" — a: an audience choice,
// l: launch, c: cancel the draft, q: the QR poster, x: close (the survey's id rides along).
// "I have answered" under a survey message is "sv:a:<id>" (bot/app/surveys/survey-messages.ts).
export type Press = { op: "audience"; choice: string } | { op: "launch" | "cancel" | "poster" | "close"; surveyId: number };

const OPS = { l: "launch", c: "cancel", q: "poster", x: "close" } as const;
const CODES = { launch: "l", cancel: "c", poster: "q", close: "x" } as const;

export const CALLBACK_PATTERN = /^svd:.*$/s;

export function encode(p: Press): string {
  return p.op === "audience" ? `svd:a:${p.choice}` : `svd:${CODES[p.op]}:${p.surveyId}`;
}

export function decode(data: string): Press | null {
  const choice = /^svd:a:([a-zA-Z]{1,24})$/.exec(data);
  if (choice) return { op: "audience", choice: choice[1] as string };
  const m = /^svd:([lcqx]):(\d{1,9})$/.exec(data);
  return m ? { op: OPS[m[1] as keyof typeof OPS], surveyId: Number(m[2]) } : null;
}
