import type { WebhookResponse } from '../../core/node-api/index.js';
import type { Logger } from '../../logging/logger.js';
import type { Cache } from '../../ports/cache/types.js';
import type { PersistedRun } from '../persistence/drive-execution.js';

const ENDED_CHANNEL = 'executions:ended';
const RESPONSE_CHANNEL = 'executions:responses';
const CANCEL_CHANNEL = 'executions:cancel';

/** Told when an execution this process waits for ended; `run` is there when it ran in this process. */
type EndedListener = (run: PersistedRun | undefined) => void;

/**
 * Messages about executions between the process that started one (an orchestrator holding an HTTP request open)
 * and the engine that runs it: "it ended", "here is the Respond to Webhook answer", "cancel it". Within one
 * process they are plain calls (the run object itself is handed over); across processes they travel over the
 * cache's publish/subscribe (Redis). Without Redis, processes do not hear each other: waiters fall back to
 * reading the store (see the queued runner), cancel reaches only this process's engine.
 *
 * @example
 * const signals = new ExecutionSignals(cache, logger);
 * await signals.start();
 * signals.onEnded(executionId, (run) => …);  // orchestrator
 * signals.ended(executionId, run);             // engine
 */
export class ExecutionSignals {
  private readonly endedListeners = new Map<string, Set<EndedListener>>();
  private readonly responseListeners = new Map<string, (response: WebhookResponse) => void>();
  private readonly cancelHandlers = new Set<(executionId: string) => void>();
  private unsubscribers: Array<() => Promise<void>> = [];

  constructor(
    private readonly cache: Cache,
    private readonly logger: Logger,
  ) {}

  /** Subscribes to the other processes' messages. */
  async start(): Promise<void> {
    this.unsubscribers = await Promise.all([
      this.cache.subscribe(ENDED_CHANNEL, (message) => this.deliverEnded(message, undefined)),
      this.cache.subscribe(RESPONSE_CHANNEL, (message) => this.deliverResponse(message)),
      this.cache.subscribe(CANCEL_CHANNEL, (message) => this.deliverCancel(message)),
    ]);
  }

  async close(): Promise<void> {
    const unsubscribers = this.unsubscribers;
    this.unsubscribers = [];
    await Promise.allSettled(unsubscribers.map((unsubscribe) => unsubscribe()));
  }

  /** Calls `listener` once when the execution ends; returns a function that stops listening. */
  onEnded(executionId: string, listener: EndedListener): () => void {
    let listeners = this.endedListeners.get(executionId);
    if (!listeners) this.endedListeners.set(executionId, (listeners = new Set()));
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0 && this.endedListeners.get(executionId) === listeners) this.endedListeners.delete(executionId);
    };
  }

  /** Routes a Respond to Webhook answer of `executionId` to `listener` (one per execution). */
  onResponse(executionId: string, listener: (response: WebhookResponse) => void): () => void {
    this.responseListeners.set(executionId, listener);
    return () => {
      if (this.responseListeners.get(executionId) === listener) this.responseListeners.delete(executionId);
    };
  }

  /** Registers the engine's cancel: called with execution ids someone asked to cancel. */
  onCancel(handler: (executionId: string) => void): () => void {
    this.cancelHandlers.add(handler);
    return () => this.cancelHandlers.delete(handler);
  }

  /** The engine says an execution ended. A waiter in this process gets `run` itself; others hear it over the cache. */
  ended(executionId: string, run: PersistedRun): void {
    if (this.deliverEnded(executionId, run)) return;
    this.broadcast(ENDED_CHANNEL, executionId);
  }

  /** Whether a Respond to Webhook answer of `executionId` has a listener in this process (else it is broadcast). */
  respond(executionId: string, response: WebhookResponse): void {
    const local = this.responseListeners.get(executionId);
    if (local) {
      local(response);
      return;
    }
    this.broadcast(RESPONSE_CHANNEL, JSON.stringify({ executionId, response }));
  }

  /** Asks every engine (this process's and, over the cache, others) to cancel the execution. */
  cancel(executionId: string): void {
    this.deliverCancel(executionId);
    this.broadcast(CANCEL_CHANNEL, executionId);
  }

  private deliverEnded(executionId: string, run: PersistedRun | undefined): boolean {
    const listeners = this.endedListeners.get(executionId);
    if (!listeners) return false;
    this.endedListeners.delete(executionId);
    for (const listener of listeners) listener(run);
    return true;
  }

  private deliverResponse(message: string): void {
    try {
      const parsed = JSON.parse(message) as { executionId?: unknown; response?: WebhookResponse };
      if (typeof parsed.executionId !== 'string' || parsed.response === undefined) return;
      this.responseListeners.get(parsed.executionId)?.(parsed.response);
    } catch (error) {
      this.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'ignored a malformed webhook response message');
    }
  }

  private deliverCancel(executionId: string): void {
    for (const handler of this.cancelHandlers) handler(executionId);
  }

  private broadcast(channel: string, message: string): void {
    this.cache.publish(channel, message).catch((error: unknown) => {
      // Waiters in other processes fall back to reading the store; a lost message only costs them latency.
      this.logger.warn({ channel, err: error instanceof Error ? error.message : String(error) }, 'could not publish an execution signal');
    });
  }
}
