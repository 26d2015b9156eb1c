import { describe, expect, it } from 'vitest';
import type { SchedulerEvent } from '../../core/scheduler/index.js';
import { retryEvents } from './retry-plan.js';

const start: SchedulerEvent = { type: 'start', at: 1 };
const ok = (runId: number): SchedulerEvent => ({ type: 'nodeSucceeded', runId, at: 2, outputs: [[]] });
const failed: SchedulerEvent = { type: 'nodeFailed', runId: 3, at: 3, error: { name: 'Error', message: 'boom' } };

describe('retryEvents', () => {
  it('keeps the log up to the first node failure', () => {
    const checkpoints = [start, ok(1), ok(2), failed, ok(4)].map((event, sequence) => ({ sequence, event }));
    expect(retryEvents(checkpoints)).toEqual([start, ok(1), ok(2)]);
  });

  it('stops at a gap and at a cancel, and needs the start event', () => {
    expect(retryEvents([{ sequence: 0, event: start }, { sequence: 1, event: ok(1) }, { sequence: 3, event: ok(3) }])).toEqual([start, ok(1)]);
    expect(retryEvents([{ sequence: 0, event: start }, { sequence: 1, event: { type: 'cancel', at: 5, reason: 'timeout' } }])).toEqual([start]);
    expect(retryEvents([{ sequence: 1, event: ok(1) }])).toEqual([]);
    expect(retryEvents([])).toEqual([]);
  });
});
