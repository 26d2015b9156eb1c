import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, expect, vi } from 'vitest';
import { expectWeftError } from '../../contract-support/expect-weft-error.js';
import type { Store } from '../types.js';

/**
 * A store made for the contract suite, with optional views into what the adapter wrote, used to check properties
 * the port cannot show (encryption at rest, compression). A missing hook skips the test that needs it (reported as
 * skipped, never silently passed).
 */
export interface StoreUnderTest {
  readonly store: Store;
  /** Closes the store and removes everything it stored (database, file). */
  readonly teardown: () => Promise<void>;
  /** Everything stored for credential `id`, as text (e.g. the row as JSON, id included), to check the secret is not in it. */
  readonly rawCredentialRow?: (id: string) => Promise<string>;
  /** How many bytes the stored run data of execution `id` takes (to check it is compressed). */
  readonly storedExecutionDataBytes?: (id: string) => Promise<number>;
}

/** Makes a fresh, empty, migrated store each time it is called. */
export type StoreContractSetup = () => Promise<StoreUnderTest>;

/** What the section files of the suite share. */
export interface ContractHarness {
  /** The store shared by the suite; tests on it keep to their own rows (unique names, tags, workflows). */
  shared(): Store;
  /** The shared store with its hooks. */
  sharedUnderTest(): StoreUnderTest;
  /** A fresh, empty store for a test that looks at every row; torn down when the test ends. */
  fresh(): Promise<StoreUnderTest>;
  /**
   * Freezes `Date.now()` (only `Date`: timers and I/O keep running) at `at` until the test ends or the next call.
   * The port's times come from the process clock, so this pins createdAt/updatedAt exactly.
   */
  freezeClock(at: number): void;
}

/** Registers the suite's lifecycle hooks (call inside the top `describe`) and returns the harness. */
export function createHarness(setup: StoreContractSetup): ContractHarness {
  let sharedStore: StoreUnderTest | undefined;
  const perTest: StoreUnderTest[] = [];
  let clockFrozen = false;

  beforeAll(async () => {
    sharedStore = await setup();
  });

  afterEach(async () => {
    if (clockFrozen) {
      vi.useRealTimers();
      clockFrozen = false;
    }
    for (const made of perTest.splice(0)) await made.teardown();
  });

  afterAll(async () => {
    await sharedStore?.teardown();
  });

  const sharedUnderTest = (): StoreUnderTest => {
    if (sharedStore === undefined) throw new Error('the store contract setup did not produce a store');
    return sharedStore;
  };

  return {
    shared: () => sharedUnderTest().store,
    sharedUnderTest,
    fresh: async () => {
      const made = await setup();
      perTest.push(made);
      return made;
    },
    freezeClock: (at) => {
      if (!clockFrozen) {
        vi.useFakeTimers({ toFake: ['Date'], now: at });
        clockFrozen = true;
      } else {
        vi.setSystemTime(at);
      }
    },
  };
}

/** A short unique label, so tests on the shared store only see their own rows. */
export function unique(label: string): string {
  return `${label}-${randomUUID().slice(0, 8)}`;
}

export { expectWeftError };

/** The page limit is a whole number from 1 to 10,000; anything else is WEFT_E_INVALID_ARGUMENT naming the limit. */
export async function expectLimitsChecked(list: (limit: number) => Promise<{ data: unknown[] }>): Promise<void> {
  for (const bad of [0, -1, 1.5, Number.NaN, 10_001]) await expectWeftError(list(bad), 'WEFT_E_INVALID_ARGUMENT', ['limit'], `a list with limit ${bad}`);
  for (const good of [1, 10_000]) expect(Array.isArray((await list(good)).data)).toBe(true);
}

/** UTC midnight `days` days from today, in epoch ms. */
export function utcMidnight(days: number): number {
  const now = new Date();
  return Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + days);
}

/** `YYYY-MM-DD` of an epoch-ms time, in UTC. */
export function dayOf(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}

/** Sorts newest first by `time`, then id descending (code-unit order), as every keyset list of the port does. */
export function newestFirst<T extends { id: string }>(rows: readonly T[], time: (row: T) => number): T[] {
  return [...rows].sort((a, b) => time(b) - time(a) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
}

/** Walks every page of a keyset list, checking each page's size against `limit`. */
export async function walkPages<T>(
  limit: number,
  page: (cursor: string | undefined) => Promise<{ data: T[]; nextCursor: string | undefined }>,
): Promise<{ rows: T[]; pageSizes: number[] }> {
  const rows: T[] = [];
  const pageSizes: number[] = [];
  let cursor: string | undefined;
  for (let guard = 0; guard < 1_000; guard += 1) {
    const result = await page(cursor);
    expect(result.data.length).toBeLessThanOrEqual(limit);
    rows.push(...result.data);
    pageSizes.push(result.data.length);
    if (result.nextCursor === undefined) return { rows, pageSizes };
    expect(typeof result.nextCursor).toBe('string');
    cursor = result.nextCursor;
  }
  throw new Error('keyset paging did not end after 1,000 pages');
}
