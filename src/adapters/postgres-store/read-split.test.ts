import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WeftError } from '../../core/errors/index.js';
import type { Store } from '../../ports/store/index.js';
import { createPgReplicaPair, type PgReplicaPair } from '../../testing/pg-replica.js';
import { createPostgresStore } from './postgres-store.js';

const definition = { nodes: [], connections: {} };

async function query<T extends pg.QueryResultRow>(url: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

/** Polls until `check` passes, failing after `timeoutMs`; returns how long it took. */
async function eventually(check: () => Promise<void>, timeoutMs = 15_000): Promise<number> {
  const started = Date.now();
  for (;;) {
    try {
      await check();
      return Date.now() - started;
    } catch (error) {
      if (Date.now() - started > timeoutMs) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

async function failure(promise: Promise<unknown>): Promise<{ error: WeftError; ms: number }> {
  const started = Date.now();
  const error: unknown = await promise.then(() => undefined, (reason: unknown) => reason);
  expect(error).toBeInstanceOf(WeftError);
  return { error: error as WeftError, ms: Date.now() - started };
}

describe('postgres store: read/write split on a real streaming replica', () => {
  let pair: PgReplicaPair;
  let store: Store;

  beforeAll(async () => {
    pair = await createPgReplicaPair();
    store = await createPostgresStore({
      url: pair.primaryUrl,
      readUrls: [pair.replicaUrl],
      encryptionKey: randomBytes(32),
      pool: { connectionTimeoutMs: 1_000, max: 10 },
      replicaRetryMs: 300,
    });
  }, 120_000);

  afterAll(async () => {
    await store?.close();
    await pair?.destroy();
  }, 60_000);

  it('writes on the primary, strong reads see them at once, list reads are served by the replica', async () => {
    const created = await store.createWorkflow({ name: 'split', definition });
    expect(await store.getWorkflow(created.id)).toEqual(created);
    await eventually(async () => expect((await store.listWorkflows({ limit: 10 })).data.map((row) => row.id)).toContain(created.id));
    // The store's replica pool (application_name weft-replica-0) holds connections on the replica, none on the primary.
    const onReplica = await query<{ n: number }>(pair.replicaUrl, "select count(*)::int as n from pg_stat_activity where application_name = 'weft-replica-0'");
    const onPrimary = await query<{ n: number }>(pair.primaryUrl, "select count(*)::int as n from pg_stat_activity where application_name = 'weft-replica-0'");
    expect(onReplica[0]?.n).toBeGreaterThan(0);
    expect(onPrimary[0]?.n).toBe(0);
    expect(await store.health()).toEqual({ primary: true, replicas: [true] });
  });

  it('answers list reads from the replica while the primary is down, writes failing fast; then recovers', async () => {
    const created = await store.createWorkflow({ name: 'before outage', definition });
    await eventually(async () => expect((await store.listWorkflows({ limit: 50 })).data.map((row) => row.id)).toContain(created.id));
    await pair.stopPrimary();
    try {
      expect((await store.listWorkflows({ limit: 50 })).data.map((row) => row.id)).toContain(created.id);
      const write = await failure(store.createWorkflow({ name: 'during outage', definition }));
      expect(write.error.code).toBe('WEFT_E_STORE_UNAVAILABLE');
      expect(write.error.message).toContain(new URL(pair.primaryUrl).port);
      expect(write.ms).toBeLessThan(1_500);
      const strong = await failure(store.getWorkflow(created.id));
      expect(strong.error.code).toBe('WEFT_E_STORE_UNAVAILABLE');
      expect(await store.health()).toEqual({ primary: false, replicas: [true] });
    } finally {
      await pair.startPrimary();
    }
    const recoveredIn = await eventually(async () => {
      await store.createWorkflow({ name: 'after outage', definition });
    });
    expect(recoveredIn).toBeLessThan(10_000);
  }, 60_000);

  it('falls back to the primary while the replica is down, and goes back to it once it is up', async () => {
    const created = await store.createWorkflow({ name: 'replica outage', definition });
    await pair.stopReplica();
    try {
      const started = Date.now();
      expect((await store.listWorkflows({ limit: 50 })).data.map((row) => row.id)).toContain(created.id);
      expect((await store.listExecutions({ limit: 5 })).data).toEqual([]);
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(await store.health()).toEqual({ primary: true, replicas: [false] });
    } finally {
      await pair.startReplica();
    }
    await eventually(async () => expect(await store.health()).toEqual({ primary: true, replicas: [true] }));
    await eventually(async () => {
      await store.listWorkflows({ limit: 1 });
      const rows = await query<{ n: number }>(pair.replicaUrl, "select count(*)::int as n from pg_stat_activity where application_name = 'weft-replica-0'");
      expect(rows[0]?.n).toBeGreaterThan(0);
    });
  }, 60_000);

  it('survives a primary restart under load: operations fail fast with WEFT_E_STORE_UNAVAILABLE, the pool recovers by itself', async () => {
    const workflow = await store.createWorkflow({ name: 'load', definition });
    let running = true;
    const outcomes: Array<{ ok: boolean; ms: number; code?: string }> = [];
    const worker = async () => {
      while (running) {
        const started = Date.now();
        try {
          const [created] = await store.createExecutions([{ workflowId: workflow.id, workflowVersion: 1, mode: 'trigger', status: 'running' }]);
          await store.finishExecution(created!.id, { status: 'success', attempt: 1, stoppedAt: Date.now() });
          outcomes.push({ ok: true, ms: Date.now() - started });
        } catch (error) {
          outcomes.push({ ok: false, ms: Date.now() - started, code: (error as { code?: string }).code });
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      }
    };
    const workers = Array.from({ length: 4 }, worker);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await pair.stopPrimary();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const restartedAt = Date.now();
    await pair.startPrimary();
    const recoveredIn = await eventually(async () => {
      const since = outcomes.length;
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(outcomes.slice(since).some((outcome) => outcome.ok)).toBe(true);
    });
    running = false;
    await Promise.all(workers);
    const failures = outcomes.filter((outcome) => !outcome.ok);
    expect(failures.length).toBeGreaterThan(0);
    expect(new Set(failures.map((outcome) => outcome.code))).toEqual(new Set(['WEFT_E_STORE_UNAVAILABLE']));
    // Fail fast: no failed operation waited longer than the 1 s connection timeout (plus scheduling slack).
    expect(Math.max(...failures.map((outcome) => outcome.ms))).toBeLessThan(2_000);
    expect(Date.now() - restartedAt).toBeLessThan(15_000);
    expect(recoveredIn).toBeLessThan(10_000);
    expect(outcomes.filter((outcome) => outcome.ok).length).toBeGreaterThan(10);
  }, 60_000);
});
