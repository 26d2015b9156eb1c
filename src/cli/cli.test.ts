import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from './io.js';
import { main } from './main.js';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

interface Captured {
  readonly io: CliIo;
  stdout: () => string;
  stderr: () => string;
}

function capture(cwd: string, env: Record<string, string> = {}): Captured {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { stdout: (text) => out.push(text), stderr: (text) => err.push(text), env, cwd },
    stdout: () => out.join(''),
    stderr: () => err.join(''),
  };
}

let dir: string;

function writeWorkflow(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return path;
}

const trigger = { name: 'When clicking', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {}, position: [0, 0] };

const validWorkflow = {
  name: 'valid',
  nodes: [trigger, { name: 'Nothing', type: 'n8n-nodes-base.noOp', typeVersion: 1, parameters: {}, position: [200, 0] }],
  connections: { 'When clicking': { main: [[{ node: 'Nothing', type: 'main', index: 0 }]] } },
};

const failingWorkflow = {
  name: 'failing',
  nodes: [trigger, { name: 'Fail here', type: 'n8n-nodes-base.stopAndError', typeVersion: 1, parameters: { errorMessage: 'boom' } }],
  connections: { 'When clicking': { main: [[{ node: 'Fail here', type: 'main', index: 0 }]] } },
};

const invalidWorkflow = {
  name: 'invalid',
  nodes: [trigger, { name: 'Mystery', type: 'n8n-nodes-base.doesNotExist', typeVersion: 1, parameters: {} }],
  connections: { 'When clicking': { main: [[{ node: 'Mystery', type: 'main', index: 0 }, { node: 'Gone', type: 'main', index: 0 }]] } },
};

interface RunResult {
  status: string;
  mode: string;
  data: { resultData: { runData: Record<string, Array<{ data: { main: Array<Array<{ json: unknown }>> } }>>; lastNodeExecuted?: string } };
}

function parseResult(stdout: string): RunResult {
  expect(stdout.endsWith('\n')).toBe(true);
  return JSON.parse(stdout) as RunResult;
}

/** No line of a stack trace ("    at fn (file:1:2)"). */
const stackLine = /^\s+at /m;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'weft-cli-test-'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('weft run (in-process)', () => {
  it('runs a valid workflow and prints the result JSON', async () => {
    const file = writeWorkflow('valid.json', validWorkflow);
    const cli = capture(dir);
    const code = await main(['run', file], cli.io);
    expect(cli.stderr()).toBe('');
    expect(code).toBe(0);
    const result = parseResult(cli.stdout());
    expect(result.status).toBe('success');
    expect(result.mode).toBe('cli');
    expect(Object.keys(result.data.resultData.runData).sort()).toEqual(['Nothing', 'When clicking']);
    expect(result.data.resultData.runData['Nothing']![0]!.data.main[0]!.map((item) => item.json)).toEqual([{}]);
    expect(result.data.resultData.lastNodeExecuted).toBe('Nothing');
    // compact by default: one line
    expect(cli.stdout().trimEnd().includes('\n')).toBe(false);
  });

  it('resolves the workflow path against io.cwd', async () => {
    writeWorkflow('relative.json', validWorkflow);
    const cli = capture(dir);
    expect(await main(['run', 'relative.json'], cli.io)).toBe(0);
    expect(parseResult(cli.stdout()).status).toBe('success');
  });

  it('passes --input items to the trigger output', async () => {
    const file = writeWorkflow('input.json', validWorkflow);
    const cli = capture(dir);
    const code = await main(['run', file, '--input', '[{"a":1},{"json":{"b":2}}]'], cli.io);
    expect(code).toBe(0);
    const runData = parseResult(cli.stdout()).data.resultData.runData;
    expect(runData['When clicking']![0]!.data.main[0]!.map((item) => item.json)).toEqual([{ a: 1 }, { b: 2 }]);
    expect(runData['Nothing']![0]!.data.main[0]!.map((item) => item.json)).toEqual([{ a: 1 }, { b: 2 }]);
  });

  it('pretty-prints with --pretty', async () => {
    const file = writeWorkflow('pretty.json', validWorkflow);
    const cli = capture(dir);
    expect(await main(['run', '--pretty', file], cli.io)).toBe(0);
    const stdout = cli.stdout();
    expect(stdout.startsWith('{\n  "status": "success"')).toBe(true);
    expect(stdout).toBe(`${JSON.stringify(JSON.parse(stdout), null, 2)}\n`);
  });

  it('exits 1 when the workflow fails, naming the node and its message', async () => {
    const file = writeWorkflow('failing.json', failingWorkflow);
    const cli = capture(dir);
    const code = await main(['run', file], cli.io);
    expect(code).toBe(1);
    expect(cli.stderr()).toBe('Node "Fail here" failed: boom\n');
    const result = parseResult(cli.stdout());
    expect(result.status).toBe('error');
  });

  it('exits 2 for an invalid workflow and lists every problem without a stack trace', async () => {
    const file = writeWorkflow('invalid.json', invalidWorkflow);
    const cli = capture(dir);
    const code = await main(['run', file], cli.io);
    expect(code).toBe(2);
    expect(cli.stdout()).toBe('');
    expect(cli.stderr()).toBe(
      'The workflow is invalid (2 problems):\n' +
        '- nodes[1].type: Node "Mystery": unknown node type "n8n-nodes-base.doesNotExist"\n' +
        '- connections["When clicking"].main[0][1].node: Node "When clicking" connects to node "Gone", which does not exist' +
        ' (WEFT_E_INVALID_WORKFLOW)\n',
    );
    expect(cli.stderr()).not.toMatch(stackLine);
  });

  it('exits 2 for malformed JSON and reports line and column', async () => {
    const file = writeWorkflow('broken.json', '{\n  "name": "broken",\n}\n');
    const cli = capture(dir);
    const code = await main(['run', file], cli.io);
    expect(code).toBe(2);
    expect(cli.stderr()).toBe(`${file}:3:1: invalid JSON: Expected double-quoted property name (WEFT_E_INVALID_JSON)\n`);
    expect(cli.stderr()).not.toMatch(stackLine);
  });

  it('exits 2 for a missing file', async () => {
    const cli = capture(dir);
    const code = await main(['run', 'no-such-file.json'], cli.io);
    expect(code).toBe(2);
    expect(cli.stderr()).toBe('No such file: no-such-file.json (WEFT_E_FILE_NOT_FOUND)\n');
  });

  it('exits 2 for --input that is not JSON', async () => {
    const file = writeWorkflow('bad-input.json', validWorkflow);
    const cli = capture(dir);
    const code = await main(['run', file, '--input', '[{a:1}]'], cli.io);
    expect(code).toBe(2);
    expect(cli.stderr()).toMatch(/^--input is not valid JSON: .+ \(WEFT_E_INVALID_ARGUMENT\)\n$/);
    expect(cli.stdout()).toBe('');
  });

  it('exits 2 for --input entries that are not objects', async () => {
    const file = writeWorkflow('bad-input-2.json', validWorkflow);
    const cli = capture(dir);
    expect(await main(['run', file, '--input', '[{"a":1}, 5]'], cli.io)).toBe(2);
    expect(cli.stderr()).toBe('--input[1] must be an object (an item or its json) (WEFT_E_INVALID_ARGUMENT)\n');
  });

  it('exits 2 without a workflow file, or with two', async () => {
    const none = capture(dir);
    expect(await main(['run'], none.io)).toBe(2);
    expect(none.stderr()).toBe('weft run takes exactly one workflow file, got 0 (WEFT_E_INVALID_ARGUMENT)\n');
    const two = capture(dir);
    expect(await main(['run', 'a.json', 'b.json'], two.io)).toBe(2);
    expect(two.stderr()).toBe('weft run takes exactly one workflow file, got 2 (WEFT_E_INVALID_ARGUMENT)\n');
  });

  it('exits 2 for an unknown option', async () => {
    const file = writeWorkflow('unknown-option.json', validWorkflow);
    const cli = capture(dir);
    expect(await main(['run', file, '--frobnicate'], cli.io)).toBe(2);
    expect(cli.stderr()).toMatch(/--frobnicate/);
    expect(cli.stderr()).not.toMatch(stackLine);
  });

  it('exits 2 for an invalid WEFT_ setting', async () => {
    const file = writeWorkflow('config.json', validWorkflow);
    const cli = capture(dir, { WEFT_MAX_PARALLEL_NODES: 'many' });
    expect(await main(['run', file], cli.io)).toBe(2);
    expect(cli.stderr()).toBe(
      'Invalid configuration:\n- WEFT_MAX_PARALLEL_NODES must be a whole number from 1 to 10000, got "many" (WEFT_E_INVALID_CONFIG)\n',
    );
  });
});

describe('weft (other commands)', () => {
  it('exits 2 for an unknown command and shows the usage', async () => {
    const cli = capture(dir);
    expect(await main(['frobnicate'], cli.io)).toBe(2);
    expect(cli.stdout()).toBe('');
    expect(cli.stderr().startsWith('Unknown command "frobnicate".\n\nweft: run n8n-compatible workflows')).toBe(true);
    expect(cli.stderr()).toContain('Usage:');
  });

  it.each([['help'], ['--help'], ['-h'], []])('prints the usage for %j and exits 0', async (...argv: string[]) => {
    const cli = capture(dir);
    expect(await main(argv, cli.io)).toBe(0);
    expect(cli.stderr()).toBe('');
    const usage = cli.stdout();
    expect(usage.startsWith('weft: run n8n-compatible workflows, independent branches in parallel.\n\nUsage:\n')).toBe(true);
    expect(usage).toContain("weft run <workflow.json> [--input '<json items>'] [--pretty]");
    expect(usage).toContain('Exit 0 on success, 1 when the workflow failed, 2 for an invalid workflow or bad arguments.');
    expect(usage).toMatch(/ {2}WEFT_LOG_LEVEL +default: "info"\n/);
  });
});

describe('bin/weft.js (spawned)', () => {
  const launcher = join(projectRoot, 'bin', 'weft.js');
  // Only the launcher's own environment: stray WEFT_ variables of the test runner would be rejected by the CLI.
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('WEFT_')));

  beforeAll(() => {
    if (!existsSync(join(projectRoot, 'dist', 'src', 'cli', 'main.js'))) {
      // tsc exits non-zero on type errors elsewhere but still emits; only the output matters here.
      spawnSync('npx', ['tsc', '-p', '.'], { cwd: projectRoot, stdio: 'ignore' });
    }
    expect(existsSync(join(projectRoot, 'dist', 'src', 'cli', 'main.js'))).toBe(true);
  }, 180_000);

  function weft(...args: string[]): { status: number | null; stdout: string; stderr: string } {
    const child = spawnSync(process.execPath, [launcher, ...args], { cwd: dir, env, encoding: 'utf8', timeout: 60_000 });
    return { status: child.status, stdout: child.stdout, stderr: child.stderr };
  }

  it('exits 0 and prints the result for a valid workflow', () => {
    const file = writeWorkflow('spawn-valid.json', validWorkflow);
    const child = weft('run', file);
    expect(child.status).toBe(0);
    const result = parseResult(child.stdout);
    expect(result.status).toBe('success');
    expect(Object.keys(result.data.resultData.runData).sort()).toEqual(['Nothing', 'When clicking']);
  });

  it('exits 2 for an invalid workflow, with the problems on stderr', () => {
    const file = writeWorkflow('spawn-invalid.json', invalidWorkflow);
    const child = weft('run', file);
    expect(child.status).toBe(2);
    expect(child.stdout).toBe('');
    expect(child.stderr).toContain('The workflow is invalid (2 problems):');
    expect(child.stderr).toContain('unknown node type "n8n-nodes-base.doesNotExist"');
    expect(child.stderr).toContain('connects to node "Gone", which does not exist');
    expect(child.stderr).not.toMatch(stackLine);
  });
});
