// The registry's files (DOMAIN.md §5), read row by row into plain values with issues naming
// line and column: programmes, accreditations, licences, agencies. Codes stay text; a code
// that arrives as a bare number short of six digits (a spreadsheet cell typed as a number
// drops 050709's zero) is padded back where the level's codes have six, with a warning.
import {
  ACCREDITATION_KINDS,
  type AccreditationKind,
  cleanName,
  codeFromNumber,
  DEFAULT_TERM_YEARS,
  isIndefinite,
  LICENCE_BASES,
  LICENCE_STATES,
  type LicenceBasis,
  type LicenceState,
  MAX_TERM_YEARS,
  type ProgrammeLevel,
  parseAcademicYear,
  parseDay,
  parseLevel,
  programmeCode,
} from "../../../core/index.ts";
import type { ImportIssue, Table } from "../../io/table.ts";
import { checkColumns, yesNo } from "./fields.ts";

type Issues = ImportIssue[];

/** Words files use for the closed lists, lower-cased → the stored value. */
const WORDS: Record<string, Record<string, string>> = {
  form: {
    "full-time": "full-time",
    очная: "full-time",
    очно: "full-time",
    күндүзгү: "full-time",
    "part-time": "part-time",
    заочная: "part-time",
    заочно: "part-time",
    сырттан: "part-time",
    сырттай: "part-time",
    evening: "evening",
    вечерняя: "evening",
    кечки: "evening",
    distance: "distance",
    дистанционная: "distance",
    аралыктан: "distance",
  },
  kind: {
    programmatic: "programmatic",
    программная: "programmatic",
    программалык: "programmatic",
    institutional: "institutional",
    институциональная: "institutional",
    институционалдык: "institutional",
  },
  basis: {
    ministry: "ministry",
    министерство: "ministry",
    мон: "ministry",
    министрлик: "ministry",
    билим: "ministry",
    council: "council",
    "учёный совет": "council",
    "ученый совет": "council",
    "окумуштуулар кеңеши": "council",
  },
  state: {
    applied: "applied",
    подана: "applied",
    заявка: "applied",
    // "берилген" alone is "issued": the application is "арыз берилген"
    "арыз берилген": "applied",
    "өтүнмө берилген": "applied",
    арыз: "applied",
    берилген: "granted",
    берилди: "granted",
    granted: "granted",
    выдана: "granted",
    выдан: "granted",
    алынган: "granted",
    "not-granted": "not-granted",
    "not granted": "not-granted",
    отказано: "not-granted",
    "не выдана": "not-granted",
    "берилген жок": "not-granted",
    берилбеди: "not-granted",
  },
};

const word = (column: keyof typeof WORDS, raw: string) => WORDS[column]?.[raw.trim().toLowerCase().replace(/ё/g, "е")] ?? null;

function checkHeader(table: Table, required: readonly string[], optional: readonly string[]): Issues {
  const all = new Set([...required, ...optional]);
  return checkColumns(table.header, table.headerLine, required, (c) => all.has(c));
}

function text(line: number, column: string, raw: string | undefined, issues: Issues, required = false): string | null {
  const r = cleanName(raw ?? "", 300);
  if (!r.ok) {
    issues.push({ line, code: r.problem.code, params: { column, ...r.problem.params } });
    return null;
  }
  if (!r.value && required) issues.push({ line, code: "required", params: { column } });
  return r.value || null;
}

function day(line: number, column: string, raw: string | undefined, issues: Issues, required = false): string | null {
  const s = (raw ?? "").trim();
  if (!s) {
    if (required) issues.push({ line, code: "required", params: { column } });
    return null;
  }
  const d = parseDay(s);
  if (!d) issues.push({ line, code: "badDate", params: { column, value: s } });
  return d;
}

function level(line: number, raw: string | undefined, issues: Issues, required: boolean): ProgrammeLevel | null {
  const s = (raw ?? "").trim();
  if (!s) {
    if (required) issues.push({ line, code: "required", params: { column: "level" } });
    return null;
  }
  const l = parseLevel(s);
  if (!l) issues.push({ line, code: "accreditationBadLevel", params: { column: "level", value: s } });
  return l;
}

function closed<T extends string>(
  line: number,
  column: keyof typeof WORDS,
  raw: string | undefined,
  allowed: readonly T[],
  issues: Issues,
): T | null {
  const s = (raw ?? "").trim();
  if (!s) {
    issues.push({ line, code: "required", params: { column } });
    return null;
  }
  const v = word(column, s);
  if (!v) issues.push({ line, code: "notOneOf", params: { column, value: s, allowed: allowed.join(", ") } });
  return v as T | null;
}

/** A programme code as the file gives it, padded back (with a warning) where a number lost its zeros. */
function code(
  line: number,
  raw: string | undefined,
  lvl: ProgrammeLevel | null,
  issues: Issues,
  warnings: Issues,
  required = true,
): string | null {
  const c = programmeCode(raw ?? "");
  if (!c) {
    if (required) issues.push({ line, code: "required", params: { column: "programme_code" } });
    return null;
  }
  // only a short run of digits not starting with 0 can be a number that lost its zeros:
  // "050709" or "0123" as text is kept as written
  if (/^[1-9]\d{0,4}$/.test(c)) {
    const padded = codeFromNumber(Number(c), lvl);
    if (padded.padded) warnings.push({ line, code: "programmeCodePadded", params: { value: c, code: padded.code } });
    return padded.code;
  }
  return c;
}

export interface ProgrammeRow {
  line: number;
  code: string;
  level: ProgrammeLevel;
  nameKy: string;
  nameRu: string | null;
  nameEn: string | null;
  unit: string;
  forms: string[];
  durationYears: number | null;
  leader: string | null;
  /** the file's columns: a column left out keeps what is stored */
  given: readonly string[];
}

export interface Parsed<R> {
  rows: R[];
  issues: Issues;
  warnings: Issues;
}

export function parseProgrammeRows(table: Table): Parsed<ProgrammeRow> {
  const issues = checkHeader(table, ["code", "name", "level", "unit"], ["form", "duration", "leader", "name_ru", "name_en"]);
  const warnings: Issues = [];
  if (issues.length) return { rows: [], issues, warnings };
  const rows: ProgrammeRow[] = [];
  const seen = new Map<string, number>();
  for (const { line, values: v } of table.records) {
    const before = issues.length;
    const lvl = level(line, v.level, issues, true);
    const c = code(line, v.code, lvl, issues, warnings);
    const nameKy = text(line, "name", v.name, issues, true);
    const unit = text(line, "unit", v.unit, issues, true);
    const forms = (v.form ?? "")
      .split(/[,;/]/)
      .map((f) => f.trim())
      .filter(Boolean)
      .map((f) => {
        const w = word("form", f);
        if (!w)
          issues.push({
            line,
            code: "notOneOf",
            params: { column: "form", value: f, allowed: "full-time, part-time, evening, distance" },
          });
        return w ?? f;
      });
    const d = (v.duration ?? "").trim().replace(",", ".");
    const duration = d ? Number(d) : null;
    if (duration !== null && (!Number.isFinite(duration) || duration <= 0 || duration > 10))
      issues.push({ line, code: "notNumber", params: { column: "duration", value: v.duration ?? "" } });
    if (issues.length > before || !c || !lvl || !nameKy || !unit) continue;
    const key = `${lvl}|${c}`;
    const first = seen.get(key);
    if (first !== undefined) issues.push({ line, code: "duplicateRow", params: { first } });
    seen.set(key, line);
    rows.push({
      line,
      code: c,
      level: lvl,
      nameKy,
      nameRu: text(line, "name_ru", v.name_ru, issues),
      nameEn: text(line, "name_en", v.name_en, issues),
      unit,
      forms: [...new Set(forms)],
      durationYears: duration,
      leader: text(line, "leader", v.leader, issues),
      given: table.header,
    });
  }
  return { rows, issues, warnings };
}

/** A programme named by a row: its code, and its level when the file gives one. */
export interface ProgrammeRef {
  code: string;
  level: ProgrammeLevel | null;
}

export interface AccreditationRow {
  line: number;
  kind: AccreditationKind;
  programme: ProgrammeRef | null;
  unit: string | null;
  agency: string;
  framework: string | null;
  decisionDate: string;
  termYears: number;
  conditions: string | null;
}

export function parseAccreditationRows(table: Table): Parsed<AccreditationRow> {
  const issues = checkHeader(
    table,
    ["programme_code", "agency", "kind", "decision_date", "term_years"],
    ["framework", "conditions", "level", "unit"],
  );
  const warnings: Issues = [];
  if (issues.length) return { rows: [], issues, warnings };
  const rows: AccreditationRow[] = [];
  for (const { line, values: v } of table.records) {
    const before = issues.length;
    const kind = closed<AccreditationKind>(line, "kind", v.kind, ACCREDITATION_KINDS, issues);
    const lvl = level(line, v.level, issues, false);
    const c = code(line, v.programme_code, lvl, issues, warnings, kind !== "institutional");
    const unit = text(line, "unit", v.unit, issues, kind === "institutional");
    const agency = text(line, "agency", v.agency, issues, true);
    const decisionDate = day(line, "decision_date", v.decision_date, issues, true);
    const t = (v.term_years ?? "").trim();
    const term = t ? Number(t) : DEFAULT_TERM_YEARS;
    if (!Number.isInteger(term) || term < 1 || term > MAX_TERM_YEARS)
      issues.push({ line, code: "accreditationBadTerm", params: { column: "term_years", value: t, max: MAX_TERM_YEARS } });
    if (issues.length > before || !kind || !agency || !decisionDate) continue;
    rows.push({
      line,
      kind,
      programme: kind === "programmatic" && c ? { code: c, level: lvl } : null,
      unit: kind === "institutional" ? unit : null,
      agency,
      framework: text(line, "framework", v.framework, issues),
      decisionDate,
      termYears: term,
      conditions: text(line, "conditions", v.conditions, issues),
    });
  }
  return { rows, issues, warnings };
}

export interface LicenceRow {
  line: number;
  programme: ProgrammeRef;
  basis: LicenceBasis;
  unit: string;
  state: LicenceState;
  appliedOn: string | null;
  decidedOn: string | null;
  validUntil: string | null;
  number: string | null;
  year: string | null;
}

export function parseLicenceRows(table: Table): Parsed<LicenceRow> {
  const issues = checkHeader(
    table,
    ["programme_code", "basis", "unit", "state"],
    ["level", "applied_on", "decided_on", "valid_until", "number", "year"],
  );
  const warnings: Issues = [];
  if (issues.length) return { rows: [], issues, warnings };
  const rows: LicenceRow[] = [];
  for (const { line, values: v } of table.records) {
    const before = issues.length;
    const lvl = level(line, v.level, issues, false);
    const c = code(line, v.programme_code, lvl, issues, warnings);
    const basis = closed<LicenceBasis>(line, "basis", v.basis, LICENCE_BASES, issues);
    const state = closed<LicenceState>(line, "state", v.state, LICENCE_STATES, issues);
    const unit = text(line, "unit", v.unit, issues, true);
    const appliedOn = day(line, "applied_on", v.applied_on, issues);
    const decidedOn = day(line, "decided_on", v.decided_on, issues);
    const validUntil = isIndefinite(v.valid_until ?? "") ? null : day(line, "valid_until", v.valid_until, issues);
    const y = (v.year ?? "").trim();
    const year = y ? parseAcademicYear(y) : null;
    if (y && !year) issues.push({ line, code: "badYear", params: { column: "year", value: y } });
    if (issues.length > before || !c || !basis || !state || !unit) continue;
    rows.push({
      line,
      programme: { code: c, level: lvl },
      basis,
      unit,
      state,
      appliedOn,
      decidedOn,
      validUntil,
      number: text(line, "number", v.number, issues),
      year,
    });
  }
  return { rows, issues, warnings };
}

export interface AgencyRow {
  line: number;
  code: string;
  name: string;
  international: boolean;
  aliases: string[];
}

export function parseAgencyRows(table: Table): Parsed<AgencyRow> {
  const issues = checkHeader(table, ["code", "name"], ["international", "aliases"]);
  const warnings: Issues = [];
  if (issues.length) return { rows: [], issues, warnings };
  const rows: AgencyRow[] = [];
  for (const { line, values: v } of table.records) {
    const before = issues.length;
    const c = text(line, "code", v.code, issues, true);
    const name = text(line, "name", v.name, issues, true);
    const intl = yesNo.safeParse(v.international ?? "no");
    if (!intl.success) issues.push({ line, code: "notYesNo", params: { column: "international", value: v.international ?? "" } });
    if (issues.length > before || !c || !name || !intl.success) continue;
    const aliases = (v.aliases ?? "")
      .split(/[;|]/)
      .map((a) => text(line, "aliases", a, issues))
      .filter((a): a is string => !!a);
    rows.push({ line, code: c, name, international: v.international ? intl.data : false, aliases: [...new Set(aliases)] });
  }
  return { rows, issues, warnings };
}
