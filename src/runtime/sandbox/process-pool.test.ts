import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { SandboxLimitError, SandboxSyntaxError } from './errors.js';
import { ProcessPool, type ProcessPoolOptions } from './process-pool.js';
import type { SandboxKind, SandboxRequest } from './types.js';

const pools: ProcessPool[] = [];
afterEach(() => {
  for (const pool of pools.splice(0)) pool.close();
});
const newPool = (options: ProcessPoolOptions = {}): ProcessPool => {
  const pool = new ProcessPool({ timeoutMs: 1000, memoryLimitMb: 32, ...options });
  pools.push(pool);
  return pool;
};
const request = (code: string, kind: SandboxKind = 'all', bridge: SandboxRequest['bridge'] = () => '{"value":null}'): SandboxRequest => ({
  code,
  bridge,
  payload: {
    kind,
    items: [{ json: { a: 1 } }, { json: { a: 2 } }],
    continueOnFail: false,
    node: { name: 'Code', type: 'n8n-nodes-base.code', typeVersion: 2, parameters: {} },
    nodeContext: {},
    workflow: { active: false },
    runIndex: 0,
    executionId: 'e1',
    executionMode: 'manual',
    timezone: 'UTC',
    now: Date.parse('2024-01-15T12:00:00Z'),
  },
});
/** The value the code returned, or the error message it threw. */
const value = async (pool: ProcessPool, code: string): Promise<unknown> => {
  const [outcome] = (await pool.run(request(code))).outcomes;
  if (!outcome) throw new Error('no outcome');
  return outcome.ok ? outcome.value : `threw: ${outcome.error.message}`;
};
const busy = (ms: number): string => `const t0 = Date.now(); while (Date.now() - t0 < ${ms}) {} return [t0, Date.now()];`;

describe('ProcessPool', () => {
  it('runs code in a child, per item, with console capture', async () => {
    const result = await newPool().run(request('console.log("item", $json.a); return { b: $json.a * 10, pid: typeof process }', 'each'));
    expect(result.outcomes.map((o) => (o.ok ? o.value : undefined))).toEqual([
      { b: 10, pid: 'undefined' },
      { b: 20, pid: 'undefined' },
    ]);
    expect(result.logs).toEqual([
      ['info', 'item 1'],
      ['info', 'item 2'],
    ]);
  });

  // Growing a hash table past the heap limit usually makes V8 abort the whole process (the child dies and is
  // replaced: up to `crashes` 1; sometimes the isolate catches it first, depending on heap timing); arrays are
  // caught inside the isolate. Either way the run fails with the same error and the pool keeps serving.
  it.each([
    ['Map', "const m = new Map(); for (let i = 0; ; i++) m.set('k' + i, 'x' + i);", 1],
    ['Set', 'const s = new Set(); for (let i = 0; ; i++) s.add(i);', 1],
    ['object', "const o = {}; for (let i = 0; ; i++) o['k' + i] = i;", 1],
    ['array', 'const keep = []; while (true) keep.push(new Array(100000).fill("x"));', 0],
  ])('fails a %s memory bomb with the memory limit and keeps serving', async (_name, bomb, crashes) => {
    const pool = newPool({ size: 1 });
    const error = await pool.run(request(bomb)).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SandboxLimitError);
    expect(error).toMatchObject({ code: 'WEFT_E_CODE_LIMIT', limit: 'memory', message: 'Code exceeded the memory limit of 32 MB' });
    expect(pool.replaced).toBeLessThanOrEqual(crashes);
    expect(await value(pool, 'return "alive"')).toBe('alive');
    expect(pool.size).toBe(1);
  });

  it('stops an endless loop at the time limit', async () => {
    const pool = newPool({ timeoutMs: 300 });
    const started = Date.now();
    await expect(pool.run(request('while (true) {}'))).rejects.toMatchObject({ limit: 'time', message: 'Code exceeded the time limit of 300 ms' });
    expect(Date.now() - started).toBeLessThan(1500);
    await expect(pool.run(request('await null; for (;;) {}'))).rejects.toBeInstanceOf(SandboxLimitError);
    expect(await value(pool, 'return 42')).toBe(42);
  });

  it('reports syntax errors and internal failures like the in-process pool', async () => {
    const error = await newPool().run(request('return 1 +')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SandboxSyntaxError);
    expect(error).toMatchObject({ reason: "Unexpected token '}'" });
  });

  it('answers workflow-data calls through the request bridge, synchronously inside the code', async () => {
    const calls: string[] = [];
    const bridge = (op: string, args: string): string => {
      calls.push(`${op} ${args}`);
      if (op === 'nodeInfo') return JSON.stringify({ value: { params: {}, context: {}, isExecuted: true, runIndex: 0 } });
      if (op === 'nodeItems') return JSON.stringify({ value: { at: { branch: 0, run: 0 }, items: [{ json: { n: 1, text: 'line\nbreak ✓' } }] } });
      throw new Error('bridge exploded');
    };
    const code = [
      "const a = $('A').all();",
      'let failed;',
      "try { $jmespath({}, 'a'); } catch (e) { failed = e.message; }",
      "return [a.length, $('A').first().json.text, $input.all().map((i) => i.json.a), failed];",
    ].join('\n');
    const [outcome] = (await newPool().run(request(code, 'all', bridge))).outcomes;
    expect(outcome).toMatchObject({ ok: true, value: [1, 'line\nbreak ✓', [1, 2], 'bridge exploded'] });
    expect(calls).toEqual(['nodeInfo {"name":"A"}', 'nodeItems {"name":"A","branch":null,"run":null}', 'jmespath {"data":{},"expression":"a"}']);
  });

  it('runs concurrent requests in different children', async () => {
    const pool = newPool({ size: 2 });
    // Both children ready first, so that neither run waits for a slow start on a loaded machine.
    pool.warmUp();
    await pool.ready();
    const [first, second] = await Promise.all([value(pool, busy(300)), value(pool, busy(300))]);
    const [startA, endA] = first as [number, number];
    const [startB, endB] = second as [number, number];
    // Both busy loops were running at the same moment: they did not wait for each other.
    expect(startB).toBeLessThan(endA);
    expect(startA).toBeLessThan(endB);
    expect(pool.size).toBe(2);
  });

  it('queues requests FIFO while every child is busy', async () => {
    const pool = newPool({ size: 1 });
    const order: number[] = [];
    await Promise.all([1, 2, 3, 4].map((n) => value(pool, `return ${n}`).then((result) => order.push(result as number))));
    expect(order).toEqual([1, 2, 3, 4]);
    expect(pool.size).toBe(1);
  });

  it('keeps the event loop free while user code runs', async () => {
    const pool = newPool();
    pool.warmUp();
    await pool.ready();
    let ticks = 0;
    const timer = setInterval(() => (ticks += 1), 20);
    try {
      await value(pool, busy(300));
    } finally {
      clearInterval(timer);
    }
    expect(ticks).toBeGreaterThanOrEqual(5);
  });

  it('rejects queued and running requests on close, idempotently', async () => {
    const pool = newPool({ size: 1 });
    const running = pool.run(request(busy(500)));
    const queued = pool.run(request('return 1'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    pool.close();
    pool.close();
    await expect(running).rejects.toMatchObject({ code: 'WEFT_E_INTERNAL', message: 'The code sandbox pool is closed' });
    await expect(queued).rejects.toMatchObject({ code: 'WEFT_E_INTERNAL', message: 'The code sandbox pool is closed' });
    await expect(pool.run(request('return 1'))).rejects.toMatchObject({ code: 'WEFT_E_INTERNAL' });
    expect(pool.size).toBe(0);
  });

  it('runs alasql queries and reports their errors', async () => {
    const pool = newPool();
    expect(await pool.runSql([[{ id: 1, a: 'x' }], [{ id: 1, b: 'y' }]], 'SELECT a, b FROM input1 JOIN input2 ON input1.id = input2.id', [], 5000)).toEqual([
      { a: 'x', b: 'y' },
    ]);
    await expect(pool.runSql([[]], 'SELECTT * FROM input1', [], 5000)).rejects.toThrow(/Parse error/);
  });
});

describe('ProcessPool with a misbehaving child', () => {
  const dir = mkdtempSync(join(tmpdir(), 'weft-sandbox-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const script = (name: string, source: string): string => {
    const path = join(dir, name);
    writeFileSync(path, source);
    return path;
  };

  it('kills a child that stops answering and fails the run with the time limit', async () => {
    // Says it is ready, then never answers a command.
    const entry = script('silent.mjs', "import { writeSync } from 'node:fs'; writeSync(4, '{\"type\":\"ready\"}\\n'); setInterval(() => {}, 1000);");
    const pool = newPool({ size: 1, timeoutMs: 100, graceMs: 100, childEntry: entry });
    const started = Date.now();
    await expect(pool.run(request('return 1'))).rejects.toMatchObject({ code: 'WEFT_E_CODE_LIMIT', limit: 'time' });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(pool.replaced).toBe(1);
  });

  it('fails waiting runs when a child cannot start, without respawning forever', async () => {
    const entry = script('broken.mjs', "process.stderr.write('cannot load isolated-vm'); process.exit(3);");
    const pool = newPool({ size: 2, childEntry: entry });
    await expect(pool.run(request('return 1'))).rejects.toThrow(/could not start \(exit code 3\): cannot load isolated-vm/);
    expect(pool.size).toBe(0);
  });

  it('fails at once when the child script is missing', async () => {
    const pool = newPool({ childEntry: join(dir, 'missing.js') });
    pool.warmUp();
    expect(pool.size).toBe(0);
    await expect(pool.run(request('return 1'))).rejects.toThrow(/missing \(run `npm run build`\)/);
  });
});
