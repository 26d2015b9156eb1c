import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/config.js';
import { createSilentLogger } from '../logging/logger.js';
import { createTestDatabase } from '../testing/postgres.js';
import { openStore } from './open-store.js';

const workflow = { name: 'kept', nodes: [{ name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {} }], connections: {} };

describe('openStore', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('opens embedded SQLite in the data folder, creates the key file, and keeps data across restarts', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'weft-open-'));
    dirs.push(dataDir);
    const config = loadConfig({ WEFT_DATA_DIR: dataDir });
    const first = await openStore(config, createSilentLogger());
    expect(first.kind).toBe('sqlite');
    const saved = await first.store.createWorkflow({ name: 'kept', definition: workflow });
    const credential = await first.store.createCredential({ name: 'api', type: 'httpHeaderAuth', data: { value: 's3cret' } });
    await first.close();
    await first.close();
    expect(statSync(join(dataDir, 'encryption.key')).mode & 0o777).toBe(0o600);

    const second = await openStore(config, createSilentLogger());
    expect((await second.store.getWorkflow(saved.id))?.definition).toEqual(workflow);
    expect(await second.store.getCredentialData(credential.id)).toEqual({ value: 's3cret' });
    await second.close();
  });

  it('opens PostgreSQL when WEFT_DATABASE_URL is set, with Redis as the shared cache', async () => {
    const database = await createTestDatabase('weft_open');
    const dataDir = mkdtempSync(join(tmpdir(), 'weft-open-'));
    dirs.push(dataDir);
    try {
      const config = loadConfig({
        WEFT_DATA_DIR: dataDir,
        WEFT_DATABASE_URL: database.url,
        WEFT_REDIS_URL: 'redis://127.0.0.1:6379',
        WEFT_REDIS_KEY_PREFIX: `weft-open-test-${process.pid}:`,
        WEFT_ENCRYPTION_KEY: 'a'.repeat(64),
      });
      const opened = await openStore(config, createSilentLogger());
      expect(opened.kind).toBe('postgres');
      const saved = await opened.store.createWorkflow({ name: 'kept', definition: workflow, active: true });
      expect((await opened.store.getWorkflow(saved.id))?.name).toBe('kept');
      expect((await opened.store.getWorkflow(saved.id))?.name).toBe('kept');
      expect(opened.store.stats().l1.hits).toBeGreaterThan(0);
      await opened.close();
    } finally {
      await database.drop();
    }
  });
});
