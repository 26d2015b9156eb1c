import { existsSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgReplicaPair, type PgReplicaPair } from './pg-replica.js';

async function query<T extends pg.QueryResultRow>(url: string, sql: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  await client.connect();
  try {
    return (await client.query<T>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

/** Polls until `check` resolves without throwing, failing after `timeoutMs`. */
async function eventually(check: () => Promise<void>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

const visibleOnReplica = async (pair: PgReplicaPair, note: string) => {
  await eventually(async () => {
    const rows = await query<{ note: string }>(pair.replicaUrl, 'SELECT note FROM replicated WHERE note = $1', [note]);
    expect(rows).toEqual([{ note }]);
  });
};

describe('PostgreSQL streaming replica pair for tests', () => {
  let pair: PgReplicaPair;

  beforeAll(async () => {
    pair = await createPgReplicaPair();
    await query(pair.primaryUrl, 'CREATE TABLE replicated (id serial PRIMARY KEY, note text NOT NULL)');
  }, 120_000);

  afterAll(async () => {
    await pair?.destroy();
  }, 60_000);

  it('runs the primary and the replica on different ports, the replica in recovery', async () => {
    expect(pair.primaryUrl).not.toBe(pair.replicaUrl);
    expect(await query<{ recovering: boolean }>(pair.primaryUrl, 'SELECT pg_is_in_recovery() AS recovering')).toEqual([{ recovering: false }]);
    expect(await query<{ recovering: boolean }>(pair.replicaUrl, 'SELECT pg_is_in_recovery() AS recovering')).toEqual([{ recovering: true }]);
    const standbys = await query<{ state: string }>(pair.primaryUrl, 'SELECT state FROM pg_stat_replication');
    expect(standbys).toEqual([{ state: 'streaming' }]);
  });

  it('shows a row written on the primary on the replica', async () => {
    await query(pair.primaryUrl, 'INSERT INTO replicated (note) VALUES ($1)', ['first']);
    await visibleOnReplica(pair, 'first');
  });

  it('refuses writes on the replica', async () => {
    await expect(query(pair.replicaUrl, 'INSERT INTO replicated (note) VALUES ($1)', ['nope'])).rejects.toMatchObject({ code: '25006' });
    expect(await query(pair.primaryUrl, 'SELECT 1 FROM replicated WHERE note = $1', ['nope'])).toEqual([]);
  });

  it('stops and restarts the replica, which catches up with writes made while it was down', async () => {
    await pair.stopReplica();
    await expect(query(pair.replicaUrl, 'SELECT 1')).rejects.toThrow();
    await query(pair.primaryUrl, 'INSERT INTO replicated (note) VALUES ($1)', ['while replica down']);
    await pair.startReplica();
    await visibleOnReplica(pair, 'while replica down');
  }, 60_000);

  it('stops and restarts the primary, keeping committed rows; the replica reconnects', async () => {
    await pair.stopPrimary();
    await expect(query(pair.primaryUrl, 'SELECT 1')).rejects.toThrow();
    // The replica keeps answering reads while the primary is down.
    expect(await query(pair.replicaUrl, 'SELECT note FROM replicated WHERE note = $1', ['first'])).toEqual([{ note: 'first' }]);
    await pair.startPrimary();
    expect(await query(pair.primaryUrl, 'SELECT note FROM replicated WHERE note = $1', ['first'])).toEqual([{ note: 'first' }]);
    await query(pair.primaryUrl, 'INSERT INTO replicated (note) VALUES ($1)', ['after primary restart']);
    await visibleOnReplica(pair, 'after primary restart');
  }, 60_000);

  it('destroys both servers and their files, idempotently', async () => {
    const root = pair.root;
    expect(existsSync(root)).toBe(true);
    await pair.destroy();
    await pair.destroy();
    expect(existsSync(root)).toBe(false);
    await expect(query(pair.primaryUrl, 'SELECT 1')).rejects.toThrow();
    await expect(query(pair.replicaUrl, 'SELECT 1')).rejects.toThrow();
  }, 60_000);
});
