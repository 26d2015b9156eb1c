import { randomBytes } from 'node:crypto';
import { createServer, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WeftError } from '../../core/errors/index.js';
import { testServerUrl } from '../../testing/postgres.js';
import { createPostgresStore } from './postgres-store.js';
import { postgresTestStore, type PostgresTestStore } from './test-support.js';

/** A TCP port nothing listens on: bound once, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

async function rejection(promise: Promise<unknown>): Promise<WeftError> {
  const error: unknown = await promise.then(() => undefined, (reason: unknown) => reason);
  expect(error).toBeInstanceOf(WeftError);
  return error as WeftError;
}

describe('postgres store: server unavailable', () => {
  it('fails fast with a retryable WEFT_E_STORE_UNAVAILABLE naming host:port, never the password', async () => {
    const port = await closedPort();
    const started = Date.now();
    const error = await rejection(createPostgresStore({ url: `postgres://weft:s3cret-pw@127.0.0.1:${port}/weft`, encryptionKey: randomBytes(32), pool: { connectionTimeoutMs: 2_000 } }));
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(error.code).toBe('WEFT_E_STORE_UNAVAILABLE');
    expect(error.retryable).toBe(true);
    expect(error.message).toContain(`127.0.0.1:${port}`);
    expect(error.message).not.toContain('s3cret-pw');
    expect(JSON.stringify(error.details)).not.toContain('s3cret-pw');
  });

  it('times out within the connection timeout when the server accepts but never answers', async () => {
    // A listener that accepts TCP and stays silent: the PostgreSQL handshake never completes.
    const sockets: Socket[] = [];
    const silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const address = silent.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    try {
      const started = Date.now();
      const error = await rejection(createPostgresStore({ url: `postgres://weft@127.0.0.1:${address.port}/weft`, encryptionKey: randomBytes(32), pool: { connectionTimeoutMs: 500 } }));
      const elapsed = Date.now() - started;
      expect(error.code).toBe('WEFT_E_STORE_UNAVAILABLE');
      expect(error.message).toContain(`127.0.0.1:${address.port}`);
      expect(elapsed).toBeGreaterThanOrEqual(450);
      expect(elapsed).toBeLessThan(3_000);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it('maps a statement timeout to WEFT_E_STORE_UNAVAILABLE', async () => {
    const t = await postgresTestStore({ pool: { statementTimeoutMs: 200 } });
    try {
      // A lock held elsewhere makes the store's update wait past its statement timeout.
      const workflow = await t.store.createWorkflow({ name: 'locked', definition: { nodes: [], connections: {} } });
      await t.query('begin');
      await t.query('select 1 from workflows where id = $1 for update', [workflow.id]);
      const error = await rejection(t.store.updateWorkflow(workflow.id, { name: 'blocked' }));
      await t.query('rollback');
      expect(error.code).toBe('WEFT_E_STORE_UNAVAILABLE');
      expect(error.message).toContain('timed out');
      expect((await t.store.getWorkflow(workflow.id))?.name).toBe('locked');
    } finally {
      await t.teardown();
    }
  });

  it('reports a database that does not exist as WEFT_E_INVALID_CONFIG (not retryable), naming host:port', async () => {
    const url = new URL(testServerUrl);
    url.pathname = '/weft_no_such_database_here';
    const error = await rejection(createPostgresStore({ url: url.toString(), encryptionKey: randomBytes(32) }));
    expect(error.code).toBe('WEFT_E_INVALID_CONFIG');
    expect(error.retryable).toBe(false);
    expect(error.message).toContain(`${url.hostname}:${url.port || '5432'}`);
  });

  it('refuses work after close() with WEFT_E_STORE_UNAVAILABLE', async () => {
    const t = await postgresTestStore();
    await t.store.close();
    const error = await rejection(t.store.listWorkflows({ limit: 1 }));
    expect(error.code).toBe('WEFT_E_STORE_UNAVAILABLE');
    await t.teardown();
  });
});

describe('postgres store: replica down', () => {
  let t: PostgresTestStore;
  let port: number;
  beforeAll(async () => {
    port = await closedPort();
    t = await postgresTestStore({ replicaRetryMs: 60_000 });
  });
  afterAll(async () => {
    await t.teardown();
  });

  it('falls back to the primary for replica reads and reports the replica unhealthy', async () => {
    const { store: base, url } = t;
    const store = await createPostgresStore({ url, readUrls: [`postgres://postgres@127.0.0.1:${port}/none`], encryptionKey: randomBytes(32) });
    try {
      const workflow = await base.createWorkflow({ name: 'seen', definition: { nodes: [], connections: {} } });
      const started = Date.now();
      expect((await store.listWorkflows({ limit: 10 })).data.map((row) => row.id)).toEqual([workflow.id]);
      expect((await store.listWorkflows({ limit: 10 }, { consistency: 'replica' })).data).toHaveLength(1);
      expect(await store.listCredentials({ limit: 10 })).toEqual({ data: [], nextCursor: undefined });
      expect(Date.now() - started).toBeLessThan(3_000);
      expect(await store.health()).toEqual({ primary: true, replicas: [false] });
    } finally {
      await store.close();
    }
  });
});
