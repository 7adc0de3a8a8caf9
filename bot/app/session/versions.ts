// Every version of a unit's session results (who entered which figures, when, from which
// file, until when), and bringing an earlier version back: as a new version, through the
// same versioned writer and confirmation as an import, so nothing is deleted.
import { type Form, fail, type Outcome, ok, problem, type Stage, type Term } from "../../../core/index.ts";
import type { FigureValue, WriteTally } from "../../../prisma/store/db.ts";
import {
  type StoredSessionResult,
  saveSessionImport,
  sessionResultVersions,
  type VersionFilter,
} from "../../../prisma/store/session-results.ts";
import type { Db, Institution, PrismaClient } from "../deps.ts";
import { describeSession, sessionFigures, sessionRef } from "../imports/describe.ts";
import {
  type Confirmation,
  confirmationGate,
  PendingConfirmation,
  type ResultRef,
  type WritePreview,
} from "../imports/preview.ts";
import { findUnit } from "../structure/institution.ts";

export interface ResultVersion {
  version: number;
  enteredBy: string;
  enteredAt: Date;
  /** a file name, or "revert:v<n>" */
  source: string;
  supersededAt: Date | null;
  /** the version's figures by the import's column names, those it has */
  figures: Record<string, FigureValue>;
}

export interface ResultVersions {
  what: ResultRef;
  versions: ResultVersion[];
}

/** Any part of the key may be left open. */
export type VersionsRequest = VersionFilter & { unit: string };

function grouped(rows: readonly StoredSessionResult[]): ResultVersions[] {
  const out = new Map<string, ResultVersions>();
  for (const r of rows) {
    const what = sessionRef(r);
    const key = Object.values(what).join("|");
    const group: ResultVersions = out.get(key) ?? { what, versions: [] };
    group.versions.push({
      version: r.version,
      enteredBy: r.enteredBy,
      enteredAt: r.enteredAt,
      source: r.source,
      supersededAt: r.supersededAt,
      figures: sessionFigures(r, r.courseAbsolute),
    });
    out.set(key, group);
  }
  return [...out.values()];
}

export async function resultVersions(db: Db, institution: Institution, req: VersionsRequest): Promise<Outcome<ResultVersions[]>> {
  const { unit, ...filter } = req;
  const found = await findUnit(db, institution.id, unit);
  if (!found.ok) return found;
  return ok(grouped(await sessionResultVersions(db, found.value.id, filter)));
}

export interface RevertRequest {
  unit: string;
  year: string;
  term: Term;
  stage: Stage;
  form: Form;
  /** 0: all courses */
  course: number;
  toVersion: number;
  enteredBy: string;
  confirm?: Confirmation;
}

export type RevertOutcome =
  | { status: "written"; preview: WritePreview; tally: WriteTally }
  | { status: "pending"; preview: WritePreview };

/** Version `toVersion`'s figures become the current ones, as a new version; the versions in between stay. */
export async function revertResult(
  db: PrismaClient,
  institution: Institution,
  req: RevertRequest,
): Promise<Outcome<RevertOutcome>> {
  const found = await findUnit(db, institution.id, req.unit);
  if (!found.ok) return found;
  const { year, term, stage, form, course } = req;
  const versions = await sessionResultVersions(db, found.value.id, { year, term, stage, form, course });
  if (!versions.length) return fail(problem("resultNotStored", { unit: found.value.code }));
  const target = versions.find((v) => v.version === req.toVersion);
  if (!target)
    return fail(
      problem("versionNotStored", {
        unit: found.value.code,
        version: req.toVersion,
        versions: versions.map((v) => v.version).join(", "),
      }),
    );
  if (target.supersededAt === null) return fail(problem("versionIsCurrent", { version: req.toVersion }));

  const rows = [{ line: 0, result: target, courseAbsolute: target.courseAbsolute }];
  const meta = {
    fileName: `revert:v${target.version}`,
    sha256: "",
    source: `revert:v${target.version}`,
    enteredBy: req.enteredBy,
  };
  const basis = `revert|${found.value.id}|${year}|${term}|${stage}|${form}|${course}|${target.version}`;
  let preview: WritePreview | undefined;
  try {
    const { added, corrected, unchanged } = await saveSessionImport(db, institution.id, rows, meta, {
      kind: "revert",
      review: confirmationGate(req.confirm, describeSession(rows), basis, (p) => {
        preview = p;
      }),
    });
    return ok({ status: "written", preview: preview as WritePreview, tally: { added, corrected, unchanged } });
  } catch (e) {
    if (e instanceof PendingConfirmation) return ok({ status: "pending", preview: e.preview });
    throw e;
  }
}
