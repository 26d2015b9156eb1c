import { describe, expect, it } from 'vitest';
import type { Item } from '../../core/model/types.js';
import { jsonOf, runNodeForTest } from '../../testing/node-harness.js';
import { mergeV1 } from './merge.js';

const items = (...list: Record<string, unknown>[]): Item[] => list.map((json) => ({ json }));
const run = (parameters: Record<string, unknown>, input1: Item[], input2: Item[]) =>
  runNodeForTest(mergeV1, { typeVersion: 1, parameters, inputs: [input1, input2] });

describe('Merge v1', () => {
  const left = items({ id: 1, a: 'x' }, { id: 2, a: 'y' }, { id: 3, a: 'z' });
  const right = items({ key: 2, b: 'B2' }, { key: 9, b: 'B9' });

  it('appends input 2 after input 1 by default', async () => {
    const [out] = await run({}, left, right);
    expect(jsonOf(out).map((json) => json.id ?? json.key)).toEqual([1, 2, 3, 2, 9]);
    expect(out![3]!.pairedItem).toEqual({ item: 0, input: 1 });
  });

  it('merges by index with left, inner and outer joins', async () => {
    const [leftJoin] = await run({ mode: 'mergeByIndex' }, left, right);
    expect(jsonOf(leftJoin)).toEqual([{ id: 1, a: 'x', key: 2, b: 'B2' }, { id: 2, a: 'y', key: 9, b: 'B9' }, { id: 3, a: 'z' }]);
    expect(leftJoin![0]!.pairedItem).toEqual([{ item: 0, input: 0 }, { item: 0, input: 1 }]);
    const [inner] = await run({ mode: 'mergeByIndex', join: 'inner' }, left, right);
    expect(inner).toHaveLength(2);
    const [outer] = await run({ mode: 'mergeByIndex', join: 'outer' }, items({ a: 1 }), right);
    expect(jsonOf(outer)).toEqual([{ a: 1, key: 2, b: 'B2' }, { key: 9, b: 'B9' }]);
    const [emptyFirst] = await run({ mode: 'mergeByIndex', join: 'outer' }, [], right);
    expect(jsonOf(emptyFirst)).toEqual(jsonOf(right));
  });

  it('multiplexes every pair', async () => {
    const [out] = await run({ mode: 'multiplex' }, items({ a: 1 }, { a: 2 }), items({ b: 1 }, { b: 2 }));
    expect(jsonOf(out)).toEqual([{ a: 1, b: 1 }, { a: 1, b: 2 }, { a: 2, b: 1 }, { a: 2, b: 2 }]);
  });

  it('keeps, removes and merges by key', async () => {
    const byKey = { propertyName1: 'id', propertyName2: 'key' };
    const [keep] = await run({ mode: 'keepKeyMatches', ...byKey }, left, right);
    expect(jsonOf(keep)).toEqual([{ id: 2, a: 'y' }]);
    const [remove] = await run({ mode: 'removeKeyMatches', ...byKey }, left, right);
    expect(jsonOf(remove).map((json) => json.id)).toEqual([1, 3]);
    const [merged] = await run({ mode: 'mergeByKey', ...byKey }, left, right);
    expect(jsonOf(merged)).toEqual([{ id: 1, a: 'x' }, { id: 2, a: 'y', b: 'B2' }, { id: 3, a: 'z' }]);
  });

  it('honours the overwrite setting of merge by key', async () => {
    const base = { mode: 'mergeByKey', propertyName1: 'id', propertyName2: 'id' };
    const first = items({ id: 1, a: '', b: 'keep' });
    const second = items({ id: 1, a: 'new', b: 'new', c: 'add' });
    const [always] = await run(base, first, second);
    expect(jsonOf(always)).toEqual([{ id: 1, a: 'new', b: 'new', c: 'add' }]);
    const [blank] = await run({ ...base, overwrite: 'blank' }, first, second);
    expect(jsonOf(blank)).toEqual([{ id: 1, a: 'new', b: 'keep', c: 'add' }]);
    const [missing] = await run({ ...base, overwrite: 'undefined' }, first, second);
    expect(jsonOf(missing)).toEqual([{ id: 1, a: '', b: 'keep', c: 'add' }]);
    expect(first[0]!.json).toEqual({ id: 1, a: '', b: 'keep' });
  });

  it('passes one input through, and waits with one empty item', async () => {
    const [second] = await run({ mode: 'passThrough', output: 'input2' }, left, right);
    expect(jsonOf(second)).toEqual(jsonOf(right));
    const [waited] = await run({ mode: 'wait' }, left, right);
    expect(waited).toEqual([{ json: {}, pairedItem: [{ item: 0 }, { item: 1 }, { item: 2 }] }]);
  });
});
