import type { TFunction } from "i18next";
import type { Flag } from "../../core/index.ts";
import { dec1, num } from "./format.ts";
import type { Language } from "./i18n.ts";

/** A flag as one localized line: "ТФ (full-time, after re-takes): published debtors 287, recomputed 284". */
export function flagText(f: Flag, t: TFunction, lng: Language): string {
  // a published percentage is shown as printed, with its one decimal ("88,0%")
  const percentCode = f.code.endsWith("percent-mismatch");
  const params = Object.fromEntries(
    Object.entries(f.params).map(([k, v]) => [
      k,
      k === "field"
        ? t(`report.field.${v}`)
        : typeof v !== "number"
          ? v
          : percentCode && (k === "reported" || k === "printed")
            ? dec1(v, lng)
            : num(v, lng),
    ]),
  );
  const where = [f.form && t(`common.form.${f.form}`), f.stage && t(`common.stage.${f.stage}`)].filter(Boolean).join(", ");
  const head = f.unit ? `${f.unit} (${where})` : where;
  return `${head}: ${t(`flags.${f.code}`, params)}`;
}
