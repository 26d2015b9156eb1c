import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach } from 'vitest';
import type { ConsumeOptions, DeadLetter, Delivery, JobMessage, JobQueue, Subscription } from '../types.js';

/**
 * A fresh, empty queue storage (a SQLite file, a RabbitMQ vhost or name prefix) made for one contract test.
 * `open` may be called several times: each call is another instance on the same storage, as another process would
 * open it. `crash` makes an instance die WITHOUT settling or returning its deliveries (embedded: its lease
 * heartbeats stop and it is dropped, so its leases expire; RabbitMQ: its connection is destroyed).
 * `teardown` closes every instance still open and removes the storage.
 */
export interface QueueUnderTest {
  open(options: { maxDeliveries: number }): Promise<JobQueue>;
  crash(queue: JobQueue): Promise<void>;
  teardown(): Promise<void>;
}

/** Makes a fresh, empty queue storage; called once per test. */
export type QueueContractSetup = () => Promise<QueueUnderTest>;

/** What the section files of the suite share. */
export interface QueueHarness {
  /** Another instance on this test's storage (default maxDeliveries 5). */
  open(maxDeliveries?: number): Promise<JobQueue>;
  /** Kills `queue` as a process death would: its unsettled deliveries are neither settled nor returned. */
  crash(queue: JobQueue): Promise<void>;
}

/** Default maxDeliveries of instances the suite opens. */
export const DEFAULT_MAX_DELIVERIES = 5;
/** How long a condition the suite awaits may take (covers a slow lease expiry on a busy machine). */
export const WAIT_TIMEOUT_MS = 8_000;
/**
 * How long the suite gives something that must NOT happen (a delivery past prefetch, after stop) to happen
 * anyway. Only used where there is no later event to wait for instead.
 */
export const QUIET_WINDOW_MS = 150;
/** Timers of a broker and of this process tick apart; "not before t" allows this much. */
export const CLOCK_SLACK_MS = 5;

/** Registers the per-test lifecycle (call inside the top `describe`) and returns the harness. */
export function createQueueHarness(setup: QueueContractSetup): QueueHarness {
  let current: QueueUnderTest | undefined;
  beforeEach(async () => {
    current = await setup();
  });
  afterEach(async () => {
    const done = current;
    current = undefined;
    await done?.teardown();
  });
  const underTest = (): QueueUnderTest => {
    if (current === undefined) throw new Error('the queue contract setup did not produce a queue storage');
    return current;
  };
  return {
    open: (maxDeliveries = DEFAULT_MAX_DELIVERIES) => underTest().open({ maxDeliveries }),
    crash: (queue) => underTest().crash(queue),
  };
}

/** A queue name unique to the calling test (storages are fresh per test; unique names also keep brokers tidy). */
export function queueName(label: string): string {
  return `${label}-${randomUUID().slice(0, 8)}`;
}

/** A job with a unique id and `label` in its body. */
export function makeJob(label: string, extra: Record<string, unknown> = {}): JobMessage {
  return { id: `${label}-${randomUUID()}`, body: { label, ...extra } };
}

/** Label of a job made by {@link makeJob}. */
export function labelOf(delivery: { job: JobMessage }): string {
  return String(delivery.job.body.label);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `condition` every few ms until it holds; fails naming `what` after `timeoutMs`. */
export async function waitFor(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = WAIT_TIMEOUT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(5);
  }
}

/** A delivery as the suite saw it: the delivery itself and when it arrived. */
export interface Received {
  readonly delivery: Delivery;
  readonly at: number;
}

/**
 * A consumer that records every delivery. By default it holds deliveries unsettled (the handler returns at once,
 * settling later is the test's job); `onDelivery` may settle (or throw) instead. `unsettled` counts deliveries
 * handed out and not yet settled through {@link Inbox.settle}, `maxUnsettled` the most there ever were.
 */
export interface Inbox {
  readonly received: Received[];
  readonly subscription: Subscription;
  readonly unsettled: () => number;
  readonly maxUnsettled: () => number;
  /** Settles `delivery` with `how` (counted before the call, so a slot freed early is never over-counted). */
  settle(delivery: Delivery, how?: (delivery: Delivery) => Promise<void>): Promise<void>;
  /** Waits until `count` deliveries arrived in total. */
  waitForCount(count: number, what?: string): Promise<void>;
  /** Waits for the first delivery of the job labelled `label` and returns it. */
  waitForLabel(label: string, deliveryCount?: number): Promise<Delivery>;
}

export async function startInbox(
  queue: JobQueue,
  queues: readonly string[],
  options: ConsumeOptions,
  onDelivery?: (delivery: Delivery, inbox: Inbox) => Promise<void>,
): Promise<Inbox> {
  const received: Received[] = [];
  let unsettled = 0;
  let maxUnsettled = 0;
  const settled = new Set<Delivery>();
  // The adapter may deliver before consume() resolves, so the handler only uses what exists already.
  const started: { subscription?: Subscription } = {};
  const inbox: Inbox = {
    received,
    get subscription(): Subscription {
      if (started.subscription === undefined) throw new Error('consume() has not resolved yet');
      return started.subscription;
    },
    unsettled: () => unsettled,
    maxUnsettled: () => maxUnsettled,
    settle: async (delivery, how = (d) => d.ack()) => {
      if (!settled.has(delivery)) {
        settled.add(delivery);
        unsettled -= 1;
      }
      await how(delivery);
    },
    waitForCount: (count, what = `${count} deliveries`) => waitFor(() => received.length >= count, what),
    waitForLabel: async (label, deliveryCount) => {
      const matches = (r: Received): boolean => labelOf(r.delivery) === label && (deliveryCount === undefined || r.delivery.deliveryCount === deliveryCount);
      await waitFor(() => received.some(matches), `a delivery of job ${label}${deliveryCount === undefined ? '' : ` with deliveryCount ${deliveryCount}`}`);
      return (received.find(matches) as Received).delivery;
    },
  };
  started.subscription = await queue.consume(
    queues,
    async (delivery) => {
      received.push({ delivery, at: Date.now() });
      unsettled += 1;
      maxUnsettled = Math.max(maxUnsettled, unsettled);
      if (onDelivery) await onDelivery(delivery, inbox);
    },
    options,
  );
  return inbox;
}

/** A dead-letter consumer that records what it is offered and accepts it (unless `reject` says otherwise). */
export interface DeadLetterInbox {
  readonly offered: DeadLetter[];
  readonly accepted: DeadLetter[];
  readonly subscription: Subscription;
  waitForCount(count: number): Promise<void>;
}

export async function startDeadLetterInbox(queue: JobQueue, reject: (dead: DeadLetter, offeredBefore: number) => boolean = () => false): Promise<DeadLetterInbox> {
  const offered: DeadLetter[] = [];
  const accepted: DeadLetter[] = [];
  const subscription = await queue.consumeDeadLetters(async (dead) => {
    const before = offered.filter((o) => o.job.id === dead.job.id).length;
    offered.push(dead);
    if (reject(dead, before)) throw new Error(`the test rejects dead letter ${dead.job.id}`);
    accepted.push(dead);
  });
  return {
    offered,
    accepted,
    subscription,
    waitForCount: (count) => waitFor(() => accepted.length >= count, `${count} accepted dead letters`),
  };
}

export { expectWeftError } from '../../contract-support/expect-weft-error.js';
