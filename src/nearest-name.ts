// "Did you mean ...?": the allowed name closest to a misspelt one, for messages about unknown
// commands, fields and enum values.

/** Edits (insert, delete, substitute, swap two neighbours) that turn `from` into `to`, case-insensitively. */
export function editDistance(from: string, to: string): number {
  const a = from.toLowerCase();
  const b = to.toLowerCase();
  // Three rows of the dynamic-programming table: the swap looks two rows back.
  let before = new Array<number>(b.length + 1).fill(0);
  let previous = Array.from({ length: b.length + 1 }, (_, column) => column);
  for (let row = 1; row <= a.length; row += 1) {
    const current = [row];
    for (let column = 1; column <= b.length; column += 1) {
      const cost = a[row - 1] === b[column - 1] ? 0 : 1;
      let best = Math.min(previous[column]! + 1, current[column - 1]! + 1, previous[column - 1]! + cost);
      if (row > 1 && column > 1 && a[row - 1] === b[column - 2] && a[row - 2] === b[column - 1]) best = Math.min(best, before[column - 2]! + 1);
      current.push(best);
    }
    [before, previous] = [previous, current];
  }
  return previous[b.length]!;
}

/**
 * The allowed name nearest to `name`, when it is near enough to be a slip (at most a third of its
 * letters, and never more than 3, are off; a name of one or two letters must match but for case); undefined otherwise. Ties go to the first allowed name.
 */
export function nearestName(name: string, allowed: readonly string[]): string | undefined {
  const limit = Math.min(3, Math.floor(name.length / 3));
  let best: { name: string; distance: number } | undefined;
  for (const candidate of allowed) {
    const distance = editDistance(name, candidate);
    if (distance <= limit && (!best || distance < best.distance)) best = { name: candidate, distance };
  }
  return best?.name;
}

/** ` (did you mean "x"?)`, or nothing when no allowed name is near. */
export function didYouMean(name: string, allowed: readonly string[]): string {
  const near = nearestName(name, allowed);
  return near === undefined ? '' : ` (did you mean ${JSON.stringify(near)}?)`;
}
