// The practice chart button: "pc:<year>:<unit id, 0 for the institution>" (unit ids, not
// codes, keep it within Telegram's 64 bytes).
const PATTERN = /^pc:(\d{4}-\d{4}):(\d{1,9})$/;

export const CHART_DATA = /^pc:/;

export function encodeChart(year: string, unitId: number | null): string {
  return `pc:${year}:${unitId ?? 0}`;
}

export function decodeChart(data: string): { year: string; unitId: number | null } | null {
  const m = PATTERN.exec(data);
  if (!m) return null;
  const id = Number(m[2]);
  return { year: m[1] as string, unitId: id === 0 ? null : id };
}
