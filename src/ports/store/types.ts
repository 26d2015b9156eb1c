import type { WorkflowDocument } from '../../core/model/types.js';
import type { ExecutionResult, SchedulerEvent } from '../../core/scheduler/index.js';

/**
 * The store port: what Weft needs from durable storage, in its own terms (no database vendor types). The
 * embedded adapter (SQLite) and the server adapter (PostgreSQL) both implement it and pass one contract suite.
 *
 * Conventions: ids are strings (UUIDv7-like, time ordered); times are epoch milliseconds; lists use keyset cursors
 * (an opaque string, never an offset); every write is durable when its promise resolves.
 */

/** One page of a keyset-paginated list. `nextCursor` is undefined on the last page. */
export interface Page<T> {
  readonly data: T[];
  readonly nextCursor: string | undefined;
}

/** Whether a read must see the caller's own latest writes (primary) or may be served by a replica. */
export type ReadConsistency = 'strong' | 'replica';

// ---------------------------------------------------------------------------------------------------------------
// Workflows

/** A stored workflow at its current (or a requested) version. */
export interface WorkflowRecord {
  readonly id: string;
  readonly name: string;
  readonly active: boolean;
  readonly tags: readonly string[];
  /** 1 for the first save; every update adds one. */
  readonly version: number;
  /** The n8n workflow document as saved (nodes, connections, settings, pinData, unknown fields kept). */
  readonly definition: WorkflowDocument;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** A workflow in lists: everything but the (possibly large) definition. */
export type WorkflowSummary = Omit<WorkflowRecord, 'definition'>;

export interface NewWorkflow {
  readonly name: string;
  readonly definition: WorkflowDocument;
  readonly active?: boolean;
  readonly tags?: readonly string[];
  /** Caller-chosen id (imports); generated when absent. */
  readonly id?: string;
}

export interface WorkflowPatch {
  readonly name?: string;
  readonly definition?: WorkflowDocument;
  readonly active?: boolean;
  readonly tags?: readonly string[];
}

export interface WorkflowQuery {
  /** Case-insensitive substring of the name. */
  readonly name?: string;
  readonly active?: boolean;
  readonly tag?: string;
  readonly limit: number;
  readonly cursor?: string;
}

export interface WorkflowStore {
  createWorkflow(input: NewWorkflow): Promise<WorkflowRecord>;
  /** The current version, or `version` when given (every saved version is kept). */
  getWorkflow(id: string, options?: { version?: number; consistency?: ReadConsistency }): Promise<WorkflowRecord | undefined>;
  /**
   * Saves a new version (the previous one stays readable). With `expectedVersion`, fails with
   * `WEFT_E_CONFLICT` when someone else saved in between (optimistic concurrency).
   */
  updateWorkflow(id: string, patch: WorkflowPatch, options?: { expectedVersion?: number }): Promise<WorkflowRecord>;
  /** Deletes the workflow, its versions, webhooks and static data. Returns false when it did not exist. */
  deleteWorkflow(id: string): Promise<boolean>;
  /** Newest first (by updatedAt, then id). */
  listWorkflows(query: WorkflowQuery, options?: { consistency?: ReadConsistency }): Promise<Page<WorkflowSummary>>;
  /** Version numbers with their save times, newest first. */
  listWorkflowVersions(id: string): Promise<Array<{ version: number; savedAt: number }>>;
  getStaticData(workflowId: string): Promise<Record<string, unknown>>;
  setStaticData(workflowId: string, data: Record<string, unknown>): Promise<void>;
}

// ---------------------------------------------------------------------------------------------------------------
// Executions

export type StoredExecutionStatus = 'new' | 'running' | 'waiting' | 'success' | 'error' | 'canceled' | 'crashed';

/** The execution row: small, indexed, listed. Run data lives apart (see {@link ExecutionStore.getExecutionData}). */
export interface ExecutionRecord {
  readonly id: string;
  readonly workflowId: string;
  /** The workflow version the execution ran. */
  readonly workflowVersion: number;
  readonly status: StoredExecutionStatus;
  /** n8n's execution modes: manual, trigger, webhook, retry, integrated, cli, error, internal. */
  readonly mode: string;
  readonly createdAt: number;
  readonly startedAt: number | undefined;
  readonly stoppedAt: number | undefined;
  /** Set when this execution retries another one. */
  readonly retryOf: string | undefined;
  /** The worker that runs (or ran) it. */
  readonly worker: string | undefined;
  /** Delivery attempt; a newer attempt fences out writes from an older one. */
  readonly attempt: number;
  readonly shard: number | undefined;
  /** Short error message when it failed (the full error is in the data). */
  readonly errorMessage: string | undefined;
  /** When a waiting execution should resume. */
  readonly waitTill: number | undefined;
}

export interface NewExecution {
  readonly workflowId: string;
  readonly workflowVersion: number;
  readonly mode: string;
  readonly status?: 'new' | 'running';
  readonly retryOf?: string;
  readonly shard?: number;
  readonly worker?: string;
  readonly startedAt?: number;
  /** The input the execution starts with (trigger items, webhook request), kept with its data. */
  readonly input?: unknown;
}

/** A state change of a running execution. Rejected (returns false) when `attempt` is older than the stored one. */
export interface ExecutionUpdate {
  readonly status: StoredExecutionStatus;
  readonly attempt: number;
  readonly worker?: string;
  readonly startedAt?: number;
  readonly waitTill?: number;
}

/** The end of an execution. Completion is recorded once: a second finish, or one from an older attempt, returns false. */
export interface ExecutionFinish {
  readonly status: 'success' | 'error' | 'canceled' | 'crashed';
  readonly attempt: number;
  readonly stoppedAt: number;
  readonly errorMessage?: string;
  /** The run data; omitted when the workflow's saving mode says not to keep it. */
  readonly result?: ExecutionResult;
}

export interface ExecutionQuery {
  readonly workflowId?: string;
  readonly status?: StoredExecutionStatus | readonly StoredExecutionStatus[];
  /** createdAt >= startedAfter */
  readonly startedAfter?: number;
  /** createdAt < startedBefore */
  readonly startedBefore?: number;
  readonly limit: number;
  readonly cursor?: string;
}

/** Which stale `new` executions to list, see {@link ExecutionStore.listStaleNewExecutions}. */
export interface StaleNewExecutionQuery {
  /** Only executions created before this time (epoch ms, exclusive). */
  readonly createdBefore: number;
  readonly limit: number;
  readonly cursor?: string;
}

/** A finished node run recorded while the execution runs, so a crashed execution resumes without re-running it. */
export interface ExecutionCheckpoint {
  /** Order within the execution, from 0. */
  readonly sequence: number;
  /** The scheduler event that finished the node (nodeSucceeded / nodeFailed), replayable. */
  readonly event: SchedulerEvent;
}

/** Who takes an execution over, see {@link ExecutionStore.claimExecution}. */
export interface ExecutionClaim {
  /** The worker that will run it (recorded on the row, for crash recovery). */
  readonly worker: string;
  /**
   * Most executions of the workflow `running` at once (a whole number >= 1); absent = no limit. Only claims that
   * pass a limit are counted against each other: an execution started `running` by `createExecution` or moved
   * there by `updateExecution` takes a slot but is not held back by one.
   */
  readonly concurrencyLimit?: number;
  /**
   * Claim the execution only while it is still `new`, decided in the claim's own atomic write: a `running` or
   * `waiting` one (another claim started it) is left as it is, attempt unchanged, and the outcome is `started`.
   * For the first delivery of a job meant to start an execution, which must never take over a live run.
   */
  readonly onlyNew?: boolean;
}

/**
 * What a claim did. `missing`: no such execution. `ended`: it already finished (the row is given). `concurrency`:
 * the workflow's limit is reached, or older executions of the workflow are first in line (the row is given).
 * `started`: an `onlyNew` claim found the execution no longer `new` (running or waiting; the row is given).
 */
export type ClaimOutcome =
  | { readonly claimed: true; readonly execution: ExecutionRecord }
  | { readonly claimed: false; readonly reason: 'missing' | 'ended' | 'concurrency' | 'started'; readonly execution?: ExecutionRecord };

export interface ExecutionStore {
  createExecution(input: NewExecution): Promise<ExecutionRecord>;
  /** Creates many at once in one transaction (group commit for high throughput). */
  createExecutions(inputs: readonly NewExecution[]): Promise<ExecutionRecord[]>;
  updateExecution(id: string, update: ExecutionUpdate): Promise<boolean>;
  finishExecution(id: string, finish: ExecutionFinish): Promise<boolean>;
  /** Finishes many in one transaction; returns which succeeded, in order. */
  finishExecutions(finishes: ReadonlyArray<{ id: string } & ExecutionFinish>): Promise<boolean[]>;
  getExecution(id: string, options?: { consistency?: ReadConsistency }): Promise<ExecutionRecord | undefined>;
  /** The stored run data (decompressed) and start input, or undefined when none was kept. */
  getExecutionData(id: string): Promise<{ result: ExecutionResult | undefined; input: unknown } | undefined>;
  /** Newest first (createdAt, then id), keyset paginated. */
  listExecutions(query: ExecutionQuery, options?: { consistency?: ReadConsistency }): Promise<Page<ExecutionRecord>>;
  deleteExecution(id: string): Promise<boolean>;
  /** Appends checkpoints of an attempt; ignored when `attempt` is older than the execution's. Idempotent per sequence. */
  saveCheckpoints(executionId: string, attempt: number, checkpoints: readonly ExecutionCheckpoint[]): Promise<boolean>;
  loadCheckpoints(executionId: string): Promise<ExecutionCheckpoint[]>;
  /** Executions in `running` whose worker is one of `workers` (crash recovery). */
  listRunningByWorker(workers: readonly string[]): Promise<ExecutionRecord[]>;
  /**
   * Executions still `new` that were created before `createdBefore`: in queue mode, candidates for a job that was
   * never published (the orchestrator died, or the publish failed, after the row was written). Oldest first
   * (createdAt, then id; the one keyset list that is not newest first, so the longest-stranded come first), keyset
   * paginated, always read from the primary (a lagging replica would show rows as `new` that were claimed).
   *
   * @example
   * const page = await store.listStaleNewExecutions({ createdBefore: Date.now() - 300_000, limit: 100 });
   * for (const execution of page.data) await enqueueAgain(execution);
   */
  listStaleNewExecutions(query: StaleNewExecutionQuery): Promise<Page<ExecutionRecord>>;
  /**
   * Takes an unfinished execution (new, running or waiting) over atomically: attempt = stored attempt + 1, status
   * `running`, `worker` recorded, `startedAt` set unless already set, `waitTill` cleared. Concurrent claims of one
   * execution each get their own attempt; the last one owns it and the earlier attempts' writes are refused.
   *
   * With `concurrencyLimit` n, an execution not yet `running` is claimed only while fewer than n executions of its
   * workflow run, and only when it is among the first (n - running) of the workflow's queue, first in first out by
   * (createdAt, id). The queue is the `new` executions and the `waiting` ones that are due (no `waitTill`, or
   * `waitTill` <= now): one waiting for a later time holds no place in line. An execution already `running` (a
   * crashed worker's) is always claimable: it holds its slot. A whole number >= 1, else `WEFT_E_INVALID_ARGUMENT`.
   *
   * With `onlyNew`, only an execution still `new` is claimed (checked in the same atomic write, so no claim can
   * slip in between); any other unfinished one is left untouched and the outcome is `started`.
   *
   * @example
   * const outcome = await store.claimExecution(job.executionId, { worker: 'worker-7', concurrencyLimit: 3 });
   * if (outcome.claimed) await run(outcome.execution.id, outcome.execution.attempt);
   * else if (outcome.reason === 'concurrency') requeueLater(job);
   */
  claimExecution(id: string, claim: ExecutionClaim): Promise<ClaimOutcome>;
  /**
   * Claims several executions at once, without a concurrency limit (group commit for queue workers taking many
   * jobs): one outcome per id, in order, each as {@link claimExecution} would give it. The ids must be distinct
   * (a repeated id is `WEFT_E_INVALID_ARGUMENT`: each claim of one execution needs its own attempt). `onlyNew`
   * applies to every id of the call.
   *
   * @example
   * const outcomes = await store.claimExecutions(['e1', 'e2'], { worker: 'worker-7', onlyNew: true });
   */
  claimExecutions(ids: readonly string[], claim: Pick<ExecutionClaim, 'worker' | 'onlyNew'>): Promise<ClaimOutcome[]>;
  /**
   * Pins a stateful workflow to a shard: the first call records `shard`, every later call (also a concurrent one
   * with another shard) returns the recorded one. `deleteWorkflow` removes the pin. `shard` is a whole number
   * from 0 to 2^31 - 1, else `WEFT_E_INVALID_ARGUMENT`.
   *
   * @example
   * const shard = await store.pinWorkflowShard(workflow.id, hashToShard(workflow.id)); // stays put afterwards
   */
  pinWorkflowShard(workflowId: string, shard: number): Promise<number>;
}

// ---------------------------------------------------------------------------------------------------------------
// Credentials

/** Credential metadata: safe to list and cache. The secret data is never part of it. */
export interface CredentialRecord {
  readonly id: string;
  readonly name: string;
  /** n8n credential type, e.g. `httpBasicAuth`. */
  readonly type: string;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export interface CredentialStore {
  /** Encrypts `data` (AES-256-GCM) before it is written. */
  createCredential(input: { name: string; type: string; data: Record<string, unknown>; id?: string }): Promise<CredentialRecord>;
  updateCredential(id: string, patch: { name?: string; data?: Record<string, unknown> }): Promise<CredentialRecord>;
  deleteCredential(id: string): Promise<boolean>;
  getCredential(id: string): Promise<CredentialRecord | undefined>;
  /** Decrypts the secret data, for the node that uses it. */
  getCredentialData(id: string): Promise<Record<string, unknown> | undefined>;
  listCredentials(query: { type?: string; limit: number; cursor?: string }): Promise<Page<CredentialRecord>>;
}

// ---------------------------------------------------------------------------------------------------------------
// Webhooks

export interface WebhookRegistration {
  readonly workflowId: string;
  readonly nodeName: string;
  /** HTTP method in upper case. */
  readonly method: string;
  /** Path without leading slash; may contain `:param` segments. */
  readonly path: string;
  readonly webhookId?: string;
}

export interface WebhookStore {
  /** Replaces the registrations of `workflowId` (activation). Conflicting method+path of another workflow fails with WEFT_E_CONFLICT. */
  setWebhooks(workflowId: string, webhooks: readonly WebhookRegistration[]): Promise<void>;
  removeWebhooks(workflowId: string): Promise<void>;
  findWebhook(method: string, path: string): Promise<WebhookRegistration | undefined>;
  listWebhooks(): Promise<WebhookRegistration[]>;
}

// ---------------------------------------------------------------------------------------------------------------
// API keys

/** An API key as stored: only a hash of the secret is kept (the key itself is shown once, at creation). */
export interface ApiKeyRecord {
  readonly id: string;
  readonly label: string;
  readonly createdAt: number;
  readonly lastUsedAt: number | undefined;
}

export interface ApiKeyStore {
  /** Stores a new key by its hash (SHA-256 hex of the secret, computed by the caller). A taken hash or id is WEFT_E_CONFLICT. */
  createApiKey(input: { label: string; hash: string; id?: string }): Promise<ApiKeyRecord>;
  /** The key whose secret hashes to `hash`, or undefined. */
  findApiKeyByHash(hash: string): Promise<ApiKeyRecord | undefined>;
  /** Records a use (best effort, may be throttled by the caller). Never moves `lastUsedAt` back; an unknown id is ignored. */
  touchApiKey(id: string, at: number): Promise<void>;
  /** Oldest first (createdAt, then id). */
  listApiKeys(): Promise<ApiKeyRecord[]>;
  deleteApiKey(id: string): Promise<boolean>;
  /** How many keys exist (the server creates one on first start when there are none). */
  countApiKeys(): Promise<number>;
}

// ---------------------------------------------------------------------------------------------------------------
// History at scale

export interface RetentionPolicy {
  /** Executions created before now - maxAgeMs are removed. */
  readonly maxAgeMs?: number;
  /** Only the newest maxCount executions are kept. */
  readonly maxCount?: number;
}

/** Per workflow and day: counts and duration percentiles of finished executions. */
export interface DailyRollup {
  readonly workflowId: string;
  /** UTC day, `YYYY-MM-DD`. */
  readonly day: string;
  readonly count: number;
  readonly errors: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
}

export interface HistoryStore {
  /** Removes executions (and their data and checkpoints) outside the policy, in batches; returns how many. */
  applyRetention(policy: RetentionPolicy, now: number): Promise<number>;
  /** Computes (or recomputes) the rollups of one UTC day. */
  rollupDay(day: string): Promise<void>;
  listRollups(query: { workflowId?: string; fromDay: string; toDay: string }): Promise<DailyRollup[]>;
  /** Prepares storage for executions up to `until` (PostgreSQL: creates the time partitions ahead). */
  prepareAhead(until: number): Promise<void>;
}

// ---------------------------------------------------------------------------------------------------------------
// The whole store

/** Everything the store offers, with its lifecycle. */
export interface Store extends WorkflowStore, ExecutionStore, CredentialStore, WebhookStore, ApiKeyStore, HistoryStore {
  /** `sqlite` or `postgres`: for logs and metrics only; behaviour must not depend on it. */
  readonly kind: string;
  /** Applies pending migrations (versioned, forward-only; safe when several processes start at once). */
  migrate(): Promise<void>;
  /** True when the primary (and each replica, reported separately) answers. */
  health(): Promise<{ primary: boolean; replicas: boolean[] }>;
  /** Closes connections. Idempotent. */
  close(): Promise<void>;
}
