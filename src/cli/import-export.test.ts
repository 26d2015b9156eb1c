import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CliIo } from './io.js';
import { main } from './main.js';

let dir: string;

function cli(): { io: CliIo; out: () => string; err: () => string } {
  const out: string[] = [];
  const err: string[] = [];
  const env = { WEFT_DATA_DIR: join(dir, 'data'), WEFT_LOG_LEVEL: 'silent' };
  return { io: { stdout: (t) => out.push(t), stderr: (t) => err.push(t), env, cwd: dir }, out: () => out.join(''), err: () => err.join('') };
}

const workflows = [
  {
    id: 'wf-import-1',
    name: 'first',
    active: true,
    tags: [{ id: '9', name: 'team' }],
    nodes: [{ id: 'n', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {}, position: [0, 0] }],
    connections: {},
    settings: { executionOrder: 'v1' },
    meta: { templateId: 'kept' },
  },
  { name: 'second', nodes: [], connections: {} },
];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'weft-import-export-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('weft import / weft export', () => {
  it('round-trips a file of workflows through the store', async () => {
    writeFileSync(join(dir, 'in.json'), JSON.stringify(workflows));
    const imported = cli();
    expect(await main(['import', 'in.json'], imported.io)).toBe(0);
    expect(imported.out()).toMatch(/^created wf-import-1 first\ncreated \S+ second\nImported 2 workflows into /);

    const exported = cli();
    expect(await main(['export', '--output', 'out.json', '--pretty'], exported.io)).toBe(0);
    const text = readFileSync(join(dir, 'out.json'), 'utf8');
    expect(text).toContain('\n  {');
    const documents = JSON.parse(text) as Array<Record<string, unknown>>;
    expect(documents.map((d) => d.name).sort()).toEqual(['first', 'second']);
    expect(documents.find((d) => d.name === 'first')).toMatchObject({ id: 'wf-import-1', active: false, tags: [{ name: 'team' }], meta: { templateId: 'kept' }, nodes: workflows[0]!.nodes });

    // The export imports again (same ids: new versions) and exports the same workflows.
    const again = cli();
    expect(await main(['import', 'out.json'], again.io)).toBe(0);
    expect(again.out()).toMatch(/updated wf-import-1 first\n/);
    expect(again.out()).toMatch(/Imported 2 workflows/);
    expect(again.out()).not.toMatch(/created/);
    const one = cli();
    expect(await main(['export', '--id', 'wf-import-1'], one.io)).toBe(0);
    const [single] = JSON.parse(one.out()) as Array<Record<string, unknown>>;
    expect(single).toMatchObject({ id: 'wf-import-1', name: 'first', connections: {} });
  });

  it('reports a missing file, invalid JSON and an unknown id without a stack trace', async () => {
    const missing = cli();
    expect(await main(['import', 'nope.json'], missing.io)).toBe(2);
    expect(missing.err()).toMatch(/No such file: nope.json \(WEFT_E_FILE_NOT_FOUND\)/);

    writeFileSync(join(dir, 'bad.json'), '{"name": ');
    const bad = cli();
    expect(await main(['import', 'bad.json'], bad.io)).toBe(2);
    expect(bad.err()).toMatch(/WEFT_E_INVALID_JSON/);

    const unknown = cli();
    expect(await main(['export', '--id', 'missing'], unknown.io)).toBe(1);
    expect(unknown.err()).toMatch(/No workflow with id missing \(WEFT_E_NOT_FOUND\)/);
    expect(missing.err() + bad.err() + unknown.err()).not.toMatch(/^\s+at /m);
  });
});
