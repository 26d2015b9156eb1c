import { describe, expect, it } from 'vitest';
import { DAY_MS } from './partitions.js';
import { timeWindows, type TimeWindow, type WindowBounds } from './time-windows.js';

const d = DAY_MS;
const day0 = Date.UTC(2026, 0, 1);

function windows(bounds: WindowBounds): TimeWindow[] {
  const all = [...timeWindows(bounds)];
  expect(all.length).toBeLessThan(64); // a runaway generator would hang the real scan
  return all;
}

/** True when `time` falls in exactly one window. */
function coveredOnce(all: readonly TimeWindow[], time: number): boolean {
  return all.filter((w) => (w.from === undefined || time >= w.from) && (w.before === undefined || time < w.before)).length === 1;
}

describe('timeWindows', () => {
  it('starts with the anchor day, open above, then doubles the width until it reaches the oldest partition', () => {
    expect(windows({ anchor: day0 + 40 * d + 123, floor: undefined, oldest: day0 })).toEqual([
      { from: day0 + 40 * d, before: undefined },
      { from: day0 + 38 * d, before: day0 + 40 * d },
      { from: day0 + 34 * d, before: day0 + 38 * d },
      { from: day0 + 26 * d, before: day0 + 34 * d },
      { from: day0 + 10 * d, before: day0 + 26 * d },
      // 32 days below would pass the oldest partition: the last window is open below.
      { from: undefined, before: day0 + 10 * d },
    ]);
  });

  it('stops at the floor (startedAfter) and uses it as the last lower bound', () => {
    expect(windows({ anchor: day0 + 10 * d, floor: day0 + 7 * d + 5, oldest: day0 })).toEqual([
      { from: day0 + 10 * d, before: undefined },
      { from: day0 + 8 * d, before: day0 + 10 * d },
      { from: day0 + 7 * d + 5, before: day0 + 8 * d },
    ]);
    expect(windows({ anchor: day0 + 10 * d + 9, floor: day0 + 10 * d + 1, oldest: day0 })).toEqual([{ from: day0 + 10 * d + 1, before: undefined }]);
  });

  it('is one unbounded query when no partition is known or the anchor is at or before the oldest day', () => {
    expect(windows({ anchor: day0, floor: undefined, oldest: undefined })).toEqual([{ from: undefined, before: undefined }]);
    expect(windows({ anchor: day0 + 5, floor: undefined, oldest: day0 })).toEqual([{ from: undefined, before: undefined }]);
    expect(windows({ anchor: day0 - 3 * d, floor: 17, oldest: day0 })).toEqual([{ from: 17, before: undefined }]);
  });

  it('covers every instant from the floor up exactly once, whatever the (maybe stale) oldest day', () => {
    const anchor = day0 + 200 * d + 1_000;
    for (const oldest of [day0 - 50 * d, day0, day0 + 150 * d, day0 + 199 * d, day0 + 300 * d]) {
      for (const floor of [undefined, day0 + 77 * d + 3]) {
        const all = windows({ anchor, floor, oldest });
        for (const time of [day0 - 400 * d, day0, day0 + 77 * d + 3, day0 + 100 * d, day0 + 199 * d + 5, anchor, anchor + 50 * d]) {
          if (floor !== undefined && time < floor) expect(all.some((w) => w.from === undefined || time >= w.from)).toBe(false);
          else expect(coveredOnce(all, time), JSON.stringify({ oldest, floor, time })).toBe(true);
        }
        // Newest first: each window ends where the previous one started.
        all.slice(1).forEach((w, index) => expect(w.before).toBe(all[index]!.from));
      }
    }
  });

  it('needs only a logarithmic number of windows for a long history', () => {
    expect(windows({ anchor: day0 + 3650 * d, floor: undefined, oldest: day0 }).length).toBe(12);
  });
});
