import { DAY_MS, dayStart } from './partitions.js';

/**
 * One `created_at` range of a windowed list scan: `from <= created_at < before`; an undefined bound is open
 * (the first window is open above, where the query's own cursor / startedBefore bound applies; the last is open
 * below, down to startedAfter or the beginning of history).
 */
export interface TimeWindow {
  readonly from: number | undefined;
  readonly before: number | undefined;
}

/** Where a windowed scan starts and ends. */
export interface WindowBounds {
  /** The newest time the list can return (cursor time, startedBefore - 1, now…): the first window is its day. */
  readonly anchor: number;
  /** startedAfter (inclusive), if any: no window reaches below it. */
  readonly floor: number | undefined;
  /** Start of the oldest known partition day: once a window reaches it, the next window is the last (open below). */
  readonly oldest: number | undefined;
}

/**
 * The windows of a newest-first scan: the anchor's day, then the 2, 4, 8… days below it, each starting where the
 * previous one ended, until a window reaches `floor` or the oldest partition; that one is the last and open
 * below (down to `floor`), so every row is covered whatever the (cached, maybe stale) `oldest` says: a stale
 * value only costs an extra window, never a missed row.
 *
 * Each window has constant bounds, so PostgreSQL prunes to its few daily partitions while planning instead of
 * opening every partition for an ordered Merge Append; doubling keeps a sparse filter to a logarithmic number
 * of queries.
 *
 * @example
 * // Partitions from day 0; the list's newest possible row is in day 5 (d = DAY_MS):
 * [...timeWindows({ anchor: 5 * d + 10, floor: undefined, oldest: 0 })];
 * // [{ from: 5d, before: undefined }, { from: 3d, before: 5d }, { from: undefined, before: 3d }]
 */
export function* timeWindows(bounds: WindowBounds): Generator<TimeWindow> {
  const { floor, oldest } = bounds;
  let from = dayStart(bounds.anchor);
  let before: number | undefined;
  let width = 1;
  for (;;) {
    const last = (floor !== undefined && from <= floor) || oldest === undefined || from <= oldest;
    if (last) {
      yield { from: floor, before };
      return;
    }
    yield { from, before };
    before = from;
    width *= 2;
    from -= width * DAY_MS;
  }
}
