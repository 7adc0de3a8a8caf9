// The words of a session export in the user's language: title, captions, headings, and the
// flags' sentences (the layout itself is bot/io/session-workbook.ts).
import type { Flag, Form, Methodology, SessionSelection } from "../../core/index.ts";
import { dateTime } from "./format.ts";
import { problemText, type Wording } from "./problem.ts";
import { methodologyText, periodText } from "./session-table.ts";

export interface ExportHead {
  institution: { name: string };
  unit: string | null;
  selection: SessionSelection;
  methodology: Methodology;
  flags: readonly Flag[];
}

/** "КГТУ: Сессиянын жыйынтыгы: 2019-2020 …, бардык формалар" (with the unit when one). */
export function exportTitle(e: ExportHead, w: Wording): string {
  const { t } = w;
  const s = e.selection;
  const report = t("report.title", { period: periodText(t, s), form: t(`common.form.${s.form ?? "all"}`) });
  const institution = e.institution.name;
  return e.unit ? t("export.titleUnit", { institution, unit: e.unit, report }) : t("export.title", { institution, report });
}

/** Where a flag is: form, stage and course, in words. */
function flagWhere(f: Flag, w: Wording): string {
  return [
    f.form && w.t(`common.form.${f.form}`),
    f.stage && w.t(`common.stage.${f.stage}`),
    f.course && w.t("common.course", { course: f.course }),
  ]
    .filter(Boolean)
    .join(", ");
}

export function sessionWorkbookWords(e: ExportHead, w: Wording, now: Date) {
  const { t } = w;
  return {
    sheet: t("export.sheet"),
    title: exportTitle(e, w),
    subtitle: [methodologyText(t, e), t("export.made", { date: dateTime(now, w.lng) })],
    caption: (column: string) => t(`export.columns.${column}`),
    section: (form: Form) => t("export.section", { form: t(`common.form.${form}`) }),
    total: (form: Form | null) => (form ? t("export.total", { form: t(`common.form.${form}`) }) : t("export.totalAll")),
    notCounted: t("export.notCounted"),
    flagsSheet: t("export.flagsSheet"),
    flagsTitle: t("export.flagsTitle", { count: e.flags.length }),
    flagCaptions: [t("export.flagColumns.unit"), t("export.flagColumns.where"), t("export.flagColumns.message")] as const,
    flagWhere: (f: Flag) => flagWhere(f, w),
    flagText: (f: Flag) => problemText(f, w),
    noFlags: t("report.noFlags"),
  };
}

/** The document's caption in chat: the title and how many flags the second sheet lists. */
export function exportCaption(e: ExportHead, w: Wording): string {
  return w.t("export.caption", { title: exportTitle(e, w), flags: e.flags.length });
}
