import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqliteStore } from './index.js';
import { sqliteMigrations } from './migrations/index.js';
import { buildStoreBundle, startStoreChild } from './test-fixtures/child-process.js';

const allMigrations = sqliteMigrations.map(({ version, name }) => ({ version, name }));

const encryptionKey = Buffer.alloc(32, 7);
let bundle: string;
let disposeBundle: () => void = () => undefined;
let folder: string;

beforeAll(async () => {
  ({ bundle, dispose: disposeBundle } = await buildStoreBundle());
  folder = mkdtempSync(join(tmpdir(), 'weft-sqlite-processes-'));
});

afterAll(() => {
  disposeBundle();
  rmSync(folder, { recursive: true, force: true });
});

describe('SQLite store across processes', () => {
  it('migrates once when several processes open a new file at the same moment', async () => {
    const file = join(folder, 'concurrent.db');
    const startAt = Date.now() + 1_500;
    const children = Array.from({ length: 4 }, () => startStoreChild(bundle, file, 'migrate', startAt));
    const exits = await Promise.all(children.map((child) => child.exited));
    for (const [index, exit] of exits.entries()) {
      expect(exit.stderr).toBe('');
      expect(exit.code).toBe(0);
      expect(children[index]?.lines).toEqual([{ migrated: true, pid: children[index]?.process.pid }]);
    }
    const raw = new Database(file, { readonly: true });
    try {
      expect(raw.prepare('select version, name from weft_migrations order by version').all()).toEqual(allMigrations);
      expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      raw.close();
    }
    const store = await createSqliteStore({ file, encryptionKey });
    await store.migrate();
    expect((await store.createWorkflow({ name: 'after', definition: { nodes: [], connections: {} } })).version).toBe(1);
    await store.close();
  }, 60_000);

  it('loses no reported write and leaves no half-written execution when the writer is killed with SIGKILL', async () => {
    const file = join(folder, 'killed.db');
    const child = startStoreChild(bundle, file, 'write');
    // Kill at an arbitrary point well into the loop: after some finished rounds, between two writes.
    const rounds = 5 + Math.floor(Math.random() * 20);
    await child.waitFor((lines) => lines.filter((line) => 'finished' in line).length >= rounds, 30_000);
    await new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * 15)));
    child.process.kill('SIGKILL');
    const exit = await child.exited;
    expect(exit.signal).toBe('SIGKILL');

    const reported = [...child.lines];
    const created = reported.flatMap((line) => (Array.isArray(line.created) ? (line.created as string[]) : []));
    const checkpointed = reported.flatMap((line) => (typeof line.checkpointed === 'string' ? [line.checkpointed] : []));
    const finished = reported.flatMap((line) => (Array.isArray(line.finished) ? (line.finished as string[]) : []));
    expect(finished.length).toBeGreaterThanOrEqual(rounds * 3);

    const store = await createSqliteStore({ file, encryptionKey });
    try {
      for (const id of created) {
        const execution = await store.getExecution(id);
        expect(execution, `reported execution ${id}`).toBeDefined();
        expect((await store.getExecutionData(id))?.input).toMatchObject({ padding: expect.any(String) });
      }
      for (const id of checkpointed) expect(await store.loadCheckpoints(id)).toHaveLength(1);
      for (const id of finished) {
        expect(await store.getExecution(id)).toMatchObject({ status: 'success', stoppedAt: expect.any(Number) });
        expect((await store.getExecutionData(id))?.result).toMatchObject({ status: 'success' });
      }
      // Every execution in the file, reported or not (the kill may land after a commit, before its report), is whole:
      // it has its input, and a finished one has its result.
      const workflowId = reported.find((line) => typeof line.workflowId === 'string')?.workflowId as string;
      let cursor: string | undefined;
      let seen = 0;
      do {
        const page = await store.listExecutions({ workflowId, limit: 100, ...(cursor === undefined ? {} : { cursor }) });
        for (const execution of page.data) {
          const data = await store.getExecutionData(execution.id);
          expect(data?.input, `input of ${execution.id}`).toBeDefined();
          if (execution.status === 'success') expect(data?.result, `result of ${execution.id}`).toBeDefined();
          else expect(['new', 'running']).toContain(execution.status);
        }
        seen += page.data.length;
        cursor = page.nextCursor;
      } while (cursor !== undefined);
      expect(seen).toBeGreaterThanOrEqual(created.length);
      expect(seen - created.length).toBeLessThanOrEqual(3);
    } finally {
      await store.close();
    }
  }, 60_000);
});
