import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../adapters/open-store.js';
import { loadConfig } from '../config/config.js';
import { createSilentLogger } from '../logging/logger.js';
import { createApiKeyAuthenticator, hashApiKey } from '../server/auth/api-keys.js';
import type { CliIo } from './io.js';
import { main } from './main.js';

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

let dataDir: string;
let env: Record<string, string>;

/** Runs `weft <args>` in-process against the temp data dir, capturing what it writes. */
async function weft(...args: string[]): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { stdout: (text) => out.push(text), stderr: (text) => err.push(text), env, cwd: dataDir };
  const code = await main(args, io);
  return { code, stdout: out.join(''), stderr: err.join('') };
}

/** Opens the store exactly as the server would (same environment) and runs `work` on it. */
async function withServerStore<T>(work: (store: Awaited<ReturnType<typeof openStore>>['store']) => Promise<T>): Promise<T> {
  const opened = await openStore(loadConfig(env), createSilentLogger());
  try {
    return await work(opened.store);
  } finally {
    await opened.close();
  }
}

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'weft-api-key-cli-'));
  env = { WEFT_DATA_DIR: dataDir, WEFT_LOG_LEVEL: 'silent' };
});

afterEach(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

describe('weft api-key', () => {
  it('creates a key before the first start, printing only the key, which the server’s store then accepts', async () => {
    const run = await weft('api-key', 'create', '--label', 'deploy bot');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^weft_[A-Za-z0-9_-]{43}\n$/);
    const key = run.stdout.trim();
    expect(run.stderr).not.toContain(key);
    const found = await withServerStore(async (store) => {
      const auth = createApiKeyAuthenticator(store);
      const record = await auth.authenticate(key);
      await auth.drain();
      return record;
    });
    expect(found).toMatchObject({ label: 'deploy bot', createdAt: expect.any(Number) });
    expect(run.stderr).toContain(found?.id);
    // Two creations make two different keys.
    const second = await weft('api-key', 'create');
    expect(second.stdout.trim()).not.toBe(key);
    expect(await withServerStore((store) => store.countApiKeys())).toBe(2);
  });

  it('lists id, label, created and last used, never a key or its hash', async () => {
    const empty = await weft('api-key', 'list');
    expect(empty).toMatchObject({ code: 0, stdout: 'ID\tLABEL\tCREATED\tLAST USED\n' });
    const key = (await weft('api-key', 'create', '--label', 'ci')).stdout.trim();
    await weft('api-key', 'create');
    const [ci, cli] = await withServerStore((store) => store.listApiKeys());
    await withServerStore((store) => store.touchApiKey(ci?.id ?? '', Date.UTC(2026, 0, 2, 3, 4, 5)));

    const listed = await weft('api-key', 'list');
    expect(listed.code).toBe(0);
    expect(listed.stdout).not.toContain(key);
    expect(listed.stdout).not.toContain(hashApiKey(key));
    const lines = listed.stdout.trimEnd().split('\n');
    expect(lines).toEqual([
      'ID\tLABEL\tCREATED\tLAST USED',
      `${ci?.id}\tci\t${new Date(ci?.createdAt ?? 0).toISOString()}\t2026-01-02T03:04:05.000Z`,
      `${cli?.id}\tcli\t${new Date(cli?.createdAt ?? 0).toISOString()}\tnever`,
    ]);

    const json = await weft('api-key', 'list', '--json');
    expect(JSON.parse(json.stdout)).toEqual([
      { id: ci?.id, label: 'ci', createdAt: new Date(ci?.createdAt ?? 0).toISOString(), lastUsedAt: '2026-01-02T03:04:05.000Z' },
      { id: cli?.id, label: 'cli', createdAt: new Date(cli?.createdAt ?? 0).toISOString(), lastUsedAt: null },
    ]);
  });

  it('deletes a key so it no longer authenticates; an unknown id fails', async () => {
    const key = (await weft('api-key', 'create')).stdout.trim();
    const [record] = await withServerStore((store) => store.listApiKeys());
    const id = record?.id ?? '';
    const deleted = await weft('api-key', 'delete', id);
    expect(deleted).toMatchObject({ code: 0, stdout: '' });
    expect(deleted.stderr).toContain(id);
    expect(await withServerStore((store) => createApiKeyAuthenticator(store).authenticate(key))).toBeUndefined();

    const again = await weft('api-key', 'delete', id);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('WEFT_E_NOT_FOUND');
  });

  it('refuses a missing or unknown action, a delete without an id, and an empty label, with exit 2', async () => {
    for (const args of [['api-key'], ['api-key', 'rotate'], ['api-key', 'delete'], ['api-key', 'create', '--label', '  '], ['api-key', 'create', '--nope']]) {
      const run = await weft(...args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stdout, args.join(' ')).toBe('');
    }
    expect(await withServerStore((store) => store.countApiKeys())).toBe(0);
  });

  it('is in the help text', async () => {
    const help = await weft('help');
    expect(help.stdout).toContain('weft api-key create [--label <text>]');
    expect(help.stdout).toContain('weft api-key list');
    expect(help.stdout).toContain('weft api-key delete <id>');
  });
});
