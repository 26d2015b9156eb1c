import { describe } from 'vitest';
import { describeCrashContract } from './contract/crash.js';
import { describeDeadLetterContract } from './contract/dead-letters.js';
import { describeDeliveryContract } from './contract/delivery.js';
import { describeFlowContract } from './contract/flow.js';
import { createQueueHarness, type QueueContractSetup } from './contract/harness.js';
import { describeLifecycleContract } from './contract/lifecycle.js';
import { describeOrderingContract } from './contract/ordering.js';
import { describeSettlingContract } from './contract/settling.js';
import { describeTimingContract } from './contract/timing.js';

export type { QueueContractSetup, QueueUnderTest } from './contract/harness.js';

/**
 * The behaviour every JobQueue adapter must show; each adapter's test file runs it against real storage (a SQLite
 * file, a RabbitMQ broker).
 *
 * `setup` is called before every test and makes a fresh, empty storage; `open` gives instances on it (call it
 * twice for two "processes"), `crash` kills an instance without settling its deliveries, `teardown` closes what is
 * still open and removes the storage. Adapters that detect dead consumers by lease (the embedded one) should use
 * a lease of a few hundred ms in their setup: the suite waits up to 8 s for redeliveries.
 *
 * What the suite pins beyond the port's types:
 * - a handler may return before settling: the delivery stays unsettled (and counts against prefetch) until it is
 *   settled; a handler that settled and then throws leaves it settled;
 * - settling after `close()` fails with WEFT_E_QUEUE_UNAVAILABLE; after `close()` `health()` is false and every
 *   other call fails with WEFT_E_QUEUE_UNAVAILABLE;
 * - a job given back by `close()` or by a crash comes back with deliveryCount + 1; when that reaches
 *   maxDeliveries it is dead-lettered as `delivered N times without success: <reason>`;
 * - the TTL counts from when a job is due (after its delay), and expired jobs are never delivered;
 * - dead letters come oldest first by the time they died; a rejected one is offered again later;
 * - priority across the queues of one subscription; FIFO within a priority is pinned per queue;
 * - `depth` counts due and delayed jobs, not those handed out; publishing declares a queue with default options.
 *
 * @example
 * describeQueueContract('sqlite', async () => {
 *   const dir = mkdtempSync(join(tmpdir(), 'weft-queue-'));
 *   const opened: SqliteJobQueue[] = [];
 *   return {
 *     open: async ({ maxDeliveries }) => { const q = await createSqliteQueue({ file: join(dir, 'queue.db'), maxDeliveries, leaseMs: 300 }); opened.push(q); return q; },
 *     crash: async (queue) => (queue as SqliteJobQueue).abandon(),
 *     teardown: async () => { for (const q of opened) await q.close(); rmSync(dir, { recursive: true, force: true }); },
 *   };
 * });
 */
export function describeQueueContract(name: string, setup: QueueContractSetup): void {
  describe(`JobQueue contract: ${name}`, () => {
    const harness = createQueueHarness(setup);
    describeDeliveryContract(harness);
    describeOrderingContract(harness);
    describeSettlingContract(harness);
    describeDeadLetterContract(harness);
    describeTimingContract(harness);
    describeFlowContract(harness);
    describeCrashContract(harness);
    describeLifecycleContract(harness);
  });
}
