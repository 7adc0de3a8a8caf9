// Callback data of /history's restore buttons: "rs:p:<id>" (a practice version), "rs:s:<id>"
// (a session result's version). The row id is all a press carries (nine digits at most: the
// id columns are 32-bit); the use case checks the rest.
import type { VersionTable } from "../../app/entry/restore.ts";

export const CALLBACK_PATTERN = /^rs:.*$/s;

export const encodeRestore = (table: VersionTable, id: number): string => `rs:${table === "practice" ? "p" : "s"}:${id}`;

export function decodeRestore(data: string): { table: VersionTable; id: number } | null {
  const m = /^rs:([ps]):(\d{1,9})$/.exec(data);
  return m ? { table: m[1] === "p" ? "practice" : "session", id: Number(m[2]) } : null;
}
