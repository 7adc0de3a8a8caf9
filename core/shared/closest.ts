// "Did you mean МТФ?": the stored code nearest to a mistyped one.

/** Edits (insert, delete, replace one letter) that turn a into b. */
export function editDistance(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const row = [i];
    for (let j = 1; j <= y.length; j++)
      row[j] = Math.min(
        (prev[j] as number) + 1,
        (row[j - 1] as number) + 1,
        (prev[j - 1] as number) + (x[i - 1] === y[j - 1] ? 0 : 1),
      );
    prev = row;
  }
  return prev[y.length] as number;
}

/**
 * The candidate a word most likely means: the same letters in another case, else one edit
 * away for codes of three or four letters, two for longer names. A two-letter code one
 * letter off is another code (ЭФ is not a typo of ТФ). Null when none is that close, or
 * two are equally close.
 */
export function closestMatch(word: string, candidates: readonly string[]): string | null {
  const w = word.toLocaleLowerCase();
  const length = [...w].length;
  const limit = length > 4 ? 2 : length > 2 ? 1 : 0;
  let best: string | null = null;
  let bestDistance = limit + 1;
  let tie = false;
  for (const c of candidates) {
    const d = editDistance(w, c.toLocaleLowerCase());
    if (d < bestDistance) [best, bestDistance, tie] = [c, d, false];
    else if (d === bestDistance) tie = true;
  }
  return best !== null && !tie ? best : null;
}
