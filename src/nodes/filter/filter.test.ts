import { describe, expect, it } from 'vitest';
import type { NodeExecutionError } from '../../core/errors/index.js';
import { jsonOf, runNodeForTest } from '../../testing/node-harness.js';
import { filterV1 } from './v1.js';
import { filterV2 } from './v2.js';

const people = [
  { id: 1, name: 'Adam', notes: null, email: 'adam@mail.com' },
  { id: 2, name: 'Victor', notes: 'some notes', email: 'victor@mail.com' },
  { id: 3, name: 'Sam', notes: 'other', email: 'sam@gmail.com' },
];

describe('Filter v1', () => {
  it('keeps items passing every condition (AND, the default)', async () => {
    const outputs = await runNodeForTest(filterV1, {
      typeVersion: 1,
      parameters: { conditions: { number: [{ value1: 2, operation: 'largerEqual', value2: 2 }], string: [{ value1: 'x@mail.com', operation: 'endsWith', value2: 'mail.com' }] } },
      json: people,
    });
    expect(outputs).toHaveLength(1);
    expect(jsonOf(outputs[0])).toEqual(people);
  });

  it('keeps items passing any condition with OR, and drops the rest', async () => {
    const [kept] = await runNodeForTest(filterV1, {
      typeVersion: 1,
      parameters: { conditions: { number: [{ value1: 1, operation: 'larger', value2: 5 }], string: [{ value1: 'abc', operation: 'isEmpty' }] }, combineConditions: 'OR' },
      json: people,
    });
    expect(kept).toEqual([]);
  });
});

describe('Filter v2', () => {
  const byName = (operation: string, rightValue: string, caseSensitive = true) => ({
    conditions: {
      options: { caseSensitive, leftValue: '', typeValidation: 'strict' },
      conditions: [{ id: 'a', leftValue: 'Victor', rightValue, operator: { type: 'string', operation } }],
      combinator: 'or',
    },
    options: { ignoreCase: !caseSensitive },
  });

  it('returns only kept items on its single output', async () => {
    const kept = await runNodeForTest(filterV2, { typeVersion: 2, parameters: byName('startsWith', 'v', false), json: people });
    expect(kept).toHaveLength(1);
    expect(jsonOf(kept[0])).toEqual(people);
    expect(kept[0]?.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
    const [none] = await runNodeForTest(filterV2, { typeVersion: 2, parameters: byName('startsWith', 'v'), json: people });
    expect(none).toEqual([]);
  });

  it('fails on type errors unless continueOnFail, which discards the item', async () => {
    const parameters = {
      conditions: {
        options: { caseSensitive: true, typeValidation: 'strict', version: 2 },
        conditions: [{ leftValue: 'seven', rightValue: 3, operator: { type: 'number', operation: 'gt' } }],
        combinator: 'and',
      },
      looseTypeValidation: false,
    };
    const error = (await runNodeForTest(filterV2, { typeVersion: 2.2, parameters }).catch((e: unknown) => e)) as NodeExecutionError;
    expect(error.message).toBe("Wrong type: 'seven' is a string but was expecting a number [condition 0, item 0]");
    const [kept] = await runNodeForTest(filterV2, { typeVersion: 2.2, parameters, nodeFields: { onError: 'continueRegularOutput' } });
    expect(kept).toEqual([]);
  });
});

describe('Filter v2.3', () => {
  it('reads an empty value as missing from 2.3 on, not as 0', async () => {
    const parameters = {
      looseTypeValidation: true,
      conditions: { combinator: 'and', conditions: [{ leftValue: '', rightValue: 0, operator: { type: 'number', operation: 'equals' } }] },
    };
    expect((await runNodeForTest(filterV2, { typeVersion: 2.2, parameters }))[0]).toHaveLength(1);
    expect((await runNodeForTest(filterV2, { typeVersion: 2.3, parameters }))[0]).toHaveLength(0);
  });
});
