/**
 * The p-th percentile (0..1) of ascending `sorted` values by the nearest-rank method: the smallest value with at
 * least p of the values at or below it, as PostgreSQL's `percentile_disc` computes it, so both adapters report the
 * same figures. 0 for no values.
 *
 * @example
 * percentile([10, 20, 30, 40], 0.5); // 20
 */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return sorted[index] ?? 0;
}
