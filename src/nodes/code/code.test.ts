import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeExecutionError } from '../../core/errors/index.js';
import type { WorkflowNode } from '../../core/model/types.js';
import { ProcessPool } from '../../runtime/sandbox/process-pool.js';
import { jsonOf, runNodeForTest } from '../../testing/node-harness.js';
import { code } from './code.js';
import { closeCodeSandboxPool, setCodeSandboxPool } from './sandbox-pool.js';
import { runInWorkflow } from './test-context.js';

beforeAll(() => setCodeSandboxPool(new ProcessPool({ timeoutMs: 2000, memoryLimitMb: 64 })));
afterAll(() => closeCodeSandboxPool());

const all = (jsCode: string, json: Record<string, unknown>[] = [{ value: 1 }, { value: 2 }], typeVersion = 2) =>
  runNodeForTest(code, { typeVersion, parameters: { jsCode }, json });
const each = (jsCode: string, json: Record<string, unknown>[] = [{ value: 1 }, { value: 2 }], typeVersion = 2) =>
  runNodeForTest(code, { typeVersion, parameters: { mode: 'runOnceForEachItem', jsCode }, json });
const failure = async (promise: Promise<unknown>): Promise<NodeExecutionError> => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(NodeExecutionError);
  return error as NodeExecutionError;
};

describe('Code node, run once for all items', () => {
  it.each([1, 2])('sums the input with $input.all() and with items (v%i)', async (typeVersion) => {
    const [viaInput] = await all('let sum = 0;\nfor (const item of $input.all()) sum += item.json.value;\nreturn [{ sum }];', undefined, typeVersion);
    const [viaItems] = await all('let sum = 0;\nfor (const item of items) sum += item.json.value;\nreturn [{ json: { sum } }];', undefined, typeVersion);
    expect(viaInput).toEqual([{ json: { sum: 3 } }]);
    expect(viaItems).toEqual([{ json: { sum: 3 } }]);
  });

  it('wraps a single object, keeps pairedItem, and returns nothing for null', async () => {
    expect((await all('return { a: 1 }'))[0]).toEqual([{ json: { a: 1 } }]);
    expect((await all('return [{ json: { a: 1 }, pairedItem: 1 }]'))[0]).toEqual([{ json: { a: 1 }, pairedItem: 1 }]);
    expect((await all('return null'))[0]).toEqual([]);
  });

  it('turns dates and luxon values into JSON strings and drops undefined', async () => {
    const [out] = await all('return [{ d: new Date(0), l: DateTime.fromISO("2024-01-02T03:04:05Z", { zone: "utc" }), u: undefined }]');
    expect(out).toEqual([{ json: { d: '1970-01-01T00:00:00.000Z', l: '2024-01-02T03:04:05.000Z' } }]);
  });

  it('does not let the code change the input items of the host', async () => {
    const input = [{ value: 1 }];
    await all('items[0].json.value = 99; return items', input);
    expect(input).toEqual([{ value: 1 }]);
  });

  it("reports n8n's validation messages", async () => {
    expect((await failure(all('return {json: "test"}'))).message).toBe("A 'json' property isn't an object [item 0]");
    const notItems = await failure(all('return 5'));
    expect(notItems.message).toBe("Code doesn't return items properly");
    expect(notItems.description).toBe('Please return an array of objects, one for each item you would like to output.');
    expect((await failure(all('return'))).message).toBe("Code doesn't return items properly");
    expect((await failure(all('return [1, 2]'))).message).toBe("Code doesn't return items properly");
    expect((await failure(all('return [{ json: {} }, { foo: 1 }]'))).message).toBe('Unknown top-level item key: foo [item 1]');
    expect((await failure(all('return [{ json: {}, foo: 1 }]'))).message).toBe('Invalid output format [item 0]');
    expect((await failure(all('return [{ json: {}, binary: 5 }]'))).message).toBe("A 'binary' property isn't an object [item 0]");
  });

  it('reports thrown errors with the line, type as description, and code WEFT_E_CODE_FAILED', async () => {
    const error = await failure(all('const a = 1;\nnull.x;'));
    expect(error.message).toBe("Cannot read properties of null (reading 'x') [line 2]");
    expect(error.description).toBe('TypeError');
    expect(error.code).toBe('WEFT_E_CODE_FAILED');
    expect((await failure(all('return 1 +'))).message).toBe('Unexpected token \'}\'');
  });

  it('turns an error into one error item with continueOnFail', async () => {
    const [out] = await runNodeForTest(code, { parameters: { jsCode: 'throw new Error("nope")' }, nodeFields: { continueOnFail: true } });
    expect(out).toEqual([{ json: { error: 'nope [line 1]' } }]);
  });
});

describe('Code node, run once for each item', () => {
  it.each([1, 2])('adds a field through $input.item and through item (v%i)', async (typeVersion) => {
    const expected = [
      { json: { value: 1, myNewField: 1 }, pairedItem: { item: 0 } },
      { json: { value: 2, myNewField: 2 }, pairedItem: { item: 1 } },
    ];
    expect((await each('$input.item.json.myNewField = $input.item.json.value;\nreturn $input.item;', undefined, typeVersion))[0]).toEqual(expected);
    expect((await each('item.json.myNewField = $json.value;\nreturn item;', undefined, typeVersion))[0]).toEqual(expected);
  });

  it('awaits async functions and promises', async () => {
    const [out] = await each('const json = $input.item.json;\njson.myNewField = await new Promise((resolve) => setTimeout(() => resolve(json.value), 10));\nreturn $input.item;');
    expect(jsonOf(out)).toEqual([
      { value: 1, myNewField: 1 },
      { value: 2, myNewField: 2 },
    ]);
  });

  it('wraps objects without json, drops items returned as null, exposes $itemIndex', async () => {
    const [out] = await each('if ($itemIndex === 0) return null;\nreturn { index: $itemIndex, v: $json.value };');
    expect(out).toEqual([{ json: { index: 1, v: 2 }, pairedItem: { item: 1 } }]);
  });

  it("reports n8n's validation messages with the item index", async () => {
    const notObject = await failure(each('return 5'));
    expect(notObject.message).toBe("Code doesn't return an object [item 0]");
    expect(notObject.description).toBe("Please return an object representing the output item. ('5' was returned instead.)");
    expect((await failure(each('return'))).description).toContain("('undefined' was returned instead.)");
    expect((await failure(each('return [$json]'))).message).toBe("Code doesn't return a single object [item 0]");
    expect((await failure(each('return { json: {}, extra: 1 }'))).message).toBe('Invalid output format [item 0]');
    const disallowed = await failure(each('// $input.all() in a comment is fine\nconst all = $input.all();\nreturn item;'));
    expect(disallowed.message).toBe("Can't use .all() here [line 2, for item 0]");
  });

  it('names the line and item of a thrown error, and continues per item with continueOnFail', async () => {
    const jsCode = "$input.item.json.myNewField = 1;\n\nif ($input.item.json.country === 'US') {\n\n  throw new Error('This is an error');\n}\n\nreturn $input.item;";
    const json = [{ country: 'US' }, { country: 'CO' }, { country: 'US' }];
    const error = await failure(each(jsCode, json));
    expect(error.message).toBe('This is an error [line 5, for item 0]');
    expect(error.context).toEqual({ itemIndex: 0 });
    const [out] = await runNodeForTest(code, { parameters: { mode: 'runOnceForEachItem', jsCode }, json, nodeFields: { onError: 'continueRegularOutput' } });
    expect(out).toEqual([
      { json: { error: 'This is an error [line 5, for item 0]' }, pairedItem: { item: 0 } },
      { json: { country: 'CO', myNewField: 1 }, pairedItem: { item: 1 } },
      { json: { error: 'This is an error [line 5, for item 2]' }, pairedItem: { item: 2 } },
    ]);
  });
});

describe('Code node helpers', () => {
  it('reads other nodes with $() and $node, and follows paired items', async () => {
    const trigger: WorkflowNode = { name: 'Trigger', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {} };
    const mock: WorkflowNode = { name: 'Mock Data', type: 'n8n-nodes-base.code', typeVersion: 2, parameters: { a: 1 } };
    const reorder: WorkflowNode = { name: 'Reorder', type: 'n8n-nodes-base.noOp', typeVersion: 1, parameters: {} };
    const node: WorkflowNode = {
      name: 'Code',
      type: code.type,
      typeVersion: 2,
      parameters: {
        mode: 'runOnceForEachItem',
        jsCode: [
          "const m = $('Mock Data');",
          'return {',
          '  paired: m.item.json.name, matching: m.itemMatching(0).json.name,',
          '  first: m.first().json.name, last: m.last().json.name, count: m.all().length,',
          "  same: m.first() === m.all()[0], params: m.params.a, executed: m.isExecuted, legacy: $node['Mock Data'].json.name,",
          '};',
        ].join('\n'),
      },
    };
    const names = [{ json: { name: 'Ann' } }, { json: { name: 'Bob' } }];
    const [out] = await runInWorkflow(code, {
      node,
      parent: 'Reorder',
      upstream: [
        { node: trigger, output: [{ json: {} }] },
        { node: mock, output: names, input: [{ json: {} }], from: 'Trigger' },
        { node: reorder, output: [{ json: { x: 1 }, pairedItem: { item: 1 } }, { json: { x: 2 }, pairedItem: { item: 0 } }], input: names, from: 'Mock Data' },
      ],
    });
    expect(jsonOf(out)).toEqual([
      { paired: 'Bob', matching: 'Bob', first: 'Ann', last: 'Bob', count: 2, same: true, params: 1, executed: true, legacy: 'Ann' },
      { paired: 'Ann', matching: 'Bob', first: 'Ann', last: 'Bob', count: 2, same: true, params: 1, executed: true, legacy: 'Bob' },
    ]);
  });

  it('fails on a run the node never had, so code can loop over all runs until it throws', async () => {
    const trigger: WorkflowNode = { name: 'Trigger', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {} };
    const jsCode = [
      'let results = [], i = 0;',
      'while (true) {',
      "  try { results = results.concat($('Trigger').all(0, i)); } catch (error) { return [{ count: results.length, message: error.message }]; }",
      '  i++;',
      '}',
    ].join('\n');
    const node: WorkflowNode = { name: 'Code', type: code.type, typeVersion: 2, parameters: { jsCode } };
    const [out] = await runInWorkflow(code, { node, parent: 'Trigger', upstream: [{ node: trigger, output: [{ json: { a: 1 } }] }] });
    expect(jsonOf(out)).toEqual([{ count: 1, message: 'Run 1 of node "Trigger" not found' }]);
  });

  it("reports n8n's error for an unknown node", async () => {
    const error = await failure(all("return $('Nope').all()"));
    expect(error.message).toBe("Referenced node doesn't exist [line 1]");
  });

  it('offers luxon, $now/$today in the workflow time zone, $jmespath, $if/$ifEmpty and run facts', async () => {
    const [out] = await runNodeForTest(code, {
      timezone: 'Europe/Berlin',
      now: Date.parse('2024-01-15T23:30:00Z'),
      parameters: {
        jsCode: [
          'return [{',
          '  now: $now.toISO(), today: $today.toISO(),',
          "  plus: DateTime.fromISO('2024-01-31').plus(Duration.fromObject({ months: 1 })).toISODate(),",
          "  days: Interval.fromDateTimes(DateTime.fromISO('2024-01-01'), DateTime.fromISO('2024-01-11')).length('days'),",
          "  found: $jmespath({ a: [{ b: 1 }, { b: 2 }] }, 'a[*].b'),",
          "  pick: $if(true, 'yes', 'no'), empty: $ifEmpty([], 'fallback'), kept: $ifEmpty('x', 'fallback'),",
          '  workflow: $workflow.name, execution: $execution.id, mode: $execution.mode, run: $runIndex, node: $node === undefined,',
          '}];',
        ].join('\n'),
      },
    });
    expect(jsonOf(out)).toEqual([
      {
        now: '2024-01-16T00:30:00.000+01:00',
        today: '2024-01-16T00:00:00.000+01:00',
        plus: '2024-02-29',
        days: 10,
        found: [1, 2],
        pick: 'yes',
        empty: 'fallback',
        kept: 'x',
        workflow: 'test',
        execution: 'test-execution',
        mode: 'test',
        run: 0,
        node: false,
      },
    ]);
  });

  it('sends console output to the node logger', async () => {
    const lines: string[] = [];
    const node: WorkflowNode = { name: 'Code', type: code.type, typeVersion: 2, parameters: { jsCode: "console.log('hello', { a: 1 }); console.warn('careful'); return items;" } };
    await runInWorkflow(code, {
      node,
      parent: 'Start',
      upstream: [{ node: { name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {} }, output: [{ json: {} }] }],
      logger: { debug: () => undefined, info: (m) => lines.push(`info ${m}`), warn: (m) => lines.push(`warn ${m}`) },
    });
    expect(lines).toEqual(['info hello {"a":1}', 'warn careful']);
  });

  it('refuses $env and modules', async () => {
    expect((await failure(all('return [{ e: $env.HOME }]'))).message).toBe('access to env vars denied [line 1]');
    expect((await failure(all("return require('fs')"))).message).toBe("Module 'fs' is disallowed [line 1]");
  });
});

describe('Code node limits', () => {
  // Small limits keep the bombs quick on a busy machine; the file's afterAll closes this pool.
  beforeAll(() => setCodeSandboxPool(new ProcessPool({ timeoutMs: 1500, memoryLimitMb: 16 })));

  it.each([
    ['Map', "const m = new Map();\nfor (let i = 0; ; i++) m.set('k' + i, 'x' + i);"],
    ['Set', 'const s = new Set();\nfor (let i = 0; ; i++) s.add(i);'],
    ['object', "const o = {};\nfor (let i = 0; ; i++) o['k' + i] = i;"],
  ])('fails a %s memory bomb with WEFT_E_CODE_LIMIT, and the next run works', async (_name, bomb) => {
    const error = await failure(all(bomb));
    expect(error.code).toBe('WEFT_E_CODE_LIMIT');
    expect(error.message).toBe('Code exceeded the memory limit of 16 MB');
    expect(error.description).toBe('The code used too much memory.');
    // This test process survived the bomb, and the sandbox serves the next run.
    expect((await all('return [{ after: $input.all().length }]'))[0]).toEqual([{ json: { after: 2 } }]);
  });

  it('fails an endless loop within the time limit', async () => {
    const started = Date.now();
    const error = await failure(each('while (true) {}'));
    expect(error.code).toBe('WEFT_E_CODE_LIMIT');
    expect(error.message).toBe('Code exceeded the time limit of 1500 ms');
    expect(Date.now() - started).toBeLessThan(5000);
    expect((await each('return { v: $json.value }'))[0]).toEqual([
      { json: { v: 1 }, pairedItem: { item: 0 } },
      { json: { v: 2 }, pairedItem: { item: 1 } },
    ]);
  });

  it('leaves the event loop free while the code runs', async () => {
    let ticks = 0;
    const timer = setInterval(() => (ticks += 1), 20);
    try {
      await all('const t0 = Date.now();\nwhile (Date.now() - t0 < 300) {}\nreturn items;');
    } finally {
      clearInterval(timer);
    }
    expect(ticks).toBeGreaterThanOrEqual(5);
  });
});
