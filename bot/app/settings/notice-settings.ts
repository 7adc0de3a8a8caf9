// /settings: which kinds of notices a user receives, and switching one on or off.
// Mandatory categories (data requests) stay on: switching one off is refused here, so every
// trigger gets the same answer; the delivery engine reads the same opt-outs (mutedByUser).
import {
  fail,
  isMandatory,
  isNoticeCategory,
  NOTICE_CATEGORIES,
  type NoticeCategory,
  type Outcome,
  ok,
  problem,
  receives,
} from "../../../core/index.ts";
import { mutedCategories, setNoticeCategory } from "../../../prisma/store/notices.ts";
import type { AppDeps } from "../deps.ts";

/** One line of /settings: a category, whether it reaches the user, whether it may be switched off. */
export interface NoticeSetting {
  category: NoticeCategory;
  on: boolean;
  mandatory: boolean;
}

/** The bound user the settings belong to. */
export interface NoticeUser {
  id: number;
}

/** Every category in NOTICE_CATEGORIES order, as it stands for this user. */
export async function noticeSettings(deps: Pick<AppDeps, "db">, user: NoticeUser): Promise<NoticeSetting[]> {
  const muted = await mutedCategories(deps.db, user.id);
  return NOTICE_CATEGORIES.map((category) => ({
    category,
    on: receives(category, muted),
    mandatory: isMandatory(category),
  }));
}

/**
 * Switches a category on or off; the settings as they are afterwards. Idempotent. An
 * unknown category (forged or outdated button data) and switching off a mandatory one are
 * refused, and nothing changes.
 */
export async function switchNotice(
  deps: Pick<AppDeps, "db">,
  user: NoticeUser,
  category: string,
  on: boolean,
): Promise<Outcome<NoticeSetting[]>> {
  if (!isNoticeCategory(category)) return fail(problem("noticeUnknown", { category }));
  if (!on && isMandatory(category)) return fail(problem("noticeMandatory", { category }));
  await setNoticeCategory(deps.db, user.id, category, on);
  return ok(await noticeSettings(deps, user));
}
