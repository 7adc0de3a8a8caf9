// The kinds of notices a person receives, and which of them they may switch off.

/** Every category a campaign belongs to; the order is the order /settings shows. */
export const NOTICE_CATEGORIES = ["announcements", "reminders", "surveys", "requests"] as const;
export type NoticeCategory = (typeof NOTICE_CATEGORIES)[number];

/** Data requests addressed to a unit's head are part of the job: they cannot be switched off. */
const MANDATORY: ReadonlySet<NoticeCategory> = new Set(["requests"]);

export function isMandatory(category: NoticeCategory): boolean {
  return MANDATORY.has(category);
}

export function isNoticeCategory(value: string): value is NoticeCategory {
  return (NOTICE_CATEGORIES as readonly string[]).includes(value);
}

/** Whether a notice of this category reaches someone who switched off `muted`. */
export function receives(category: NoticeCategory, muted: ReadonlySet<string>): boolean {
  return isMandatory(category) || !muted.has(category);
}
