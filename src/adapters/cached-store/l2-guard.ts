import type { Cache } from '../../ports/cache/types.js';

/** Where the caching store logs; pino's logger fits. */
export interface CacheLogger {
  warn(obj: object, msg: string): void;
  info?(obj: object, msg: string): void;
}

/** An invalidation as sent to the other processes. */
export interface InvalidationMessage {
  /** The sender, which ignores its own messages (it already dropped the entries). */
  readonly origin: string;
  readonly keys: readonly string[];
  /** Every L1 entry whose key starts with one of these goes too. */
  readonly prefixes: readonly string[];
  /** Drop everything (invalidations were lost while the cache was down). */
  readonly all?: boolean;
}

/** Keys whose L2 deletion failed are remembered up to this many for the replay. */
const MAX_PENDING_KEYS = 10_000;

/**
 * Guards the L2 cache so its failures never reach callers: a failing call is counted, the first failure of an
 * outage is logged once, and L2 is skipped for `retryAfterMs` before trying again. Invalidations that could not
 * be delivered are kept and replayed (deleted from L2 and published) before L2 is used again, so an entry changed
 * during the outage is not served stale from L2 afterwards.
 */
export class L2Guard {
  hits = 0;
  misses = 0;
  errors = 0;
  private down = false;
  private nextTryAt = 0;
  private readonly pendingKeys = new Set<string>();
  private readonly pendingPrefixes = new Set<string>();

  constructor(
    private readonly cache: Cache,
    private readonly options: {
      readonly channel: string;
      readonly origin: string;
      readonly ttlMs: number;
      readonly retryAfterMs: number;
      readonly logger: CacheLogger | undefined;
      /** Called when L2 is back after an outage: invalidations from others may have been missed. */
      readonly onRecovered: () => void;
      readonly now: () => number;
    },
  ) {}

  /** True while L2 is considered down. */
  get unavailable(): boolean {
    return this.down;
  }

  async get(key: string): Promise<string | undefined> {
    if (!(await this.usable())) return undefined;
    try {
      const value = await this.cache.get(key);
      if (value === undefined) this.misses += 1;
      else this.hits += 1;
      return value;
    } catch (error) {
      this.failed(error);
      return undefined;
    }
  }

  async set(key: string, value: string): Promise<void> {
    if (!(await this.usable())) return;
    try {
      await this.cache.set(key, value, this.options.ttlMs);
    } catch (error) {
      this.failed(error);
    }
  }

  /** Deletes `keys` from L2 and tells the other processes; what fails is replayed when L2 is back. */
  async invalidate(message: InvalidationMessage): Promise<void> {
    if (await this.usable()) {
      try {
        await this.cache.delete(message.keys);
        await this.cache.publish(this.options.channel, JSON.stringify(message));
        return;
      } catch (error) {
        this.failed(error);
      }
    }
    this.remember(message);
  }

  /** Deletes keys from L2 again, without telling anyone (the delayed second delete of a write). */
  async deleteQuietly(keys: readonly string[]): Promise<void> {
    if (!(await this.usable())) {
      for (const key of keys) this.rememberKey(key);
      return;
    }
    try {
      await this.cache.delete(keys);
    } catch (error) {
      this.failed(error);
      for (const key of keys) this.rememberKey(key);
    }
  }

  private remember(message: InvalidationMessage): void {
    for (const key of message.keys) this.rememberKey(key);
    for (const prefix of message.prefixes) this.pendingPrefixes.add(prefix);
  }

  private rememberKey(key: string): void {
    // Past the bound, the key's L2 entry is left to expire; the replay still drops every process's L1.
    if (this.pendingKeys.size < MAX_PENDING_KEYS) this.pendingKeys.add(key);
  }

  /** Whether L2 may be called now; after an outage, replays the pending invalidations first. */
  private async usable(): Promise<boolean> {
    if (!this.down) return true;
    if (this.options.now() < this.nextTryAt) return false;
    this.nextTryAt = this.options.now() + this.options.retryAfterMs;
    const keys = [...this.pendingKeys];
    const message: InvalidationMessage = { origin: this.options.origin, keys, prefixes: [...this.pendingPrefixes], all: true };
    try {
      if (!(await this.cache.ping())) return false;
      await this.cache.delete(keys);
      // `all`: everyone drops their whole L1, since anyone may have missed messages during the outage.
      await this.cache.publish(this.options.channel, JSON.stringify(message));
    } catch {
      return false;
    }
    this.pendingKeys.clear();
    this.pendingPrefixes.clear();
    this.down = false;
    this.options.onRecovered();
    this.options.logger?.info?.({ replayedKeys: keys.length }, 'L2 cache is reachable again; resumed caching through it');
    return true;
  }

  private failed(error: unknown): void {
    this.errors += 1;
    this.nextTryAt = this.options.now() + this.options.retryAfterMs;
    if (this.down) return;
    this.down = true;
    this.options.logger?.warn(
      { error: error instanceof Error ? error.message : String(error), retryAfterMs: this.options.retryAfterMs },
      'L2 cache unavailable; reading from the database until it is back',
    );
  }
}
