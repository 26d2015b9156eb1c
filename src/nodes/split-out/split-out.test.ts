import { describe, expect, it } from 'vitest';
import type { Item } from '../../core/model/types.js';
import { jsonOf, runNodeForTest } from '../../testing/node-harness.js';
import { splitOut } from './split-out.js';

const order = { id: 7, lines: [{ sku: 'a', qty: 1 }, { sku: 'b', qty: 2 }], tags: ['x', 'y', 'z'], meta: { k1: 1, k2: 2 }, owner: 'eve' };

describe('Split Out v1', () => {
  it('turns each object of a list into an item and pairs it with its source item', async () => {
    const [out] = await runNodeForTest(splitOut, { json: [order, { ...order, lines: [{ sku: 'c' }] }], parameters: { fieldToSplitOut: 'lines' } });
    expect(jsonOf(out)).toEqual([{ sku: 'a', qty: 1 }, { sku: 'b', qty: 2 }, { sku: 'c' }]);
    expect(out?.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 0 }, { item: 1 }]);
  });

  it('puts scalar elements, or any element with a destination, under a field', async () => {
    const [tags] = await runNodeForTest(splitOut, { json: [order], parameters: { fieldToSplitOut: '$json.tags' } });
    expect(jsonOf(tags)).toEqual([{ tags: 'x' }, { tags: 'y' }, { tags: 'z' }]);
    const [lines] = await runNodeForTest(splitOut, { json: [order], parameters: { fieldToSplitOut: 'lines', options: { destinationFieldName: 'line' } } });
    expect(jsonOf(lines)).toEqual([{ line: { sku: 'a', qty: 1 } }, { line: { sku: 'b', qty: 2 } }]);
  });

  it('splits the values of an object, and a single value as one item', async () => {
    const [meta] = await runNodeForTest(splitOut, { json: [order], parameters: { fieldToSplitOut: 'meta' } });
    expect(jsonOf(meta)).toEqual([{ meta: 1 }, { meta: 2 }]);
    const [owner] = await runNodeForTest(splitOut, { json: [order], parameters: { fieldToSplitOut: 'owner' } });
    expect(jsonOf(owner)).toEqual([{ owner: 'eve' }]);
  });

  it('outputs nothing for a missing field', async () => {
    const [out] = await runNodeForTest(splitOut, { json: [order], parameters: { fieldToSplitOut: 'nothing' } });
    expect(out).toEqual([]);
  });

  it('keeps all other fields, or the selected ones', async () => {
    const small = { id: 1, tags: ['x', 'y'], owner: 'eve', deep: { v: 3 } };
    const [all] = await runNodeForTest(splitOut, { json: [small], parameters: { fieldToSplitOut: 'tags', include: 'allOtherFields' } });
    expect(jsonOf(all)).toEqual([{ id: 1, owner: 'eve', deep: { v: 3 }, tags: 'x' }, { id: 1, owner: 'eve', deep: { v: 3 }, tags: 'y' }]);
    const [some] = await runNodeForTest(splitOut, {
      json: [small],
      parameters: { fieldToSplitOut: 'tags', include: 'selectedOtherFields', fieldsToInclude: 'owner, deep.v, absent' },
    });
    expect(jsonOf(some)).toEqual([{ tags: 'x', owner: 'eve', 'deep.v': 3 }, { tags: 'y', owner: 'eve', 'deep.v': 3 }]);
    await expect(
      runNodeForTest(splitOut, { json: [small], parameters: { fieldToSplitOut: 'tags', include: 'selectedOtherFields', fieldsToInclude: '' } }),
    ).rejects.toThrow('No fields specified');
  });

  it('splits several fields side by side, with matching destinations', async () => {
    const [out] = await runNodeForTest(splitOut, {
      json: [{ a: [1, 2, 3], b: ['x'] }],
      parameters: { fieldToSplitOut: 'a, b', options: { destinationFieldName: 'num, letter' } },
    });
    expect(jsonOf(out)).toEqual([{ num: 1, letter: 'x' }, { num: 2 }, { num: 3 }]);
    await expect(
      runNodeForTest(splitOut, { json: [{ a: [1] }], parameters: { fieldToSplitOut: 'a, b', options: { destinationFieldName: 'only' } } }),
    ).rejects.toThrow('If multiple fields to split out are given, the same number of destination fields must be given');
  });

  it('does not touch the input item when removing the split field', async () => {
    const input = { keep: 1, nested: { list: [1, 2] } };
    const [out] = await runNodeForTest(splitOut, { json: [input], parameters: { fieldToSplitOut: 'nested.list', include: 'allOtherFields' } });
    expect(jsonOf(out)).toEqual([{ keep: 1, nested: {}, 'nested.list': 1 }, { keep: 1, nested: {}, 'nested.list': 2 }]);
    expect(input.nested.list).toEqual([1, 2]);
  });

  it('splits binaries with $binary and copies binaries with "include binary"', async () => {
    const binary = { a: { data: 'AA==', mimeType: 'text/plain' }, b: { data: 'AQ==', mimeType: 'text/plain' } };
    const inputs: Item[][] = [[{ json: { list: [1, 2] }, binary }]];
    const [split] = await runNodeForTest(splitOut, { inputs, parameters: { fieldToSplitOut: '$binary' } });
    expect(split?.map((item) => [item.json, Object.keys(item.binary ?? {})])).toEqual([
      [{}, ['a']],
      [{}, ['b']],
    ]);
    const [copied] = await runNodeForTest(splitOut, { inputs, parameters: { fieldToSplitOut: 'list', options: { includeBinary: true } } });
    expect(copied?.map((item) => Object.keys(item.binary ?? {}))).toEqual([['a', 'b'], ['a', 'b']]);
    const [plain] = await runNodeForTest(splitOut, { inputs, parameters: { fieldToSplitOut: 'list' } });
    expect(plain?.[0]?.binary).toBeUndefined();
  });
});
