/** Which shard is hot, if one is: a tie is a tie, and a lead within noise is no lead. */

/**
 * The busiest of `values` when it stands out: null with fewer than two values, no load, a lead of
 * at most `minLeadPct` over the mean, or a tie (two or more within `tieTolerance` of the top).
 */
export function hotIndex(values: ReadonlyArray<number>, minLeadPct = 10, tieTolerance = 0.005): { hot: number | null; tied: number[] } {
  if (values.length < 2) return { hot: null, tied: [] };
  const top = Math.max(...values);
  if (!(top > 0)) return { hot: null, tied: [] };
  const atTop = values.flatMap((v, i) => (top - v <= top * tieTolerance ? [i] : []));
  if (atTop.length > 1) return { hot: null, tied: atTop };
  const mean = values.reduce((sum, v) => sum + v, 0) / values.length;
  return { hot: ((top - mean) / mean) * 100 > minLeadPct ? atTop[0] : null, tied: [] };
}
