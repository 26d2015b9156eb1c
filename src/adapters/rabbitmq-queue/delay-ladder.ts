import { DELAY_TIERS_MS } from './topology.js';

/**
 * The ladder tier to wait in next for a job due in `remainingMs`: the largest tier not longer than the wait, so
 * the job never arrives late by more than the smallest tier; a wait shorter than the smallest tier takes the
 * smallest (late by under 16 ms rather than early). `undefined` when the job is due now.
 *
 * @example
 * nextDelayTier(200); // 128 (then 64, then 16 for the last 8 ms)
 */
export function nextDelayTier(remainingMs: number): number | undefined {
  if (!(remainingMs > 0)) return undefined;
  let chosen = DELAY_TIERS_MS[0] as number;
  for (const tierMs of DELAY_TIERS_MS) {
    if (tierMs > remainingMs) break;
    chosen = tierMs;
  }
  return chosen;
}
