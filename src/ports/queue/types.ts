/**
 * The job-queue port: durable queues of small JSON jobs between orchestrators (who publish) and engine workers
 * (who consume). The embedded adapter keeps jobs in a SQLite file; the server adapter is RabbitMQ. Both pass one
 * contract suite (`queue-contract.ts`). No vendor types.
 *
 * Semantics every adapter keeps:
 * - `publish` resolves only once the job is durable (SQLite committed / broker publisher-confirmed);
 * - delivery order: higher `priority` first (0..{@link MAX_PRIORITY}), FIFO within a priority;
 * - at-least-once: a job is delivered until a consumer settles it (`ack`, `retry`, `deadLetter`); a consumer
 *   that dies (process killed, connection lost) without settling gives its jobs back to the queue;
 * - `deliveryCount` starts at 1 and counts every delivery, including those after a consumer died;
 * - a job that reaches `maxDeliveries` deliveries without an ack, or is `deadLetter`ed, or whose TTL passes before
 *   it is delivered, moves to the dead-letter queue with a reason;
 * - at most `prefetch` unsettled deliveries per subscription at a time.
 */

/** Highest priority a job can have; 0 is the lowest, the default is {@link DEFAULT_PRIORITY}. */
export const MAX_PRIORITY = 9;
export const DEFAULT_PRIORITY = 4;

/** A job: a unique id and a small JSON body (the real data lives in the store). */
export interface JobMessage {
  /** Unique per job; lets consumers and dead-letter handlers name it. */
  readonly id: string;
  /** JSON-serialisable data (e.g. `{ executionId, kind }`). */
  readonly body: Readonly<Record<string, unknown>>;
}

export interface PublishOptions {
  /** 0..9, higher first; default {@link DEFAULT_PRIORITY}. Out of range is WEFT_E_INVALID_ARGUMENT. */
  readonly priority?: number;
  /** Deliver no earlier than this many ms from now (delayed delivery); default 0. */
  readonly delayMs?: number;
  /** Dead-letter the job (reason `expired`) when it was not delivered within this many ms of becoming due. */
  readonly ttlMs?: number;
}

/** Per-queue settings, declared once (idempotently) before use. */
export interface QueueOptions {
  /** Jobs not delivered within this many ms of becoming due are dead-lettered (reason `expired`). */
  readonly messageTtlMs?: number;
}

/** One delivery of a job to a consumer; settle it exactly once with `ack`, `retry` or `deadLetter`. */
export interface Delivery {
  readonly job: JobMessage;
  /** The queue it came from. */
  readonly queue: string;
  readonly priority: number;
  /** 1 on the first delivery; counts redeliveries after `retry` and after a consumer died holding it. */
  readonly deliveryCount: number;
  /** Done: removes the job for good. */
  ack(): Promise<void>;
  /**
   * Gives the job back to be delivered again after `delayMs` (default 0). When this was delivery number
   * `maxDeliveries`, the job is dead-lettered with `reason` instead.
   */
  retry(options: { reason: string; delayMs?: number }): Promise<void>;
  /** Moves the job to the dead-letter queue now, with `reason`. */
  deadLetter(reason: string): Promise<void>;
}

/** A job in the dead-letter queue. */
export interface DeadLetter {
  readonly job: JobMessage;
  /** The queue it was dead-lettered from. */
  readonly queue: string;
  /** Why: the consumer's reason, `expired`, or `delivered N times without success: <last reason>`. */
  readonly reason: string;
  readonly deliveryCount: number;
}

/**
 * Called for each delivery. It must settle the delivery, before it returns or later (until then the delivery
 * counts against `prefetch`); when it throws (or rejects) without having settled, the adapter calls `retry` with
 * the error's message.
 */
export type JobHandler = (delivery: Delivery) => Promise<void>;

export interface ConsumeOptions {
  /** Most unsettled deliveries at once (= worker concurrency). Whole number >= 1. */
  readonly prefetch: number;
}

/** A running consumer. */
export interface Subscription {
  /**
   * Stops new deliveries (idempotent). Deliveries already handed out can still be settled; those left unsettled
   * when the queue closes go back to the queue.
   */
  stop(): Promise<void>;
}

export interface JobQueue {
  /** `sqlite` or `rabbitmq`: for logs and metrics only. */
  readonly kind: string;
  /** Creates the queue when missing; idempotent. Redeclaring with other options is WEFT_E_CONFLICT. */
  declare(queue: string, options?: QueueOptions): Promise<void>;
  /** Adds a job; resolves once it is durable. An undeclared queue is declared with default options. */
  publish(queue: string, job: JobMessage, options?: PublishOptions): Promise<void>;
  /** Delivers jobs of `queues` (priority across all of them, then FIFO) to `handler`. */
  consume(queues: readonly string[], handler: JobHandler, options: ConsumeOptions): Promise<Subscription>;
  /**
   * Delivers dead-lettered jobs, oldest first, one at a time; each is removed once `handler` resolves (kept when
   * it rejects, and offered again later).
   */
  consumeDeadLetters(handler: (dead: DeadLetter) => Promise<void>): Promise<Subscription>;
  /** Jobs waiting (due or delayed, not handed out) in `queue`: for metrics and tests. */
  depth(queue: string): Promise<number>;
  /** True when the queue answers now. Never throws. */
  health(): Promise<boolean>;
  /**
   * Stops all consumers and closes connections. Unsettled deliveries go back to their queues (they count as a
   * delivery). Idempotent.
   */
  close(): Promise<void>;
}
