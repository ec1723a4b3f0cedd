/** "Did you mean": the known name closest to a mistyped one, by edit distance (CLI options and design fields). */

/**
 * Edit distance counting a swap of two neighbours as one edit (optimal string alignment: `rnu`
 * is one edit from `run`), with an early exit once it passes `limit`.
 */
export function editDistance(a: string, b: string, limit = Number.POSITIVE_INFINITY): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) current[j] = Math.min(current[j], before[j - 2] + 1);
      if (current[j] < best) best = current[j];
    }
    if (best > limit) return limit + 1;
    before = previous;
    previous = current;
  }
  return previous[b.length];
}

/**
 * The known name a typo most likely meant: within two edits (one for names of up to four
 * letters), or the only name the typo is a prefix of. Undefined when nothing is close.
 */
export function closest(typo: string, known: readonly string[]): string | undefined {
  const lower = typo.toLowerCase();
  const limit = lower.length <= 4 ? 1 : 2;
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const name of known) {
    const distance = editDistance(lower, name.toLowerCase(), limit);
    if (distance < bestDistance) {
      best = name;
      bestDistance = distance;
    }
  }
  if (best !== undefined) return best;
  const prefixed = known.filter((name) => name.startsWith(lower) && lower.length >= 2);
  return prefixed.length === 1 ? prefixed[0] : undefined;
}
