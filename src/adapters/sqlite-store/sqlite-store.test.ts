import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WeftError } from '../../core/errors/index.js';
import { describeStoreContract } from '../../ports/store/store-contract.js';
import type { Store } from '../../ports/store/index.js';
import { openSqlite } from './connection.js';
import { createSqliteStore } from './index.js';
import { sqliteMigrations } from './migrations/index.js';
import { percentile } from './percentile.js';

const allMigrations = sqliteMigrations.map(({ version, name }) => ({ version, name }));

let folder: string;
beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'weft-sqlite-store-'));
});
afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
});

let fileCount = 0;
const newFile = (): string => join(folder, `store-${(fileCount += 1)}.db`);
const definition = { nodes: [], connections: {} };

/** Reads a stored file directly, the way an operator's sqlite3 shell would. */
function inspect<T>(file: string, read: (raw: Database.Database) => T): T {
  const raw = new Database(file, { readonly: true });
  try {
    return read(raw);
  } finally {
    raw.close();
  }
}

describeStoreContract('sqlite', async () => {
  const file = newFile();
  const store = await createSqliteStore({ file, encryptionKey: randomBytes(32) });
  await store.migrate();
  return {
    store,
    teardown: async () => {
      await store.close();
      for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
    },
    rawCredentialRow: async (id) => inspect(file, (raw) => JSON.stringify(raw.prepare('select * from credentials where id = ?').get(id) ?? {})),
    storedExecutionDataBytes: async (id) =>
      inspect(file, (raw) => (raw.prepare('select length(result) as bytes from execution_data where execution_id = ?').get(id) as { bytes: number } | undefined)?.bytes ?? 0),
  };
});

describe('SQLite store adapter', () => {
  it('opens its connection with WAL, synchronous=NORMAL, the busy timeout and foreign keys on', () => {
    const { db, raw } = openSqlite({ file: newFile(), busyTimeoutMs: 1_234 });
    try {
      expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
      // 1 = NORMAL (0 OFF, 2 FULL, 3 EXTRA).
      expect(raw.pragma('synchronous', { simple: true })).toBe(1);
      expect(raw.pragma('busy_timeout', { simple: true })).toBe(1_234);
      expect(raw.pragma('foreign_keys', { simple: true })).toBe(1);
    } finally {
      void db.destroy();
    }
  });

  it('leaves the file in WAL mode with every migration recorded', async () => {
    const file = newFile();
    const store = await createSqliteStore({ file, encryptionKey: randomBytes(32) });
    await store.close();
    expect(inspect(file, (raw) => raw.pragma('journal_mode', { simple: true }))).toBe('wal');
    expect(inspect(file, (raw) => raw.prepare('select version, name from weft_migrations order by version').all())).toEqual(allMigrations);
  });

  it('keeps everything across close and reopen, credentials readable with the same key only', async () => {
    const file = newFile();
    const encryptionKey = randomBytes(32);
    const first = await createSqliteStore({ file, encryptionKey });
    const workflow = await first.createWorkflow({ name: 'durable', definition });
    await first.updateWorkflow(workflow.id, { active: true });
    const execution = await first.createExecution({ workflowId: workflow.id, workflowVersion: 2, mode: 'manual', input: { a: 1 } });
    const credential = await first.createCredential({ name: 'c', type: 'httpBasicAuth', data: { password: 'p' } });
    await first.setWebhooks(workflow.id, [{ workflowId: workflow.id, nodeName: 'W', method: 'POST', path: 'durable' }]);
    await first.setStaticData(workflow.id, { seen: 3 });
    await first.close();

    const second = await createSqliteStore({ file, encryptionKey });
    try {
      expect(await second.getWorkflow(workflow.id)).toMatchObject({ version: 2, active: true });
      expect(await second.getWorkflow(workflow.id, { version: 1 })).toMatchObject({ version: 1, active: false });
      expect(await second.getExecution(execution.id)).toStrictEqual(execution);
      expect(await second.getExecutionData(execution.id)).toEqual({ result: undefined, input: { a: 1 } });
      expect(await second.getCredentialData(credential.id)).toEqual({ password: 'p' });
      expect((await second.findWebhook('POST', 'durable'))?.workflowId).toBe(workflow.id);
      expect(await second.getStaticData(workflow.id)).toEqual({ seen: 3 });
    } finally {
      await second.close();
    }

    const wrongKey = await createSqliteStore({ file, encryptionKey: randomBytes(32) });
    try {
      await expect(wrongKey.getCredentialData(credential.id)).rejects.toMatchObject({ code: 'WEFT_E_STORE_CORRUPT' });
      expect(await wrongKey.getCredential(credential.id)).toMatchObject({ name: 'c' });
    } finally {
      await wrongKey.close();
    }
  });

  it('works in memory', async () => {
    const store = await createSqliteStore({ file: ':memory:', encryptionKey: randomBytes(32) });
    try {
      const workflow = await store.createWorkflow({ name: 'memory', definition });
      expect((await store.listWorkflows({ limit: 10 })).data.map((row) => row.id)).toEqual([workflow.id]);
      expect(await store.health()).toEqual({ primary: true, replicas: [] });
    } finally {
      await store.close();
    }
  });

  it('fails with WEFT_E_STORE_UNAVAILABLE when another connection holds the write lock past the busy timeout', async () => {
    const file = newFile();
    const store = await createSqliteStore({ file, encryptionKey: randomBytes(32), busyTimeoutMs: 50 });
    const other = new Database(file);
    try {
      other.exec('begin immediate');
      await expect(store.createWorkflow({ name: 'blocked', definition })).rejects.toMatchObject({ code: 'WEFT_E_STORE_UNAVAILABLE' });
      // Reads still work while another process writes (WAL).
      expect((await store.listWorkflows({ limit: 1 })).data).toEqual([]);
      other.exec('rollback');
      expect((await store.createWorkflow({ name: 'after', definition })).version).toBe(1);
    } finally {
      other.close();
      await store.close();
    }
  });

  it('refuses a file that is not a database with WEFT_E_STORE_CORRUPT naming it', async () => {
    const file = newFile();
    writeFileSync(file, 'this is not an SQLite database, just text that is long enough to look like a header page'.repeat(20));
    const error: unknown = await createSqliteStore({ file, encryptionKey: randomBytes(32) }).catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(WeftError);
    expect(error).toMatchObject({ code: 'WEFT_E_STORE_CORRUPT' });
    expect((error as Error).message).toContain(file);
  });

  it('refuses a file migrated by a newer Weft, naming the unknown migration', async () => {
    const file = newFile();
    await (await createSqliteStore({ file, encryptionKey: randomBytes(32) })).close();
    const raw = new Database(file);
    raw.prepare('insert into weft_migrations (version, name, applied_at) values (?, ?, ?)').run(99, 'from-the-future', Date.now());
    raw.close();
    await expect(createSqliteStore({ file, encryptionKey: randomBytes(32) })).rejects.toMatchObject({
      code: 'WEFT_E_INVALID_CONFIG',
      message: expect.stringContaining('from-the-future'),
    });
  });

  it('refuses operations after close with WEFT_E_STORE_UNAVAILABLE, and reports itself down', async () => {
    const store = await createSqliteStore({ file: newFile(), encryptionKey: randomBytes(32) });
    await store.close();
    await expect(store.getWorkflow('x')).rejects.toMatchObject({ code: 'WEFT_E_STORE_UNAVAILABLE' });
    expect(await store.health()).toEqual({ primary: false, replicas: [] });
  });

  it('lists through the keyset indexes, never sorting or skipping rows', async () => {
    const file = newFile();
    const store = await createSqliteStore({ file, encryptionKey: randomBytes(32) });
    await store.close();
    const plan = (query: string): string =>
      inspect(file, (raw) => (raw.prepare(`explain query plan ${query}`).all() as Array<{ detail: string }>).map((row) => row.detail).join(' | '));
    const after = `(created_at, id) < (1, 'x')`;
    expect(plan(`select * from executions where ${after} order by created_at desc, id desc limit 51`)).toMatch(/USING INDEX executions_created_idx/);
    expect(plan(`select * from executions where workflow_id = 'w' and ${after} order by created_at desc, id desc limit 51`)).toMatch(
      /USING INDEX executions_workflow_created_idx/,
    );
    expect(plan(`select * from executions where status = 'error' and ${after} order by created_at desc, id desc limit 51`)).toMatch(
      /USING INDEX executions_status_created_idx/,
    );
    for (const query of [`select * from executions where ${after} order by created_at desc, id desc limit 51`]) {
      expect(plan(query)).not.toMatch(/TEMP B-TREE/);
    }
  });

  it('removes old executions in batches of the configured size, each its own transaction', async () => {
    const file = newFile();
    const store: Store = await createSqliteStore({ file, encryptionKey: randomBytes(32), retentionBatchSize: 7 });
    const observer = new Database(file, { readonly: true });
    let running = true;
    try {
      const workflow = await store.createWorkflow({ name: 'retention', definition });
      const old = await store.createExecutions(Array.from({ length: 30 }, () => ({ workflowId: workflow.id, workflowVersion: 1, mode: 'trigger', status: 'running' as const })));
      await store.finishExecutions(old.map((row) => ({ id: row.id, status: 'success' as const, attempt: 1, stoppedAt: row.createdAt + 1 })));
      // Another connection samples the row count between batches: with one big transaction it would only ever
      // see 30, then 0; committed batches show up as counts in between, multiples of the batch size away from 30.
      const seen = new Set<number>();
      const sample = (): void => {
        // A sample may still be queued when the test ends and closes the observer: then it does nothing.
        if (!running || !observer.open) return;
        seen.add((observer.prepare('select count(*) as n from executions').get() as { n: number }).n);
        setImmediate(sample);
      };
      sample();
      const removed = await store.applyRetention({ maxAgeMs: 0 }, Date.now() + 1);
      running = false;
      expect(removed).toBe(30);
      const between = [...seen].filter((count) => count > 0 && count < 30);
      expect(between.length).toBeGreaterThan(0);
      for (const count of between) expect((30 - count) % 7).toBe(0);
      expect((await store.listExecutions({ workflowId: workflow.id, limit: 10 })).data).toEqual([]);
    } finally {
      running = false;
      observer.close();
      await store.close();
    }
  });

  it('computes nearest-rank percentiles', () => {
    expect(percentile([], 0.5)).toBe(0);
    expect(percentile([7], 0.99)).toBe(7);
    expect(percentile([10, 20, 30, 40], 0.5)).toBe(20);
    expect(percentile([10, 20, 30, 40], 0.75)).toBe(30);
    expect(percentile([10, 20, 30, 40], 0.76)).toBe(40);
    expect(percentile([10, 20, 30, 40], 0)).toBe(10);
  });

  it('rejects a malformed day and a bad limit as WEFT_E_INVALID_ARGUMENT', async () => {
    const store = await createSqliteStore({ file: ':memory:', encryptionKey: randomBytes(32) });
    try {
      await expect(store.rollupDay('2024-02-30')).rejects.toMatchObject({ code: 'WEFT_E_INVALID_ARGUMENT', message: expect.stringContaining('2024-02-30') });
      await expect(store.listRollups({ fromDay: 'yesterday', toDay: '2024-01-01' })).rejects.toMatchObject({ code: 'WEFT_E_INVALID_ARGUMENT' });
      await expect(store.listExecutions({ limit: 0 })).rejects.toMatchObject({ code: 'WEFT_E_INVALID_ARGUMENT' });
    } finally {
      await store.close();
    }
  });
});
