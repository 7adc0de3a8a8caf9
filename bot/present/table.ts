/** Plain-text columns padded to their widest cell (by code point, so Cyrillic lines up). */
export function alignColumns(table: readonly (readonly string[])[], rightAligned: (column: number) => boolean = () => false) {
  const columns = Math.max(0, ...table.map((row) => row.length));
  const widths = Array.from({ length: columns }, (_, i) => Math.max(...table.map((row) => [...(row[i] ?? "")].length)));
  const lines = table.map((row) =>
    row
      .map((c, i) => (rightAligned(i) ? c.padStart(widths[i] as number) : c.padEnd(widths[i] as number)))
      .join("  ")
      .trimEnd(),
  );
  return { lines, width: widths.reduce((a, w) => a + w + 2, -2) };
}
