import { randomUUID } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { deepFreeze } from '../../core/model/deep-freeze.js';
import type { CredentialRecord, Store, WebhookRegistration, WorkflowRecord } from '../../ports/store/types.js';
import { cacheKeys, invalidationChannel } from './keys.js';
import { L2Guard, type InvalidationMessage } from './l2-guard.js';
import type { CachedStore, CachedStoreOptions, CacheStats } from './types.js';

const ACTIVE_PAGE = 200;

/** An L1 entry: the value as every reader shares it (deep-frozen; null = "not found"), and its JSON size. */
interface L1Entry {
  readonly value: unknown;
  readonly bytes: number;
}

/**
 * Decorates any Store with a two-level read cache: L1 an in-process LRU bounded by entries and bytes, L2 the
 * shared Cache (Redis in server mode). Cached: workflow definitions by id and by id+version, webhook routes, and
 * credential metadata (never credential data). Each write through it drops the affected entries from L1 and L2
 * and publishes an invalidation, so every other process drops its L1 entries too. A failing L2 never fails a
 * call: reads go to the store, and a warning is logged once per outage. Cached reads return deep-frozen values
 * that readers share (a change throws): copy one before changing it.
 *
 * @example
 * const store = createCachedStore(await createSqliteStore({ file, encryptionKey }), { cache: createRedisCache({ url }) });
 * await store.warm();
 * await store.getWorkflow(id); // served from L1 after the first read
 * store.stats().l1.hits;
 */
export function createCachedStore(store: Store, options: CachedStoreOptions = {}): CachedStore {
  const ttlMs = options.ttlMs ?? 300_000;
  const now = options.now ?? Date.now;
  const origin = randomUUID();
  const l1Bounds = options.l1 ?? { maxEntries: 10_000, maxBytes: 64 * 1024 * 1024 };
  // L1 keeps each value parsed once and deep-frozen, shared by every reader (a webhook hit must not parse its
  // workflow again, and derived data such as execution plans can be cached per frozen document); the JSON text's
  // length bounds the bytes well enough.
  const l1 =
    l1Bounds.maxEntries > 0
      ? new LRUCache<string, L1Entry>({ max: l1Bounds.maxEntries, maxSize: l1Bounds.maxBytes, sizeCalculation: (entry, key) => 2 * (entry.bytes + key.length), ttl: ttlMs })
      : undefined;
  const counters = { l1Hits: 0, l1Misses: 0, sent: 0, received: 0 };
  const timers = new Set<NodeJS.Timeout>();
  // Bumped by every invalidation: a value loaded while it moved may be stale and is not put in the caches.
  let epoch = 0;
  let closed = false;

  const dropL1 = (message: Pick<InvalidationMessage, 'keys' | 'prefixes' | 'all'>): void => {
    epoch += 1;
    if (l1 === undefined) return;
    if (message.all === true) {
      l1.clear();
      return;
    }
    for (const key of message.keys) l1.delete(key);
    if (message.prefixes.length === 0) return;
    for (const key of [...l1.keys()]) {
      if (message.prefixes.some((prefix) => key.startsWith(prefix))) l1.delete(key);
    }
  };

  const l2 =
    options.cache === undefined
      ? undefined
      : new L2Guard(options.cache, {
          channel: invalidationChannel,
          origin,
          ttlMs,
          retryAfterMs: options.retryAfterMs ?? 1_000,
          logger: options.logger,
          now,
          onRecovered: () => dropL1({ keys: [], prefixes: [], all: true }),
        });

  const onMessage = (raw: string): void => {
    let message: InvalidationMessage;
    try {
      message = JSON.parse(raw) as InvalidationMessage;
    } catch {
      return;
    }
    if (message.origin === origin || !Array.isArray(message.keys) || !Array.isArray(message.prefixes)) return;
    counters.received += 1;
    dropL1(message);
  };

  const subscription: Promise<(() => Promise<void>) | undefined> =
    options.cache === undefined
      ? Promise.resolve(undefined)
      : options.cache
          .subscribe(invalidationChannel, onMessage, () => dropL1({ keys: [], prefixes: [], all: true }))
          .catch((error: unknown) => {
            options.logger?.warn({ error: error instanceof Error ? error.message : String(error) }, 'could not subscribe to cache invalidations; L1 entries live until their ttl');
            return undefined;
          });

  /**
   * Reads through L1, then L2 (unless `l2Too` is false), then the store; `keepEmpty` caches "not found" too.
   * What it returns is deep-frozen and may be shared with other callers: copy before changing it.
   */
  async function readThrough<T>(key: string, load: () => Promise<T | undefined>, { l2Too = true, keepEmpty = false } = {}): Promise<T | undefined> {
    const inL1 = l1?.get(key);
    if (inL1 !== undefined) {
      counters.l1Hits += 1;
      return (inL1.value as T | null) ?? undefined;
    }
    counters.l1Misses += 1;
    const startEpoch = epoch;
    if (l2Too && l2 !== undefined) {
      const inL2 = await l2.get(key);
      if (inL2 !== undefined) {
        const value = deepFreeze(JSON.parse(inL2) as T | null);
        if (epoch === startEpoch) l1?.set(key, { value, bytes: inL2.length });
        return value ?? undefined;
      }
    }
    const loaded = await load();
    if (loaded === undefined && !keepEmpty) return undefined;
    const value = deepFreeze(loaded);
    if (epoch === startEpoch && !closed) {
      const text = JSON.stringify(value ?? null);
      l1?.set(key, { value: value ?? null, bytes: text.length });
      if (l2Too) await l2?.set(key, text);
    }
    return value;
  }

  /** Drops entries here and in L2, tells the other processes, and deletes the L2 keys once more a little later. */
  async function invalidate(keys: string[], prefixes: string[] = []): Promise<void> {
    dropL1({ keys, prefixes });
    if (l2 === undefined) return;
    counters.sent += 1;
    await l2.invalidate({ origin, keys, prefixes });
    // A reader that loaded the old value just before this write may store it in L2 after our delete.
    const timer = setTimeout(() => {
      timers.delete(timer);
      void l2.deleteQuietly(keys);
    }, options.redeleteAfterMs ?? 500);
    timer.unref();
    timers.add(timer);
  }

  /** Runs a write, then invalidates whether it succeeded or not (a failed write may still have committed). */
  async function writing<T>(write: () => Promise<T>, keys: () => string[], prefixes: string[] = []): Promise<T> {
    try {
      return await write();
    } finally {
      await invalidate(keys(), prefixes);
    }
  }

  const webhookPrefixes = [cacheKeys.webhookFindPrefix];

  const cached: CachedStore = {
    kind: store.kind,

    // --- cached reads
    getWorkflow(id, readOptions) {
      if (readOptions?.consistency === 'strong') return store.getWorkflow(id, readOptions);
      const version = readOptions?.version;
      if (version !== undefined) {
        // A saved version never changes, so it is cached without invalidation (until the workflow is deleted).
        return readThrough<WorkflowRecord>(cacheKeys.workflowVersion(id, version), () => store.getWorkflow(id, readOptions));
      }
      return readThrough<WorkflowRecord>(cacheKeys.workflow(id), () => store.getWorkflow(id, readOptions));
    },
    getCredential(id) {
      return readThrough<CredentialRecord>(cacheKeys.credential(id), () => store.getCredential(id));
    },
    findWebhook(method, path) {
      return readThrough<WebhookRegistration>(cacheKeys.webhookFind(method, path), () => store.findWebhook(method, path), { l2Too: false, keepEmpty: true });
    },
    async listWebhooks() {
      return (await readThrough<WebhookRegistration[]>(cacheKeys.webhookList, () => store.listWebhooks())) ?? [];
    },

    // --- writes that invalidate
    createWorkflow: (input) => store.createWorkflow(input),
    updateWorkflow: (id, patch, writeOptions) => writing(() => store.updateWorkflow(id, patch, writeOptions), () => [cacheKeys.workflow(id)]),
    async deleteWorkflow(id) {
      const versions = await store.listWorkflowVersions(id).catch(() => []);
      return writing(
        () => store.deleteWorkflow(id),
        () => [cacheKeys.workflow(id), cacheKeys.webhookList, ...versions.map(({ version }) => cacheKeys.workflowVersion(id, version))],
        [cacheKeys.workflowVersions(id), ...webhookPrefixes],
      );
    },
    createCredential: (input) => store.createCredential(input),
    updateCredential: (id, patch) => writing(() => store.updateCredential(id, patch), () => [cacheKeys.credential(id)]),
    deleteCredential: (id) => writing(() => store.deleteCredential(id), () => [cacheKeys.credential(id)]),
    setWebhooks: (workflowId, webhooks) => writing(() => store.setWebhooks(workflowId, webhooks), () => [cacheKeys.webhookList], webhookPrefixes),
    removeWebhooks: (workflowId) => writing(() => store.removeWebhooks(workflowId), () => [cacheKeys.webhookList], webhookPrefixes),

    // --- passed through: not cached
    listWorkflows: (query, readOptions) => store.listWorkflows(query, readOptions),
    listWorkflowVersions: (id) => store.listWorkflowVersions(id),
    getStaticData: (workflowId) => store.getStaticData(workflowId),
    setStaticData: (workflowId, data) => store.setStaticData(workflowId, data),
    createExecution: (input) => store.createExecution(input),
    createExecutions: (inputs) => store.createExecutions(inputs),
    updateExecution: (id, update) => store.updateExecution(id, update),
    finishExecution: (id, finish) => store.finishExecution(id, finish),
    finishExecutions: (finishes) => store.finishExecutions(finishes),
    getExecution: (id, readOptions) => store.getExecution(id, readOptions),
    getExecutionData: (id) => store.getExecutionData(id),
    listExecutions: (query, readOptions) => store.listExecutions(query, readOptions),
    deleteExecution: (id) => store.deleteExecution(id),
    saveCheckpoints: (executionId, attempt, checkpoints) => store.saveCheckpoints(executionId, attempt, checkpoints),
    loadCheckpoints: (executionId) => store.loadCheckpoints(executionId),
    listRunningByWorker: (workers) => store.listRunningByWorker(workers),
    listStaleNewExecutions: (query) => store.listStaleNewExecutions(query),
    claimExecution: (id, claim) => store.claimExecution(id, claim),
    claimExecutions: (ids, claim) => store.claimExecutions(ids, claim),
    // Not cached: a pin must be decided by the store (first pin wins across processes), and deleteWorkflow drops it.
    pinWorkflowShard: (workflowId, shard) => store.pinWorkflowShard(workflowId, shard),
    getCredentialData: (id) => store.getCredentialData(id),
    listCredentials: (query) => store.listCredentials(query),
    // API keys: the auth layer caches lookups itself (with negative entries and its own ttl), so none here.
    createApiKey: (input) => store.createApiKey(input),
    findApiKeyByHash: (hash) => store.findApiKeyByHash(hash),
    touchApiKey: (id, at) => store.touchApiKey(id, at),
    listApiKeys: () => store.listApiKeys(),
    deleteApiKey: (id) => store.deleteApiKey(id),
    countApiKeys: () => store.countApiKeys(),
    applyRetention: (policy, at) => store.applyRetention(policy, at),
    rollupDay: (day) => store.rollupDay(day),
    listRollups: (query) => store.listRollups(query),
    prepareAhead: (until) => store.prepareAhead(until),
    migrate: () => store.migrate(),
    health: () => store.health(),

    // --- lifecycle
    async close() {
      if (closed) return;
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      const unsubscribe = await subscription;
      await unsubscribe?.().catch(() => undefined);
      l1?.clear();
      await store.close();
    },

    async warm() {
      await subscription;
      let cursor: string | undefined;
      do {
        const page = await store.listWorkflows({ active: true, limit: ACTIVE_PAGE, cursor });
        await Promise.all(page.data.map((summary) => cached.getWorkflow(summary.id)));
        cursor = page.nextCursor;
      } while (cursor !== undefined);
      await cached.listWebhooks();
    },

    stats(): CacheStats {
      return {
        l1: { hits: counters.l1Hits, misses: counters.l1Misses, entries: l1?.size ?? 0, bytes: l1?.calculatedSize ?? 0 },
        l2: { hits: l2?.hits ?? 0, misses: l2?.misses ?? 0, errors: l2?.errors ?? 0, available: l2 !== undefined && !l2.unavailable },
        invalidations: { sent: counters.sent, received: counters.received },
      };
    },
  };
  return cached;
}
