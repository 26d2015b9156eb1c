import { newId } from '../store-common/index.js';
import { isUuid } from './keyset.js';

/**
 * The creation time (epoch ms) written into a time-ordered execution id, or undefined when `id` is not one.
 * Execution rows are partitioned and keyed by `created_at`, and `created_at` is always the id's own timestamp,
 * so a lookup by id alone becomes `id = $1 and created_at = $2` and touches exactly one partition.
 */
export function createdAtOf(id: string): number | undefined {
  if (!isUuid(id)) return undefined;
  const hex = id.slice(0, 8) + id.slice(9, 13);
  return Number.parseInt(hex, 16);
}

/**
 * Execution ids for one process: time-ordered, and strictly increasing within one millisecond (the previous id
 * plus one, UUIDv7's monotonic counter) so a burst lists in creation order. Unlike a global counter it never
 * carries a later timestamp into an earlier millisecond: the id's timestamp must stay equal to `created_at`.
 *
 * @example
 * const next = executionIds();
 * next(Date.now()) < next(Date.now()); // true
 */
export function executionIds(): (now: number) => string {
  let last = '';
  return (now) => {
    let id = newId(now);
    if (id <= last && last.slice(0, 13) === id.slice(0, 13)) id = increment(last);
    last = id;
    return id;
  };
}

function increment(id: string): string {
  const hex = (BigInt(`0x${id.replaceAll('-', '')}`) + 1n).toString(16).padStart(32, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
