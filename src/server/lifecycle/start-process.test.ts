import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../adapters/open-store.js';
import { loadConfig } from '../../config/config.js';
import { createSilentLogger } from '../../logging/logger.js';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const entry = join(projectRoot, 'dist', 'src', 'cli', 'main.js');

/** True when a source file of the CLI or the server is newer than its compiled file (or that is missing). */
function buildIsStale(): boolean {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? walk(join(dir, d.name)) : d.name.endsWith('.ts') && !d.name.endsWith('.test.ts') ? [join(dir, d.name)] : []));
  return ['src/cli', 'src/server', 'src/adapters'].some((folder) =>
    walk(join(projectRoot, folder)).some((source) => {
      const built = join(projectRoot, 'dist', relative(projectRoot, source)).replace(/\.ts$/, '.js');
      return !existsSync(built) || statSync(built).mtimeMs < statSync(source).mtimeMs;
    }),
  );
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolvePort(port));
    });
  });
}

interface Started {
  readonly child: ChildProcess;
  readonly url: string;
  stdout(): string;
  stderr(): string;
  exited: Promise<number | null>;
}

const baseEnv = (dataDir: string, port: number): Record<string, string> => ({
  PATH: process.env.PATH ?? '',
  HOME: dataDir,
  WEFT_DATA_DIR: dataDir,
  WEFT_PORT: String(port),
  WEFT_LOG_LEVEL: 'info',
});

/** Spawns `weft start` and resolves once it printed its URL (rejects when it exits first). */
async function startWeft(env: Record<string, string>): Promise<Started> {
  const child = spawn(process.execPath, ['--no-node-snapshot', entry, 'start'], { cwd: projectRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const url = await new Promise<string>((found, fail) => {
    const timer = setInterval(() => {
      const match = /Weft is running at (http:\/\/\S+)/.exec(out);
      // The URL line and the key block are one write: seeing the URL means the key (if any) is there too.
      if (match) {
        clearInterval(timer);
        found(match[1]!);
      }
    }, 20);
    void exited.then((code) => {
      clearInterval(timer);
      fail(new Error(`weft start exited with ${String(code)} before printing its URL:\n${err}`));
    });
  });
  return { child, url, stdout: () => out, stderr: () => err, exited };
}

async function executionStatus(url: string, apiKey: string, executionId: string): Promise<string | undefined> {
  const response = await fetch(`${url}/api/v1/executions/${executionId}`, { headers: { 'x-weft-api-key': apiKey } });
  return ((await response.json()) as { status?: string }).status;
}

const printedKey = (stdout: string): string | undefined => /X-WEFT-API-KEY: (weft_\S+)/.exec(stdout)?.[1];

const waitWorkflow = {
  name: 'slow',
  nodes: [
    { id: 'a', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {}, position: [0, 0] },
    { id: 'b', name: 'Wait', type: 'n8n-nodes-base.wait', typeVersion: 1.1, parameters: { resume: 'timeInterval', amount: 1, unit: 'seconds' }, position: [200, 0] },
  ],
  connections: { Start: { main: [[{ node: 'Wait', type: 'main', index: 0 }]] } },
  settings: { executionOrder: 'v1' },
};

let dataDir: string;

beforeAll(() => {
  if (buildIsStale()) {
    // tsc exits non-zero on type errors elsewhere in the tree but still emits; only the output matters here.
    spawnSync('npx', ['tsc', '-p', '.'], { cwd: projectRoot, stdio: 'ignore' });
  }
  expect(existsSync(entry)).toBe(true);
  dataDir = mkdtempSync(join(tmpdir(), 'weft-start-test-'));
}, 180_000);

afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

describe('weft start (spawned process)', () => {
  let apiKey: string;

  it('serves the API, prints the first API key once, drains a running execution on SIGTERM and exits 0', async () => {
    const weft = await startWeft(baseEnv(dataDir, await freePort()));
    try {
      expect(weft.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const health = await fetch(`${weft.url}/healthz`);
      expect(health.status).toBe(200);

      apiKey = printedKey(weft.stdout()) ?? '';
      expect(apiKey).toMatch(/^weft_/);
      expect(weft.stdout()).toMatch(/shown only this once/);
      // The key is never logged: stderr carries JSON log lines only, none with the key.
      expect(weft.stderr()).not.toContain(apiKey);
      for (const line of weft.stderr().split('\n').filter((l) => l.trim() !== '')) expect(() => JSON.parse(line) as unknown).not.toThrow();

      expect((await fetch(`${weft.url}/api/v1/workflows`)).status).toBe(401);
      const headers = { 'x-weft-api-key': apiKey, 'content-type': 'application/json' };
      const created = await fetch(`${weft.url}/api/v1/workflows`, { method: 'POST', headers, body: JSON.stringify(waitWorkflow) });
      expect(created.status).toBe(200);
      const { id } = (await created.json()) as { id: string };
      const run = await fetch(`${weft.url}/api/v1/workflows/${id}/run`, { method: 'POST', headers, body: '{}' });
      expect(run.status).toBe(202);
      const { executionId } = (await run.json()) as { executionId: string };
      await expect.poll(() => executionStatus(weft.url, apiKey, executionId), { timeout: 10_000, interval: 20 }).toBe('running');

      // SIGTERM while the 1 s Wait runs: the execution finishes (well inside the deadline) before the process exits.
      weft.child.kill('SIGTERM');
      expect(await weft.exited).toBe(0);
      expect(weft.stderr()).not.toMatch(/^\s+at /m);

      const opened = await openStore(loadConfig({ WEFT_DATA_DIR: dataDir }), createSilentLogger());
      try {
        const execution = await opened.store.getExecution(executionId, { consistency: 'strong' });
        expect(execution?.status).toBe('success');
        const running = await opened.store.listExecutions({ status: 'running', limit: 10 });
        expect(running.data).toEqual([]);
        expect(await opened.store.countApiKeys()).toBe(1);
      } finally {
        await opened.close();
      }
    } finally {
      weft.child.kill('SIGKILL');
    }
  }, 60_000);

  it('does not print a new key on the second start; the first key still works', async () => {
    expect(apiKey).toMatch(/^weft_/);
    const weft = await startWeft(baseEnv(dataDir, await freePort()));
    try {
      expect(printedKey(weft.stdout())).toBeUndefined();
      expect(weft.stdout()).not.toMatch(/API key/);
      const list = await fetch(`${weft.url}/api/v1/workflows`, { headers: { 'x-weft-api-key': apiKey } });
      expect(list.status).toBe(200);
      expect(((await list.json()) as { data: unknown[] }).data).toHaveLength(1);
      weft.child.kill('SIGINT');
      expect(await weft.exited).toBe(0);
    } finally {
      weft.child.kill('SIGKILL');
    }
  }, 60_000);

  it('stops at once on a second signal; the accepted execution stays recorded for crash recovery', async () => {
    const otherDir = mkdtempSync(join(tmpdir(), 'weft-start-test-'));
    try {
      const weft = await startWeft(baseEnv(otherDir, await freePort()));
      try {
        const headers = { 'x-weft-api-key': printedKey(weft.stdout()) ?? '', 'content-type': 'application/json' };
        const slow = { ...waitWorkflow, nodes: [waitWorkflow.nodes[0], { ...waitWorkflow.nodes[1], parameters: { resume: 'timeInterval', amount: 60, unit: 'seconds' } }] };
        const { id } = (await (await fetch(`${weft.url}/api/v1/workflows`, { method: 'POST', headers, body: JSON.stringify(slow) })).json()) as { id: string };
        const { executionId } = (await (await fetch(`${weft.url}/api/v1/workflows/${id}/run`, { method: 'POST', headers, body: '{}' })).json()) as { executionId: string };
        await expect.poll(() => executionStatus(weft.url, headers['x-weft-api-key'], executionId), { timeout: 10_000, interval: 20 }).toBe('running');
        weft.child.kill('SIGTERM');
        // Wait until the first signal was handled, then insist.
        await expect.poll(() => weft.stderr(), { timeout: 5_000 }).toContain('shutdown requested');
        const insistedAt = Date.now();
        weft.child.kill('SIGTERM');
        expect(await weft.exited).toBe(1);
        expect(Date.now() - insistedAt).toBeLessThan(5_000);
        const opened = await openStore(loadConfig({ WEFT_DATA_DIR: otherDir }), createSilentLogger());
        try {
          // Still running in the store, its job unacknowledged in the queue: the next start resumes it.
          expect((await opened.store.getExecution(executionId, { consistency: 'strong' }))?.status).toBe('running');
        } finally {
          await opened.close();
        }
      } finally {
        weft.child.kill('SIGKILL');
      }
    } finally {
      rmSync(otherDir, { recursive: true, force: true });
    }
  }, 60_000);

  it('reports startup errors on one line and exits 1: invalid settings, a taken port', async () => {
    const bad = spawnSync(process.execPath, ['--no-node-snapshot', entry, 'start'], {
      cwd: projectRoot,
      env: { ...baseEnv(dataDir, 1), WEFT_PORT: 'abc', WEFT_LOG_LEVEL: 'loud' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(bad.status).toBe(1);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/^Weft could not start: Invalid configuration: WEFT_LOG_LEVEL .*; WEFT_PORT must be a whole number/);

    const blocker = createServer();
    await new Promise<void>((done) => blocker.listen(0, '127.0.0.1', done));
    const address = blocker.address();
    const taken = typeof address === 'object' && address !== null ? address.port : 0;
    try {
      const busy = spawnSync(process.execPath, ['--no-node-snapshot', entry, 'start'], {
        cwd: projectRoot,
        env: { ...baseEnv(dataDir, taken), WEFT_LOG_LEVEL: 'silent' },
        encoding: 'utf8',
        timeout: 30_000,
      });
      expect(busy.status).toBe(1);
      expect(busy.stderr).toBe(`Weft could not start: Port ${taken} is already in use on 127.0.0.1: stop the other program or set WEFT_PORT (WEFT_E_INVALID_CONFIG)\n`);
    } finally {
      blocker.close();
    }
  }, 60_000);
});
