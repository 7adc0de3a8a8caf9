// Which stored figure a preview or history line is about, in the user's language:
// "МТФ, 2019-2020, spring, after re-takes, full-time, course 2", "ТФ-ТМ, 2025-2026, production".
import type { Wording } from "./problem.ts";

export function refText(w: Wording, what: Readonly<Record<string, string | number>>): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(what)) {
    if (value === "" || (key === "course" && value === 0)) continue;
    if (key === "term" || key === "stage" || key === "form") parts.push(w.t(`common.${key}.${value}`));
    else if (key === "course") parts.push(w.t("common.course", { course: value }));
    else if (key === "metric") parts.push(w.t(`upload.metric.${value}`));
    else if (key === "kind") parts.push(w.t(`practice.kind.${value}`));
    else parts.push(String(value));
  }
  return parts.join(", ");
}
