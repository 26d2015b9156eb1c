import { describe, expect, it } from 'vitest';
import type { ExpressionEvaluator } from '../../core/expression/index.js';
import type { NodeExecutionError } from '../../core/errors/index.js';
import type { NodeTypeSpec } from '../../core/node-api/index.js';
import { jsonOf, runNodeForTest } from '../../testing/node-harness.js';
import { switchV1 } from './v1.js';
import { switchV2 } from './v2.js';
import { switchV3 } from './v3.js';

/** Resolves `={{ $json.field }}` against the current item. */
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

const data = [{ data: 0 }, { data: 1 }, { data: 2 }, { data: 3 }];
const outputsOf = (spec: NodeTypeSpec, parameters: Record<string, unknown>, version: number): number =>
  typeof spec.outputs === 'number' ? spec.outputs : spec.outputs(parameters, version);

describe('Switch v1', () => {
  it('routes by the output expression over four outputs', async () => {
    const outputs = await runNodeForTest(switchV1, { typeVersion: 1, evaluator: jsonFieldEvaluator, parameters: { mode: 'expression', output: '={{ $json.data }}' }, json: data });
    expect(outputs.map(jsonOf)).toEqual([[{ data: 0 }], [{ data: 1 }], [{ data: 2 }], [{ data: 3 }]]);
  });

  it('routes by rules with saved defaults (value2 0, output 0) and a fallback', async () => {
    const parameters = {
      value1: '={{ $json.data }}',
      rules: { rules: [{ operation: 'equal' }, { operation: 'equal', value2: 1, output: 1 }, { operation: 'equal', value2: 2, output: 2 }] },
      fallbackOutput: 3,
    };
    const outputs = await runNodeForTest(switchV1, { typeVersion: 1, evaluator: jsonFieldEvaluator, parameters, json: data });
    expect(outputs.map(jsonOf)).toEqual([[{ data: 0 }], [{ data: 1 }], [{ data: 2 }], [{ data: 3 }]]);
  });

  it('rejects outputs out of range, or reports them as error items with continueOnFail', async () => {
    const parameters = { mode: 'expression', output: 4 };
    await expect(runNodeForTest(switchV1, { typeVersion: 1, parameters })).rejects.toThrow('The ouput 4 is not allowed. It has to be between 0 and 3!');
    const outputs = await runNodeForTest(switchV1, { typeVersion: 1, parameters, nodeFields: { continueOnFail: true } });
    expect(jsonOf(outputs[0])).toEqual([{ error: 'The ouput 4 is not allowed. It has to be between 0 and 3!' }]);
  });

  it('compares strings as the chosen data type', async () => {
    const parameters = { dataType: 'string', value1: '={{ $json.s }}', rules: { rules: [{ operation: 'startsWith', value2: 'a', output: 2 }] } };
    const outputs = await runNodeForTest(switchV1, { typeVersion: 1, evaluator: jsonFieldEvaluator, parameters, json: [{ s: 'abc' }, { s: 'b' }] });
    expect(outputs.map(jsonOf)).toEqual([[], [], [{ s: 'abc' }], []]);
  });
});

describe('Switch v2', () => {
  it('sizes outputs from the parameters', () => {
    expect(outputsOf(switchV2, { mode: 'expression', outputsAmount: 3 }, 2)).toBe(3);
    expect(outputsOf(switchV2, { mode: 'expression' }, 2)).toBe(4);
    expect(outputsOf(switchV2, { rules: { rules: [{}, {}] } }, 2)).toBe(2);
  });

  it('routes by expression within outputsAmount', async () => {
    const outputs = await runNodeForTest(switchV2, {
      typeVersion: 2,
      evaluator: jsonFieldEvaluator,
      parameters: { mode: 'expression', output: '={{ $json.data }}', outputsAmount: 3 },
      json: data.slice(0, 3),
    });
    expect(outputs.map(jsonOf)).toEqual([[{ data: 0 }], [{ data: 1 }], [{ data: 2 }]]);
  });

  it('routes a matching rule to its own position and the rest to the fallback', async () => {
    const parameters = {
      dataType: 'number',
      value1: '={{ $json.data }}',
      rules: { rules: [{ operation: 'larger', value2: 1 }, { operation: 'equal', value2: 1 }] },
      fallbackOutput: 1,
    };
    const outputs = await runNodeForTest(switchV2, { typeVersion: 2, evaluator: jsonFieldEvaluator, parameters, json: data });
    expect(outputs.map(jsonOf)).toEqual([[{ data: 2 }, { data: 3 }], [{ data: 0 }, { data: 1 }]]);
  });
});

describe('Switch v3', () => {
  const rule = (rightValue: string, operation = 'equals') => ({
    conditions: {
      options: { caseSensitive: true, leftValue: '', typeValidation: 'strict' },
      conditions: [{ leftValue: '={{ $json.output }}', rightValue, operator: { type: 'string', operation } }],
      combinator: 'and',
    },
  });
  const items = [{ output: 'third' }, { output: 'fourth' }, { output: 'first' }, { output: 'second' }];

  it('sizes outputs from rules, the extra fallback, or numberOutputs', () => {
    expect(outputsOf(switchV3, { rules: { values: [rule('a'), rule('b')] }, options: { fallbackOutput: 'extra' } }, 3)).toBe(3);
    expect(outputsOf(switchV3, { rules: { values: [rule('a')] }, options: { fallbackOutput: 0 } }, 3)).toBe(1);
    expect(outputsOf(switchV3, {}, 3)).toBe(1);
    expect(outputsOf(switchV3, { mode: 'expression', numberOutputs: 2 }, 3)).toBe(2);
  });

  it('routes to the first matching rule, then to a fallback rule index', async () => {
    const parameters = { rules: { values: [rule('first'), rule('second'), rule('third')] }, options: { fallbackOutput: 2 } };
    const outputs = await runNodeForTest(switchV3, { typeVersion: 3, evaluator: jsonFieldEvaluator, parameters, json: items });
    expect(outputs.map(jsonOf)).toEqual([[{ output: 'first' }], [{ output: 'second' }], [{ output: 'third' }, { output: 'fourth' }]]);
  });

  it('sends unmatched items to an extra output, or to every matching rule', async () => {
    const extra = await runNodeForTest(switchV3, {
      typeVersion: 3.2,
      evaluator: jsonFieldEvaluator,
      parameters: { rules: { values: [rule('^f', 'regex'), rule('first')] }, options: { fallbackOutput: 'extra' } },
      json: items,
    });
    expect(extra.map(jsonOf)).toEqual([[{ output: 'fourth' }, { output: 'first' }], [], [{ output: 'third' }, { output: 'second' }]]);
    const all = await runNodeForTest(switchV3, {
      typeVersion: 3.2,
      evaluator: jsonFieldEvaluator,
      parameters: { rules: { values: [rule('^f', 'regex'), rule('first')] }, options: { allMatchingOutputs: true } },
      json: items,
    });
    expect(all.map(jsonOf)).toEqual([[{ output: 'fourth' }, { output: 'first' }], [{ output: 'first' }]]);
  });

  it('routes by the output expression and checks its range', async () => {
    const outputs = await runNodeForTest(switchV3, {
      typeVersion: 3,
      parameters: { mode: 'expression', numberOutputs: 3, output: '2' },
      json: [{ a: 1 }],
    });
    expect(outputs.map(jsonOf)).toEqual([[], [], [{ a: 1 }]]);
    const atLength = (await runNodeForTest(switchV3, { typeVersion: 3, parameters: { mode: 'expression', numberOutputs: 3, output: 3 } }).catch((e: unknown) => e)) as NodeExecutionError;
    expect(atLength.message).toBe('The ouput 3 is not allowed. ');
    expect(atLength.description).toBe('Output indexes are zero based, if you want to use the extra output use 2');
    const notNumber = (await runNodeForTest(switchV3, { typeVersion: 3, parameters: { mode: 'expression', output: 'two' } }).catch((e: unknown) => e)) as NodeExecutionError;
    expect(notNumber.message).toBe("Invalid input for 'Output Index' [item 0]");
    expect(notNumber.description).toBe("'output' expects a number but we got 'two'");
  });

  it('reports rule errors with the item index, or as error items with continueOnFail', async () => {
    const parameters = {
      rules: { values: [{ conditions: { options: { typeValidation: 'strict' }, conditions: [{ leftValue: 5, rightValue: 'x', operator: { type: 'string', operation: 'equals' } }], combinator: 'and' } }] },
    };
    const error = (await runNodeForTest(switchV3, { typeVersion: 3, parameters, json: [{}, {}] }).catch((e: unknown) => e)) as NodeExecutionError;
    expect(error.message).toBe("Wrong type: '5' is a number but was expecting a string [condition 0, item 0]");
    expect(error.context).toEqual({ itemIndex: 0 });
    const outputs = await runNodeForTest(switchV3, { typeVersion: 3, parameters, json: [{}], nodeFields: { continueOnFail: true } });
    expect(jsonOf(outputs[0])).toEqual([{ error: "Wrong type: '5' is a number but was expecting a string [condition 0, item 0]" }]);
  });

  it('matches everything with n8n default rule when no rules were saved', async () => {
    const outputs = await runNodeForTest(switchV3, { typeVersion: 3, parameters: {}, json: [{ a: 1 }, { a: 2 }] });
    expect(outputs.map(jsonOf)).toEqual([[{ a: 1 }, { a: 2 }]]);
  });
});

describe('Switch v3.3 and v3.4', () => {
  const rules = {
    mode: 'rules',
    looseTypeValidation: true,
    rules: { values: [{ conditions: { combinator: 'and', conditions: [{ leftValue: '', rightValue: 0, operator: { type: 'number', operation: 'equals' } }] } }] },
    options: { fallbackOutput: 'extra' },
  };

  it('routes like 3.2 in 3.3, and reads an empty value as missing from 3.4 on', async () => {
    const [match33, fallback33] = await runNodeForTest(switchV3, { typeVersion: 3.3, parameters: rules });
    expect([match33, fallback33].map((items) => items?.length)).toEqual([1, 0]);
    const [match34, fallback34] = await runNodeForTest(switchV3, { typeVersion: 3.4, parameters: rules });
    expect([match34, fallback34].map((items) => items?.length)).toEqual([0, 1]);
  });
});
