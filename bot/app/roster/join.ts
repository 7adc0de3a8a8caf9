// A student joins by his group's link: /start <code> asks for his student id (the "waiting
// for the id" state is a Dialogue row, so a restart mid-join loses nothing), the id must be
// on that group's roster and not bound to another account, and he becomes a student of the
// roster's unit, course, form and group.
import { z } from "zod";
import { cleanStudentId, fail, type Outcome, ok, problem } from "../../../core/index.ts";
import { endDialogue, findDialogue, saveDialogue } from "../../../prisma/store/dialogues.ts";
import { inviteByCode, joinByStudentId, rosterEntryOf } from "../../../prisma/store/roster.ts";
import { activeUser } from "../../../prisma/store/users.ts";
import { type Identity, identityOf } from "../access/identify.ts";
import type { AppDeps } from "../deps.ts";

/** The Dialogue kind of a join in progress. */
export const JOIN_DIALOGUE = "join";
/** A join left waiting longer than this is forgotten: open the link again. */
const JOIN_TTL_MS = 24 * 60 * 60 * 1000;

const code = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const joinData = z.object({ inviteId: z.number().int(), lang: z.string().optional() });
export type JoinState = z.infer<typeof joinData>;

export interface Account {
  telegramId: string;
  chatId: string;
  firstName?: string | null;
  username?: string | null;
}

/**
 * What /start <code> means when the code is a group's join link: ask for the id, or the
 * account is in already (a student on the roster: `already`; staff keep their own role:
 * `staff`). `notRoster`: any other code, redeemed as before.
 */
export type JoinStart = { kind: "notRoster" } | { kind: "ask"; group: string } | ({ kind: "already" | "staff" } & Identity);

export async function startJoin(deps: AppDeps, text: string, account: Account): Promise<Outcome<JoinStart>> {
  const parsed = code.safeParse(text);
  const invite = parsed.success ? await inviteByCode(deps.db, parsed.data) : null;
  if (!invite?.roster) return ok({ kind: "notRoster" });
  const user = await activeUser(deps.db, account.telegramId);
  if (user && (await rosterEntryOf(deps.db, user.id))) return ok({ kind: "already", ...(await identityOf(deps.db, user)) });
  if (user && user.role !== "student") return ok({ kind: "staff", ...(await identityOf(deps.db, user)) });
  const now = deps.now();
  if (invite.revokedAt !== null || invite.expiresAt <= now) return fail(problem("joinLinkExpired"));
  if (invite.uses >= invite.maxUses) return fail(problem("joinLinkFull"));
  const previous = await joinState(deps, account.chatId);
  const state: JoinState = { inviteId: invite.id, ...(previous?.lang ? { lang: previous.lang } : {}) };
  await saveDialogue(
    deps.db,
    { chatId: account.chatId, kind: JOIN_DIALOGUE, step: "studentId", data: JSON.stringify(state) },
    now,
  );
  return ok({ kind: "ask", group: invite.groupName ?? "" });
}

/** The chat's join in progress, if any. */
export async function joinState(deps: AppDeps, chatId: string): Promise<JoinState | null> {
  const row = await findDialogue(deps.db, chatId, new Date(deps.now().getTime() - JOIN_TTL_MS));
  if (row?.kind !== JOIN_DIALOGUE) return null;
  let json: unknown;
  try {
    json = JSON.parse(row.data);
  } catch {
    return null;
  }
  const data = joinData.safeParse(json);
  return data.success ? data.data : null;
}

/** The language chosen with /lang before joining: kept with the join, and given to the new account. */
export async function chooseJoinLanguage(deps: AppDeps, chatId: string, lang: string): Promise<boolean> {
  const state = await joinState(deps, chatId);
  if (!state) return false;
  const data = JSON.stringify({ ...state, lang });
  await saveDialogue(deps.db, { chatId, kind: JOIN_DIALOGUE, step: "studentId", data }, deps.now());
  return true;
}

export async function cancelJoin(deps: AppDeps, chatId: string): Promise<void> {
  await endDialogue(deps.db, chatId);
}

const REFUSAL = {
  unknownInvite: "joinLinkExpired",
  expired: "joinLinkExpired",
  full: "joinLinkFull",
  unknownId: "joinUnknownId",
  idTaken: "joinIdTaken",
} as const;

/** Refusals that count as a wrong id against the chat's guard. */
export const WRONG_ID_CODES: ReadonlySet<string> = new Set(["joinBadId", "joinUnknownId", "joinIdTaken"]);

/**
 * The id typed while a join waits for it. A refused id keeps the join waiting (the link's
 * own refusals — full, expired — end it); the joined student's identity on success.
 */
export async function submitStudentId(
  deps: AppDeps,
  state: JoinState,
  typed: string,
  account: Account,
): Promise<Outcome<Identity & { already: boolean }>> {
  const studentId = cleanStudentId(typed.slice(0, 100));
  if (!studentId) return fail(problem("joinBadId"));
  const r = await joinByStudentId(
    deps.db,
    {
      inviteId: state.inviteId,
      studentId,
      account: {
        telegramId: account.telegramId,
        firstName: account.firstName ?? null,
        username: account.username ?? null,
        language: state.lang ?? null,
      },
    },
    deps.now(),
  );
  if (!r.ok) {
    if (r.reason === "full" || r.reason === "expired" || r.reason === "unknownInvite") await endDialogue(deps.db, account.chatId);
    return fail(problem(REFUSAL[r.reason]));
  }
  await endDialogue(deps.db, account.chatId);
  return ok({ ...(await identityOf(deps.db, r.user)), already: r.already });
}
