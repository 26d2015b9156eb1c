import { describe } from 'vitest';
import { describeApiKeyContract } from './contract/api-keys.js';
import { describeClaimContract } from './contract/claims.js';
import { describeCredentialContract } from './contract/credentials.js';
import { describeExecutionDataContract } from './contract/execution-data.js';
import { describeExecutionContract } from './contract/executions.js';
import { createHarness, type StoreContractSetup } from './contract/harness.js';
import { describeHistoryContract } from './contract/history.js';
import { describeLifecycleContract } from './contract/lifecycle.js';
import { describeStaleExecutionContract } from './contract/stale-executions.js';
import { describeWebhookContract } from './contract/webhooks.js';
import { describeWorkflowContract } from './contract/workflows.js';

export type { StoreContractSetup, StoreUnderTest } from './contract/harness.js';

/**
 * The behaviour every Store adapter must show; each adapter's test file runs it against a real database.
 *
 * `setup` makes a fresh, empty, migrated store each call (the suite shares one across most tests, which keep to
 * their own rows, and makes more for tests that look at every row); `teardown` closes it and removes its storage.
 * Optional hooks let the suite look at what was stored: `rawCredentialRow` (the secret is not in plain text) and
 * `storedExecutionDataBytes` (run data is compressed); without them those two tests are skipped.
 *
 * What the suite pins beyond the port's types:
 * - times come from the process clock (`Date.now()`), which the suite freezes to make ties and days exact;
 * - every keyset list is newest first, ties broken by id compared as code units (`COLLATE "C"` on PostgreSQL);
 *   the last page has no cursor even when it is full; a malformed cursor is `WEFT_E_INVALID_ARGUMENT`; the one
 *   exception, `listStaleNewExecutions`, is oldest first (same tie-break) and lists `createdAt` < the cutoff;
 * - page limits are whole numbers from 1 to 10,000, else `WEFT_E_INVALID_ARGUMENT`;
 * - every `updateWorkflow` is a new version (also one that only activates); `setStaticData` is not; an older
 *   version reads back as saved (name, active, tags, definition; `updatedAt` = when saved);
 * - the name filter is a case-insensitive literal substring (`%` and `_` match themselves);
 * - unset optional fields read back as `undefined`, never `null`; a new execution has attempt 1; leaving
 *   `waiting` clears `waitTill`; execution data is `undefined` when neither input nor result was kept;
 * - a finished execution takes no more updates, finishes or checkpoints; a first checkpoint per sequence wins;
 * - claims: each claim of an unfinished execution adds one to the stored attempt (concurrent claims never share
 *   one), keeps a set `startedAt` and clears `waitTill`; an unknown or deleted id is `missing` without a row, a
 *   finished one `ended` with its unchanged row; `concurrency` carries the unchanged row;
 * - concurrency limits: a workflow's line is its `new` executions and its `waiting` ones whose `waitTill` is unset
 *   or not after now (store clock), oldest first by (createdAt, id); executions of other workflows never count;
 *   racing limited claims start exactly the free slots' worth, the oldest in line, whatever order they arrive in;
 * - shard pins: any string is a workflow id (no stored workflow needed); the first pin wins, also among
 *   concurrent ones; `deleteWorkflow` of a stored workflow removes its pin;
 * - webhook methods are stored upper case and matched in any case; a leading slash on lookup is ignored; a set
 *   repeating a method and path is `WEFT_E_CONFLICT`;
 * - API keys: `lastUsedAt` only moves forward; a repeated hash (or id) is `WEFT_E_CONFLICT` whose message and
 *   details never contain the hash; `listApiKeys` is oldest first (createdAt, then id);
 * - retention never removes unfinished executions (new, running, waiting); `createdAt` exactly at the age cutoff
 *   stays; `maxCount` counts finished executions across all workflows;
 * - rollups: the day is the UTC day of `createdAt`; `count` is finished executions (success, error, canceled,
 *   crashed), `errors` is error + crashed; percentiles are nearest-rank (PostgreSQL `percentile_disc`) over
 *   `stoppedAt - startedAt`; `listRollups` is ordered by day, then workflow id; a day without executions has no row.
 * - after `close()`, `health()` reports the primary down (it never throws) and operations fail with
 *   `WEFT_E_STORE_UNAVAILABLE`.
 *
 * @example
 * describeStoreContract('sqlite', async () => {
 *   const dir = mkdtempSync(join(tmpdir(), 'weft-store-'));
 *   const store = await createSqliteStore({ file: join(dir, 'weft.db'), encryptionKey: randomBytes(32) });
 *   await store.migrate();
 *   return { store, teardown: async () => { await store.close(); rmSync(dir, { recursive: true, force: true }); } };
 * });
 */
export function describeStoreContract(name: string, setup: StoreContractSetup): void {
  describe(`Store contract: ${name}`, () => {
    const harness = createHarness(setup);
    describeWorkflowContract(harness);
    describeExecutionContract(harness);
    describeClaimContract(harness);
    describeStaleExecutionContract(harness);
    describeExecutionDataContract(harness);
    describeCredentialContract(harness);
    describeWebhookContract(harness);
    describeApiKeyContract(harness);
    describeHistoryContract(harness);
    describeLifecycleContract(harness);
  });
}
