// The buttons under /accreditation: states (needing attention, each state, all), the levels
// the scope has, and the chart. The current choice is marked with •.
import type { InlineKeyboardButton } from "telegraf/types";
import { ACCREDITATION_STATUSES, ATTENTION_STATUSES, PROGRAMME_LEVELS, type ProgrammeLevel } from "../../../core/index.ts";
import type { Wording } from "../../present/problem.ts";
import { type AccreditationView, encodeChart, encodeView } from "./callback-data.ts";
import { MARK } from "./text.ts";

const mark = (on: boolean, text: string) => (on ? `• ${text}` : text);

export function registryKeyboard(
  view: AccreditationView & { attention: boolean },
  levels: readonly ProgrammeLevel[],
  { t }: Wording,
): InlineKeyboardButton[][] {
  const same = { unitId: view.unitId, level: view.level };
  const only = (s: string) => view.status?.length === 1 && view.status[0] === s;
  const states: InlineKeyboardButton[] = [
    {
      text: mark(view.attention, t("accreditationBot.button.attention")),
      callback_data: encodeView({ ...same, status: ATTENTION_STATUSES }),
    },
    ...ACCREDITATION_STATUSES.map((s) => ({
      text: mark(only(s), `${MARK[s]} ${t(`accreditationBot.status.${s}`)}`),
      callback_data: encodeView({ ...same, status: [s] }),
    })),
    { text: mark(view.status === null, t("accreditationBot.button.all")), callback_data: encodeView({ ...same, status: null }) },
  ];
  const statusOf = (v: AccreditationView) => ({ ...v, status: view.status });
  const levelButtons: InlineKeyboardButton[] = [
    ...PROGRAMME_LEVELS.filter((l) => levels.includes(l)).map((l) => ({
      text: mark(view.level === l, t(`accreditationBot.level.${l}`)),
      callback_data: encodeView(statusOf({ unitId: view.unitId, level: l, status: null })),
    })),
  ];
  if (view.level !== null)
    levelButtons.push({
      text: t("accreditationBot.button.allLevels"),
      callback_data: encodeView(statusOf({ unitId: view.unitId, level: null, status: null })),
    });
  const rows: InlineKeyboardButton[][] = [states.slice(0, 3), states.slice(3)];
  // two or more levels make a choice; one level alone does not
  for (let i = 0; levelButtons.length > 1 && i < levelButtons.length; i += 3) rows.push(levelButtons.slice(i, i + 3));
  rows.push([{ text: t("accreditationBot.button.chart"), callback_data: encodeChart(same) }]);
  return rows;
}
