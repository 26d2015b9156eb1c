import { afterEach, describe, expect, it } from 'vitest';
import { SandboxLimitError } from './errors.js';
import { IsolatePool } from './isolate-pool.js';
import type { SandboxKind, SandboxRequest } from './types.js';

const pools: IsolatePool[] = [];
afterEach(() => {
  for (const pool of pools.splice(0)) pool.close();
});
const newPool = (options: ConstructorParameters<typeof IsolatePool>[0] = {}): IsolatePool => {
  const pool = new IsolatePool({ timeoutMs: 500, memoryLimitMb: 32, ...options });
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
const value = async (pool: IsolatePool, code: string): Promise<unknown> => {
  const [outcome] = (await pool.run(request(code))).outcomes;
  if (!outcome) throw new Error('no outcome');
  return outcome.ok ? outcome.value : `threw: ${outcome.error.message}`;
};

describe('IsolatePool', () => {
  it('runs code per item and captures console output', async () => {
    const result = await newPool().run(request('console.log("item", $json.a); return { b: $json.a * 10 }', 'each'));
    expect(result.outcomes.map((o) => (o.ok ? o.value : undefined))).toEqual([{ b: 10 }, { b: 20 }]);
    expect(result.logs).toEqual([
      ['info', 'item 1'],
      ['info', 'item 2'],
    ]);
  });

  it('reuses its warm isolates and gives every run a fresh context', async () => {
    const pool = newPool({ size: 1 });
    expect(await value(pool, 'globalThis.leak = 1; Array.prototype.leak = 2; return typeof leak')).toBe('number');
    for (let i = 0; i < 20; i++) expect(await value(pool, 'return [typeof leak, typeof [].leak]')).toEqual(['undefined', 'undefined']);
    expect(pool.size).toBe(1);
    expect(pool.replaced).toBe(0);
  });

  it('stops an endless loop at the time limit and keeps serving', async () => {
    const pool = newPool({ size: 1, timeoutMs: 200 });
    await expect(pool.run(request('while (true) {}'))).rejects.toMatchObject({ code: 'WEFT_E_CODE_LIMIT', limit: 'time' });
    await expect(pool.run(request('await null; for (;;) {}'))).rejects.toBeInstanceOf(SandboxLimitError);
    await expect(pool.run(request('setInterval(() => {}, 1); await new Promise(() => {})'))).rejects.toBeInstanceOf(SandboxLimitError);
    expect(await value(pool, 'return 42')).toBe(42);
    // A terminated isolate is replaced rather than trusted again.
    expect(pool.replaced).toBe(3);
    expect(pool.size).toBe(1);
  });

  it('fails a run that waits for a promise that can never settle', async () => {
    await expect(newPool().run(request('await new Promise(() => {})'))).rejects.toThrow('never settles');
  });

  it('disposes an isolate that breaks its memory limit and replaces it', async () => {
    const pool = newPool({ size: 1 });
    const bomb = 'const keep = []; while (true) keep.push(new Array(100000).fill("x"));';
    await expect(pool.run(request(bomb))).rejects.toMatchObject({ code: 'WEFT_E_CODE_LIMIT', limit: 'memory' });
    expect(pool.replaced).toBe(1);
    expect(await value(pool, 'return "alive"')).toBe('alive');
    expect(await value(pool, 'try { new ArrayBuffer(1024 * 1024 * 1024); return "allocated"; } catch (e) { return e.name; }')).toBe('RangeError');
  });

  it('runs virtual timers in due order without waiting', async () => {
    const started = Date.now();
    const order = await value(pool(), [
      'const order = [];',
      'setTimeout(() => order.push("late"), 60_000);',
      'setTimeout(() => order.push("soon"), 10);',
      'const id = setTimeout(() => order.push("cleared"), 5); clearTimeout(id);',
      'await new Promise((resolve) => setTimeout(resolve, 120_000));',
      'return order;',
    ].join('\n'));
    expect(order).toEqual(['soon', 'late']);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('answers workflow-data calls through the bridge with copies', async () => {
    const calls: string[] = [];
    const bridge = (op: string, args: string): string => {
      calls.push(`${op} ${args}`);
      return JSON.stringify({ value: op === 'nodeInfo' ? { params: {}, context: {}, isExecuted: true, runIndex: 0 } : { at: { branch: 0, run: 0 }, items: [{ json: { n: 1 } }] } });
    };
    const [outcome] = (await newPool().run(request("const a = $('A').all(); a[0].json.n = 2; return [$('A').first().json.n, $('A').all().length]", 'all', bridge))).outcomes;
    expect(outcome).toMatchObject({ ok: true, value: [2, 1] });
    expect(calls).toEqual(['nodeInfo {"name":"A"}', 'nodeItems {"name":"A","branch":null,"run":null}']);
  });

  it('closes idempotently and refuses later runs', async () => {
    const pool = newPool();
    await value(pool, 'return 1');
    pool.close();
    pool.close();
    expect(pool.size).toBe(0);
    await expect(pool.run(request('return 1'))).rejects.toMatchObject({ code: 'WEFT_E_INTERNAL' });
  });
});

describe('sandbox isolation', () => {
  const shared = newPoolOnce();
  it.each([
    ['process', 'return typeof process'],
    ['require', "try { require('fs'); return 'reached'; } catch (e) { return e.message; }"],
    ['constructor chain', "try { return this.constructor.constructor('return typeof process')(); } catch (e) { return e.message; }"],
    ['Function from a helper', "return $input.all.constructor('return typeof process')()"],
    ['dynamic import', "try { await import('fs'); return 'reached'; } catch (e) { return 'refused'; }"],
    ['WebAssembly', 'return typeof WebAssembly'],
  ])('%s does not reach the host', async (_name, code) => {
    expect(await value(shared(), code)).toMatch(/^(undefined|refused|Module 'fs' is disallowed)$/);
  });

  it('cannot change luxon or its realm for later runs', async () => {
    const attempt = [
      'try { DateTime.prototype.toISO = () => "hacked"; } catch (e) {}',
      'try { Object.getPrototypeOf(Object.getPrototypeOf(DateTime.now())).polluted = 1; } catch (e) {}',
      'try { DateTime.now().constructor.constructor("return this")().leak = 1; } catch (e) {}',
      'return 1;',
    ].join('\n');
    await value(shared(), attempt);
    expect(await value(shared(), 'return [DateTime.fromMillis(0, { zone: "utc" }).toISO(), DateTime.now().polluted === undefined]')).toEqual([
      '1970-01-01T00:00:00.000Z',
      true,
    ]);
  });

  it('returns data that cannot pollute host prototypes', async () => {
    const result = await value(shared(), 'return JSON.parse(\'[{"__proto__": {"polluted": true}}]\')');
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.keys((result as object[])[0]!)).toEqual(['__proto__']);
  });
});

/** One pool shared by a describe block, closed after each test file run by the afterEach hook of its last use. */
function newPoolOnce(): () => IsolatePool {
  let pool: IsolatePool | undefined;
  return () => {
    if (!pool || pool.size === 0) pool = newPool();
    return pool;
  };
}

function pool(): IsolatePool {
  return newPool();
}
