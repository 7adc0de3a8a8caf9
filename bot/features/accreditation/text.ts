// The registry as a chat message: the counts line, then the programmes asked for (by default
// those needing attention) grouped per unit, soonest first, with expiry date and days left.
// A long list is cut to fit one Telegram message, with "… +N" and where the full list is.
import { type AccreditationStatus, type ExpiryWindow, formatDay, programmeName } from "../../../core/index.ts";
import type { Registry, RegistryLine } from "../../app/accreditation/accreditation-registry.ts";
import { esc } from "../../present/html.ts";
import type { Wording } from "../../present/problem.ts";

/** Room for the text in one message (4096), less what the "… +N" line needs. */
export const TEXT_BUDGET = 3900;

export const MARK: Record<AccreditationStatus, string> = { valid: "✅", expiring: "⏳", expired: "❌", never: "➖" };

export function windowText(w: ExpiryWindow, { t }: Wording): string {
  return "months" in w ? t("accreditationBot.months", { count: w.months }) : t("accreditationBot.days", { count: w.days });
}

function leftText(days: number, { t }: Wording): string {
  if (days > 0) return t("accreditationBot.left", { count: days });
  if (days === 0) return t("accreditationBot.expiredToday");
  return t("accreditationBot.expiredAgo", { count: -days });
}

export function lineText(r: RegistryLine, w: Wording): string {
  const p = r.programme;
  const common = {
    mark: MARK[r.status],
    code: p.code,
    name: programmeName(p, w.lng),
    level: w.t(`accreditationBot.level.${p.level}`),
  };
  if (!r.current || r.daysLeft === null) return esc(w.t("accreditationBot.lineNever", common));
  return esc(w.t("accreditationBot.line", { ...common, expires: formatDay(r.current.expiresOn), left: leftText(r.daysLeft, w) }));
}

export interface TextOptions {
  /** the unit's name as shown (the institution's when the whole of it) */
  unitName: string;
  /** true when the states shown are the default (those needing attention) */
  attention: boolean;
  status: readonly AccreditationStatus[] | null;
}

export function registryText(reg: Registry, w: Wording, o: TextOptions): string {
  const { t } = w;
  const c = reg.counts;
  const total = c.valid + c.expiring + c.expired + c.never;
  const within = windowText(reg.window, w);
  const head = [`<b>${esc(t("accreditationBot.title", { unit: o.unitName, on: formatDay(reg.on) }))}</b>`];
  if (!total) {
    const none = reg.level
      ? t("accreditationBot.noProgrammesLevel", { unit: o.unitName, level: t(`accreditationBot.level.${reg.level}`) })
      : t("accreditationBot.noProgrammes", { unit: o.unitName });
    return [...head, esc(none)].join("\n");
  }
  head.push(esc(t("accreditationBot.counts", { total, ...c, within })));
  if (reg.level) head.push(esc(t("accreditationBot.filters", { filters: t(`accreditationBot.level.${reg.level}`) })));
  if (o.attention) head.push("", esc(t("accreditationBot.attention")));
  else if (o.status)
    head.push(
      "",
      esc(t("accreditationBot.shown", { statuses: o.status.map((s) => t(`accreditationBot.status.${s}`)).join(", ") })),
    );
  if (!reg.rows.length) {
    head.push(esc(t(o.attention ? "accreditationBot.noneAttention" : "accreditationBot.noneShown", { within })));
    return head.join("\n");
  }
  // per unit, units in the order their most urgent programme comes
  const units = new Map<string, RegistryLine[]>();
  for (const r of reg.rows) units.set(r.programme.unit, [...(units.get(r.programme.unit) ?? []), r]);
  const out = [...head];
  let length = out.join("\n").length;
  let shown = 0;
  for (const [unit, rows] of units) {
    const block = ["", `<b>${esc(unit)}</b>`];
    for (const r of rows) {
      const line = lineText(r, w);
      const extra = [...block, line].join("\n").length + 1;
      if (length + extra > TEXT_BUDGET) {
        if (block.length > 2) out.push(...block);
        out.push("", esc(t("accreditationBot.more", { count: reg.rows.length - shown })));
        return out.join("\n");
      }
      block.push(line);
      shown += 1;
    }
    out.push(...block);
    length = out.join("\n").length;
  }
  return out.join("\n");
}
