import { describe, expect, it } from 'vitest';
import type { ExpressionEvaluator } from '../../core/expression/index.js';
import { NodeExecutionError } from '../../core/errors/index.js';
import { jsonOf, runNodeForTest } from '../../testing/node-harness.js';
import { ifV1 } from './v1.js';
import { ifV2 } from './v2.js';

/** Resolves `={{ $json.field }}` against the current item, enough to test per-item conditions. */
const jsonFieldEvaluator: ExpressionEvaluator = {
  resolve(value, scope) {
    const walk = (entry: unknown): unknown => {
      if (typeof entry === 'string') {
        const match = /^=\{\{\s*\$json\.(\w+)\s*\}\}$/.exec(entry);
        return match ? scope.inputs[0]?.[scope.itemIndex]?.json[match[1]!] : entry;
      }
      if (Array.isArray(entry)) return entry.map(walk);
      if (entry !== null && typeof entry === 'object') return Object.fromEntries(Object.entries(entry).map(([k, v]) => [k, walk(v)]));
      return entry;
    };
    return walk(value);
  },
};

describe('If v1', () => {
  it('routes by legacy conditions, filling saved defaults (operation equal, value2 false)', async () => {
    const [yes, no] = await runNodeForTest(ifV1, {
      typeVersion: 1,
      evaluator: jsonFieldEvaluator,
      parameters: { conditions: { boolean: [{ value1: '={{ $json.flag }}' }] } },
      json: [{ flag: true }, { flag: false }],
    });
    expect(jsonOf(yes)).toEqual([{ flag: false }]);
    expect(jsonOf(no)).toEqual([{ flag: true }]);
    expect(yes?.[0]?.pairedItem).toEqual({ item: 1 });
  });

  it('combines all (default) or any, checking types in n8n order', async () => {
    const conditions = {
      number: [{ value1: '={{ $json.n }}', operation: 'larger', value2: 1 }],
      string: [{ value1: '={{ $json.s }}', operation: 'regex', value2: '/^a/i' }],
    };
    const json = [{ n: 2, s: 'Abc' }, { n: 2, s: 'x' }, { n: 0, s: 'ab' }, { n: 0, s: 'z' }];
    const [allTrue] = await runNodeForTest(ifV1, { typeVersion: 1, evaluator: jsonFieldEvaluator, parameters: { conditions }, json });
    expect(jsonOf(allTrue)).toEqual([{ n: 2, s: 'Abc' }]);
    const [anyTrue, anyFalse] = await runNodeForTest(ifV1, {
      typeVersion: 1,
      evaluator: jsonFieldEvaluator,
      parameters: { conditions, combineOperation: 'any' },
      json,
    });
    expect(jsonOf(anyTrue)).toEqual(json.slice(0, 3));
    expect(jsonOf(anyFalse)).toEqual([{ n: 0, s: 'z' }]);
  });

  it('compares dates and fails on invalid ones', async () => {
    const parameters = { conditions: { dateTime: [{ value1: '={{ $json.a }}', operation: 'before', value2: '={{ $json.b }}' }] } };
    const [before, after] = await runNodeForTest(ifV1, {
      typeVersion: 1,
      evaluator: jsonFieldEvaluator,
      parameters,
      json: [{ a: '2023-01-01T00:00:00-05:00', b: '2023-01-01T04:00:00Z' }, { a: '2023-01-02', b: '2023-01-01' }],
    });
    expect(before).toHaveLength(0);
    expect(after).toHaveLength(2);
    await expect(runNodeForTest(ifV1, { typeVersion: 1, evaluator: jsonFieldEvaluator, parameters, json: [{ a: 'never', b: '2023-01-01' }] }))
      .rejects.toThrow('The value "never" is not a valid DateTime.');
  });
});

describe('If v2', () => {
  const conditions = (typeValidation: string | undefined, rightValue: unknown, extra: Record<string, unknown> = {}) => ({
    options: { caseSensitive: true, leftValue: '', ...(typeValidation ? { typeValidation } : {}), ...extra },
    conditions: [{ id: '1', leftValue: '={{ $json.count }}', rightValue, operator: { type: 'number', operation: 'gt' } }],
    combinator: 'and',
  });

  it('routes items by filter conditions', async () => {
    const [yes, no] = await runNodeForTest(ifV2, {
      typeVersion: 2,
      evaluator: jsonFieldEvaluator,
      parameters: { conditions: conditions(undefined, '4'), options: {} },
      json: [{ count: 1 }, { count: 5 }, { count: 12 }],
    });
    expect(jsonOf(yes)).toEqual([{ count: 5 }, { count: 12 }]);
    expect(jsonOf(no)).toEqual([{ count: 1 }]);
    expect(yes?.map((item) => item.pairedItem)).toEqual([{ item: 1 }, { item: 2 }]);
  });

  it('fails with n8n wording, description and item index under strict validation', async () => {
    const run = runNodeForTest(ifV2, {
      typeVersion: 2.2,
      evaluator: jsonFieldEvaluator,
      parameters: { conditions: conditions('strict', 3, { version: 2 }), options: {} },
      json: [{ count: 5 }, { count: '7' }],
    });
    const error = await run.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NodeExecutionError);
    const nodeError = error as NodeExecutionError;
    expect(nodeError.message).toBe("Wrong type: '7' is a string but was expecting a number [condition 0, item 1]");
    expect(nodeError.description).toContain("Enabling 'Convert types where required'");
    expect(nodeError.context).toEqual({ itemIndex: 1 });
    expect(nodeError.name).toBe('NodeOperationError');
  });

  it('sends failing items to the false output with continueOnFail', async () => {
    const [yes, no] = await runNodeForTest(ifV2, {
      typeVersion: 2.2,
      evaluator: jsonFieldEvaluator,
      nodeFields: { continueOnFail: true },
      parameters: { conditions: conditions('strict', 3), looseTypeValidation: false, options: {} },
      json: [{ count: 5 }, { count: 'x' }],
    });
    expect(jsonOf(yes)).toEqual([{ count: 5 }]);
    expect(jsonOf(no)).toEqual([{ count: 'x' }]);
  });

  it('adds the less-strict hint to other errors only when validation is strict', async () => {
    const regex = (loose: boolean) => ({
      conditions: {
        options: { caseSensitive: true, typeValidation: loose ? 'loose' : 'strict' },
        conditions: [{ leftValue: 'a', rightValue: '(', operator: { type: 'string', operation: 'regex' } }],
        combinator: 'and',
      },
      looseTypeValidation: loose,
    });
    const strictError = (await runNodeForTest(ifV2, { typeVersion: 2.1, parameters: regex(false) }).catch((e: unknown) => e)) as NodeExecutionError;
    expect(strictError.message).toMatch(/^Invalid regular expression/);
    expect(strictError.description).toBe("Try changing the type of comparison. Alternatively you can enable 'Convert types where required'.");
    const looseError = (await runNodeForTest(ifV2, { typeVersion: 2.1, parameters: regex(true) }).catch((e: unknown) => e)) as NodeExecutionError;
    expect(looseError.description).toBeUndefined();
  });

  it('honours caseSensitive from the saved options, and passes an empty conditions value', async () => {
    const parameters = {
      conditions: {
        options: { caseSensitive: false, leftValue: '' },
        conditions: [{ leftValue: 'Shane', rightValue: 's', operator: { type: 'string', operation: 'startsWith' } }],
        combinator: 'and',
      },
    };
    const [yes] = await runNodeForTest(ifV2, { typeVersion: 2, parameters, json: [{ a: 1 }] });
    expect(yes).toHaveLength(1);
    const [passAll] = await runNodeForTest(ifV2, { typeVersion: 2, parameters: {}, json: [{ a: 1 }] });
    expect(passAll).toHaveLength(1);
  });
});

describe('If v2.3', () => {
  // Saved without `options`, so the engine version comes from the node's typeVersion as n8n's editor sets it.
  const emptyIsZero = {
    looseTypeValidation: true,
    conditions: { combinator: 'and', conditions: [{ leftValue: '', rightValue: 0, operator: { type: 'number', operation: 'equals' } }] },
  };

  it('reads an empty value as missing from 2.3 on, not as 0', async () => {
    const [yes22] = await runNodeForTest(ifV2, { typeVersion: 2.2, parameters: emptyIsZero });
    expect(yes22).toHaveLength(1);
    const [yes23, no23] = await runNodeForTest(ifV2, { typeVersion: 2.3, parameters: emptyIsZero });
    expect(yes23).toHaveLength(0);
    expect(no23).toHaveLength(1);
  });
});
