import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SchedulerEvent } from '../../core/scheduler/index.js';
import type { ExecutionCheckpoint } from '../../ports/store/index.js';
import { CheckpointWriter } from './checkpoint-writer.js';

/** A store fake that records each saveCheckpoints call; `behaviour` decides what a call does. */
function recordingStore(behaviour: (call: number) => 'ok' | 'fenced' | 'fail' = () => 'ok') {
  const calls: ExecutionCheckpoint[][] = [];
  return {
    calls,
    saveCheckpoints: async (_id: string, _attempt: number, checkpoints: readonly ExecutionCheckpoint[]) => {
      calls.push([...checkpoints]);
      const outcome = behaviour(calls.length);
      if (outcome === 'fail') throw new Error('database down');
      return outcome === 'ok';
    },
  };
}

const succeeded = (runId: number): SchedulerEvent => ({ type: 'nodeSucceeded', runId, at: runId, outputs: [[{ json: { runId } }]] });

describe('CheckpointWriter', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('writes events that arrive within one interval in a single call, numbered from firstSequence', async () => {
    vi.useFakeTimers();
    const store = recordingStore();
    const writer = new CheckpointWriter({ store, executionId: 'e1', attempt: 1, firstSequence: 3, flushIntervalMs: 5, onFencedOut: () => undefined });
    writer.add(succeeded(1));
    writer.add(succeeded(2));
    expect(store.calls).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(5);
    expect(store.calls.map((batch) => batch.map((checkpoint) => checkpoint.sequence))).toEqual([[3, 4]]);
    writer.add(succeeded(3));
    await vi.advanceTimersByTimeAsync(5);
    expect(store.calls.map((batch) => batch.map((checkpoint) => checkpoint.sequence))).toEqual([[3, 4], [5]]);
    expect(await writer.close()).toBe(true);
    expect(store.calls).toHaveLength(2);
  });

  it('writes what is left on close, without waiting for the interval', async () => {
    const store = recordingStore();
    const writer = new CheckpointWriter({ store, executionId: 'e1', attempt: 1, firstSequence: 0, flushIntervalMs: 60_000, onFencedOut: () => undefined });
    writer.add(succeeded(1));
    expect(await writer.close()).toBe(true);
    expect(store.calls).toHaveLength(1);
    writer.add(succeeded(2)); // after close: ignored
    expect(writer.pending).toBe(0);
  });

  it('keeps a copy of the event, so later changes to the items do not leak into the checkpoint', async () => {
    const store = recordingStore();
    const writer = new CheckpointWriter({ store, executionId: 'e1', attempt: 1, firstSequence: 0, flushIntervalMs: 5, onFencedOut: () => undefined });
    const event = succeeded(1);
    writer.add(event);
    if (event.type === 'nodeSucceeded') event.outputs[0]![0]!.json.runId = 'changed downstream';
    await writer.close();
    expect(store.calls[0]![0]!.event).toEqual(succeeded(1));
  });

  it('keeps a failed batch and writes it, in order, with the next one', async () => {
    vi.useFakeTimers();
    const store = recordingStore((call) => (call === 1 ? 'fail' : 'ok'));
    const writer = new CheckpointWriter({ store, executionId: 'e1', attempt: 1, firstSequence: 0, flushIntervalMs: 5, onFencedOut: () => undefined });
    writer.add(succeeded(1));
    await vi.advanceTimersByTimeAsync(5);
    writer.add(succeeded(2));
    await vi.advanceTimersByTimeAsync(20); // the retry waits longer than the interval
    expect(store.calls.map((batch) => batch.map((checkpoint) => checkpoint.sequence))).toEqual([[0], [0, 1]]);
    expect(await writer.close()).toBe(true);
  });

  it('reports unwritten checkpoints when the last write on close fails', async () => {
    const store = recordingStore(() => 'fail');
    const writer = new CheckpointWriter({ store, executionId: 'e1', attempt: 1, firstSequence: 0, flushIntervalMs: 5, onFencedOut: () => undefined });
    writer.add(succeeded(1));
    expect(await writer.close()).toBe(false);
    expect(writer.pending).toBe(1);
  });

  it('stops and calls onFencedOut once when the store refuses the attempt', async () => {
    const store = recordingStore(() => 'fenced');
    const onFencedOut = vi.fn();
    const writer = new CheckpointWriter({ store, executionId: 'e1', attempt: 1, firstSequence: 0, flushIntervalMs: 1, onFencedOut });
    writer.add(succeeded(1));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(onFencedOut).toHaveBeenCalledTimes(1);
    expect(writer.isFencedOut).toBe(true);
    writer.add(succeeded(2));
    expect(await writer.close()).toBe(true);
    expect(store.calls).toHaveLength(1);
  });
});
