import { describe, expect, it } from 'vitest';
import { createWriteBatcher } from './write-batcher.js';

/** A promise with its resolve/reject exposed, to hold a batch write open. */
function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (error: unknown) => void } {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((ok, fail) => {
    resolve = ok;
    reject = fail;
  });
  return { promise, resolve, reject };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('createWriteBatcher', () => {
  it('writes the first call within the turn and the calls made while it is in flight together, each getting its own result', async () => {
    const batches: number[][] = [];
    const gates: Array<ReturnType<typeof deferred<void>>> = [];
    const batcher = createWriteBatcher(async (inputs: number[]) => {
      batches.push([...inputs]);
      const gate = deferred<void>();
      gates.push(gate);
      await gate.promise;
      return inputs.map((input) => input * 10);
    });
    const first = batcher.write(1);
    await tick();
    expect(batches).toEqual([[1]]);
    const rest = [2, 3, 4].map((input) => batcher.write(input));
    await tick();
    // Still one batch in flight: the others wait for it instead of opening transactions of their own.
    expect(batches).toEqual([[1]]);
    gates[0]!.resolve();
    expect(await first).toBe(10);
    await tick();
    expect(batches).toEqual([[1], [2, 3, 4]]);
    gates[1]!.resolve();
    expect(await Promise.all(rest)).toEqual([20, 30, 40]);
  });

  it('writes the calls of one event-loop turn together even when the write completes at once (a synchronous store)', async () => {
    const batches: number[][] = [];
    const batcher = createWriteBatcher(async (inputs: number[]) => {
      batches.push([...inputs]);
      return inputs;
    });
    // Three callers in one turn, e.g. three webhook requests read in one poll: one write for the three.
    expect(await Promise.all([batcher.write(1), batcher.write(2), batcher.write(3)])).toEqual([1, 2, 3]);
    expect(batches).toEqual([[1, 2, 3]]);
    // A later turn starts a new batch.
    expect(await batcher.write(4)).toBe(4);
    expect(batches).toEqual([[1, 2, 3], [4]]);
  });

  it('settles a caller only after its own batch was written', async () => {
    const gate = deferred<void>();
    const batcher = createWriteBatcher(async (inputs: string[]) => {
      await gate.promise;
      return inputs.map(() => true);
    });
    let settled = false;
    const write = batcher.write('a').then(() => {
      settled = true;
    });
    await tick();
    expect(settled).toBe(false);
    gate.resolve();
    await write;
    expect(settled).toBe(true);
  });

  it('splits the waiting calls into batches of at most maxBatch', async () => {
    const sizes: number[] = [];
    const gate = deferred<void>();
    const batcher = createWriteBatcher(
      async (inputs: number[]) => {
        sizes.push(inputs.length);
        await gate.promise;
        return inputs;
      },
      { maxBatch: 3 },
    );
    const writes = Array.from({ length: 8 }, (_, index) => batcher.write(index));
    gate.resolve();
    expect(await Promise.all(writes)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(sizes).toEqual([3, 3, 2]);
  });

  it('writes a failed batch again one by one, so only the bad input fails', async () => {
    const gate = deferred<void>();
    const calls: number[][] = [];
    const batcher = createWriteBatcher(async (inputs: number[]) => {
      calls.push([...inputs]);
      await gate.promise;
      if (inputs.includes(13)) throw new Error('13 cannot be written');
      return inputs.map((input) => input + 1);
    });
    const blocker = batcher.write(0);
    // Let the blocker's batch start, so the next three wait for it and are written together.
    await tick();
    const writes = [12, 13, 14].map((input) => batcher.write(input).then((value) => ({ value }), (error: Error) => ({ error: error.message })));
    gate.resolve();
    await blocker;
    expect(await Promise.all(writes)).toEqual([{ value: 13 }, { error: '13 cannot be written' }, { value: 15 }]);
    expect(calls).toEqual([[0], [12, 13, 14], [12], [13], [14]]);
  });

  it('rejects when the batch write returns a result count that does not match its inputs', async () => {
    const batcher = createWriteBatcher(async () => [1, 2]);
    await expect(batcher.write('only one')).rejects.toThrow('a batch write of 1 inputs returned 2 results');
  });
});
