import type { Flag } from "../../core/index.ts";
import { problemText, type Wording } from "./problem.ts";

/** A flag as one localized line: "ТФ (full-time, after re-takes): published debtors 287, recomputed 284". */
export function flagText(f: Flag, w: Wording): string {
  const where = [
    f.form && w.t(`common.form.${f.form}`),
    f.stage && w.t(`common.stage.${f.stage}`),
    f.course && w.t("common.course", { course: f.course }),
  ]
    .filter(Boolean)
    .join(", ");
  const head = f.unit ? `${f.unit} (${where})` : where;
  return `${head}: ${problemText(f, w)}`;
}
