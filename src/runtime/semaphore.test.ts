import { describe, expect, it } from 'vitest';
import { Semaphore } from './semaphore.js';

/** Lets every queued promise callback run. */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

describe('Semaphore', () => {
  it('rejects a permit count that is not a positive integer', () => {
    expect(() => new Semaphore(0)).toThrow(new RangeError('Semaphore permits must be a positive integer, got 0'));
    expect(() => new Semaphore(1.5)).toThrow('Semaphore permits must be a positive integer, got 1.5');
    expect(() => new Semaphore(-1)).toThrow(RangeError);
    expect(new Semaphore(3).permits).toBe(3);
    expect(new Semaphore(3).free).toBe(3);
  });

  it('never lets more than `permits` holders in at once', async () => {
    const semaphore = new Semaphore(2);
    let running = 0;
    let peak = 0;
    const task = async (): Promise<void> => {
      const release = await semaphore.acquire();
      running++;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, 1));
      running--;
      release();
    };
    await Promise.all(Array.from({ length: 10 }, task));
    expect(peak).toBe(2);
    expect(semaphore.free).toBe(2);
  });

  it('makes the extra acquirer wait until a permit is released', async () => {
    const semaphore = new Semaphore(2);
    const first = await semaphore.acquire();
    await semaphore.acquire();
    expect(semaphore.free).toBe(0);
    let granted = false;
    const third = semaphore.acquire().then((release) => {
      granted = true;
      return release;
    });
    await settle();
    expect(granted).toBe(false);
    first();
    const release = await third;
    expect(granted).toBe(true);
    // The permit went straight to the waiter.
    expect(semaphore.free).toBe(0);
    release();
    expect(semaphore.free).toBe(1);
  });

  it('serves waiters first come, first served', async () => {
    const semaphore = new Semaphore(1);
    const order: number[] = [];
    const holder = await semaphore.acquire();
    const waiters = [1, 2, 3, 4].map((n) =>
      semaphore.acquire().then((release) => {
        order.push(n);
        release();
      }),
    );
    await settle();
    expect(order).toEqual([]);
    holder();
    await Promise.all(waiters);
    expect(order).toEqual([1, 2, 3, 4]);
    expect(semaphore.free).toBe(1);
  });

  it('ignores a second call of the same release', async () => {
    const semaphore = new Semaphore(2);
    const release = await semaphore.acquire();
    release();
    release();
    expect(semaphore.free).toBe(2);

    // A repeated release must not hand out a second permit to a waiter either.
    const a = await semaphore.acquire();
    await semaphore.acquire();
    const grants: string[] = [];
    void semaphore.acquire().then(() => grants.push('w1'));
    void semaphore.acquire().then(() => grants.push('w2'));
    a();
    a();
    await settle();
    expect(grants).toEqual(['w1']);
    expect(semaphore.free).toBe(0);
  });

  it('rejects a waiter whose signal aborts, with the signal reason, and frees its queue slot', async () => {
    const semaphore = new Semaphore(1);
    const holder = await semaphore.acquire();
    const controller = new AbortController();
    const aborted = semaphore.acquire(controller.signal);
    const grants: string[] = [];
    const next = semaphore.acquire().then((release) => {
      grants.push('next');
      return release;
    });
    const reason = new Error('canceled');
    controller.abort(reason);
    await expect(aborted).rejects.toBe(reason);
    holder();
    const release = await next;
    // The permit went to the waiter behind the aborted one, not to the aborted one.
    expect(grants).toEqual(['next']);
    expect(semaphore.free).toBe(0);
    release();
    expect(semaphore.free).toBe(1);
  });

  it('returns the permit to the pool when the only waiter aborted', async () => {
    const semaphore = new Semaphore(1);
    const holder = await semaphore.acquire();
    const controller = new AbortController();
    const aborted = semaphore.acquire(controller.signal);
    controller.abort();
    await expect(aborted).rejects.toMatchObject({ name: 'AbortError' });
    holder();
    expect(semaphore.free).toBe(1);
  });

  it('rejects at once when the signal is already aborted, taking no permit', async () => {
    const semaphore = new Semaphore(1);
    const controller = new AbortController();
    controller.abort('stop');
    await expect(semaphore.acquire(controller.signal)).rejects.toBe('stop');
    expect(semaphore.free).toBe(1);
  });

  it('is not affected by an abort after the permit was granted', async () => {
    const semaphore = new Semaphore(1);
    const controller = new AbortController();
    const holder = await semaphore.acquire();
    const waiting = semaphore.acquire(controller.signal);
    holder();
    const release = await waiting;
    controller.abort();
    await settle();
    expect(semaphore.free).toBe(0);
    release();
    expect(semaphore.free).toBe(1);
  });
});
