// One shape for everything that is not an answer: a refusal, a flag on published figures,
// an import error. Each trigger words it once (bot reply, CLI stderr, later HTTP JSON);
// the code is the key under locales/<lng>/problems.json.

/** A parameter; null stands for "the whole institution" where a unit is expected. */
export type ProblemParam = string | number | null;

export interface Problem {
  code: string;
  params: Record<string, ProblemParam>;
}

export function problem(code: string, params: Record<string, ProblemParam> = {}): Problem {
  return { code, params };
}

/** What a use case returns: its value, or the one problem that stopped it. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; problem: Problem };

export const ok = <T>(value: T): Outcome<T> => ({ ok: true, value });
export const fail = <T = never>(p: Problem): Outcome<T> => ({ ok: false, problem: p });
