// The comment lines a CSV opens with ("# agency: …"), which the table reader skips: some
// files carry what they are about there. A workbook's are not read (none carry any yet).
import { isZip } from "./spreadsheet.ts";
import { decodeText } from "./text.ts";

/** The text of each "#" line before the first other line, without the "#". */
export function leadingComments(bytes: Uint8Array): string[] {
  if (isZip(bytes)) return [];
  const text = decodeText(bytes);
  if ("code" in text) return [];
  const out: string[] = [];
  for (const raw of text.text.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/)) {
    // a commented line saved by Excel keeps its separators ("# agency: X;;;"), and quotes a cell with one
    let line = raw.trim().replace(/[;,\t]+$/, "");
    if (line === "") continue;
    if (line.startsWith('"#')) line = line.slice(1).replace(/"$/, "").replace(/""/g, '"');
    if (!line.startsWith("#")) break;
    out.push(line.slice(1).trim());
  }
  return out;
}
