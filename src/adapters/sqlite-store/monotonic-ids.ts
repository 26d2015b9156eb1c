import { newId } from '../store-common/index.js';

/**
 * Time-ordered ids that also keep creation order within one millisecond: when a fresh id would not sort after the
 * previous one (same millisecond, or the clock stepped back), the previous id plus one is used instead, as
 * UUIDv7's monotonic counter method does. Lists sort by (time, id), so rows created in a burst keep their order.
 *
 * @example
 * const ids = monotonicIds();
 * ids(Date.now()) < ids(Date.now()); // true
 */
export function monotonicIds(): (now: number) => string {
  let last = '';
  return (now) => {
    let id = newId(now);
    if (id <= last) id = increment(last);
    last = id;
    return id;
  };
}

function increment(id: string): string {
  const hex = (BigInt(`0x${id.replaceAll('-', '')}`) + 1n).toString(16).padStart(32, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
