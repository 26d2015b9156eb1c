/**
 * The cache port: a shared key-value cache with expiry and a publish/subscribe channel for invalidation. The
 * embedded adapter keeps it in memory (one process); the server adapter is Redis (single node, Sentinel or
 * Cluster). Both pass one contract suite. No vendor types.
 */
export interface Cache {
  get(key: string): Promise<string | undefined>;
  /** Stores `value` under `key`, expiring after `ttlMs` when given. */
  set(key: string, value: string, ttlMs?: number): Promise<void>;
  delete(keys: readonly string[]): Promise<void>;
  /** Sends `message` to every subscriber of `channel`, in this process and others. */
  publish(channel: string, message: string): Promise<void>;
  /**
   * Calls `handler` for each message on `channel`; returns a function that unsubscribes. Subscribing while the
   * cache is unreachable does not fail: the subscription starts when it is back. `onGap` is called when messages
   * may have been missed (the subscription was interrupted and is live again), so the caller can drop what those
   * messages would have invalidated.
   */
  subscribe(channel: string, handler: (message: string) => void, onGap?: () => void): Promise<() => Promise<void>>;
  /** True when the cache answers now. */
  ping(): Promise<boolean>;
  /** Closes connections. Idempotent. */
  close(): Promise<void>;
}
