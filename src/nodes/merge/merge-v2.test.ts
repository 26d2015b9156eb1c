import { describe, expect, it } from 'vitest';
import type { Item } from '../../core/model/types.js';
import { jsonOf, runNodeForTest } from '../../testing/node-harness.js';
import { mergeV2 } from './merge.js';

const items = (...list: Record<string, unknown>[]): Item[] => list.map((json) => ({ json }));
const run = (parameters: Record<string, unknown>, input1: Item[], input2: Item[], typeVersion = 2.1) =>
  runNodeForTest(mergeV2, { typeVersion, parameters, inputs: [input1, input2] });
const byId = { mode: 'combine', mergeByFields: { values: [{ field1: 'id', field2: 'id' }] } };

describe('Merge v2', () => {
  const people = items({ id: 1, name: 'Ann' }, { id: 2, name: 'Bob' }, { id: 3, name: 'Cid' });
  const orders = items({ id: 2, total: 5 }, { id: 4, total: 7 }, { id: 2, total: 9 });

  it('requires both inputs only for choose branch', () => {
    const rule = mergeV2.requiredInputs as (parameters: Record<string, unknown>, version: number) => unknown;
    expect(rule({ mode: 'chooseBranch' }, 2)).toEqual([0, 1]);
    expect(rule({}, 2)).toBe(1);
  });

  it('chooses a branch or outputs one empty item paired with both inputs', async () => {
    expect(jsonOf((await run({ mode: 'chooseBranch' }, people, orders))[0])).toEqual(jsonOf(people));
    expect(jsonOf((await run({ mode: 'chooseBranch', output: 'input2' }, people, orders))[0])).toEqual(jsonOf(orders));
    const [empty] = await run({ mode: 'chooseBranch', output: 'empty' }, items({ a: 1 }), items({ b: 1 }));
    expect(empty).toEqual([{ json: {}, pairedItem: [{ item: 0, input: 0 }, { item: 0, input: 1 }] }]);
  });

  it('keeps matches merged, with all or only the first match', async () => {
    const [all] = await run(byId, people, orders);
    expect(jsonOf(all)).toEqual([{ id: 2, name: 'Bob', total: 5 }, { id: 2, name: 'Bob', total: 9 }]);
    expect(all![0]!.pairedItem).toEqual([{ item: 1, input: 0 }, { item: 0, input: 1 }]);
    const [first] = await run({ ...byId, options: { multipleMatches: 'first' } }, people, orders);
    expect(jsonOf(first)).toEqual([{ id: 2, name: 'Bob', total: 5 }]);
  });

  it('keeps matches from one input only', async () => {
    const [fromInput1] = await run({ ...byId, outputDataFrom: 'input1' }, people, orders);
    expect(jsonOf(fromInput1)).toEqual([{ id: 2, name: 'Bob' }]);
    const [fromInput2] = await run({ ...byId, outputDataFrom: 'input2' }, people, orders);
    expect(jsonOf(fromInput2)).toEqual([{ id: 2, total: 5 }, { id: 2, total: 9 }]);
  });

  it('keeps non-matches, tagging their source when both inputs are wanted', async () => {
    const [both] = await run({ ...byId, joinMode: 'keepNonMatches' }, people, orders);
    expect(jsonOf(both)).toEqual([
      { id: 1, name: 'Ann', _source: 'input1' },
      { id: 3, name: 'Cid', _source: 'input1' },
      { id: 4, total: 7, _source: 'input2' },
    ]);
    const [onlyFirst] = await run({ ...byId, joinMode: 'keepNonMatches', outputDataFrom: 'input1' }, people, []);
    expect(jsonOf(onlyFirst)).toEqual(jsonOf(people));
    const [none] = await run({ ...byId, joinMode: 'keepNonMatches', outputDataFrom: 'input2' }, people, []);
    expect(none).toEqual([]);
  });

  it('keeps everything and enriches either input', async () => {
    const [everything] = await run({ ...byId, joinMode: 'keepEverything' }, people, orders);
    expect(jsonOf(everything).map((json) => json.id)).toEqual([2, 2, 1, 3, 4]);
    const [enrich1] = await run({ ...byId, joinMode: 'enrichInput1', options: { multipleMatches: 'first' } }, people, orders);
    expect(jsonOf(enrich1)).toEqual([{ id: 2, name: 'Bob', total: 5 }, { id: 1, name: 'Ann' }, { id: 3, name: 'Cid' }]);
    const [enrich2] = await run({ ...byId, joinMode: 'enrichInput2' }, items({ id: 2, total: 0, name: 'Bob' }), orders);
    // Without a clash setting, enriching input 2 lets input 1's values win (n8n's default for this join).
    expect(jsonOf(enrich2)).toEqual([
      { id: 2, total: 0, name: 'Bob' },
      { id: 2, total: 0, name: 'Bob' },
      { id: 4, total: 7 },
    ]);
  });

  it('resolves clashes by suffix or preference', async () => {
    const a = items({ id: 1, v: 'a', nested: { x: 1, y: 1 } });
    const b = items({ id: 1, v: 'b', nested: { x: 2 } });
    const clash = (values: Record<string, unknown>) => ({ ...byId, joinMode: 'enrichInput1', options: { clashHandling: { values } } });
    expect(jsonOf((await run(clash({ resolveClash: 'addSuffix' }), a, b))[0])).toEqual([
      { id_1: 1, v_1: 'a', nested_1: { x: 1, y: 1 }, id_2: 1, v_2: 'b', nested_2: { x: 2 } },
    ]);
    expect(jsonOf((await run(clash({ resolveClash: 'preferInput1' }), a, b))[0])).toEqual([{ id: 1, v: 'a', nested: { x: 1, y: 1 } }]);
    expect(jsonOf((await run(clash({ resolveClash: 'preferInput2' }), a, b))[0])).toEqual([{ id: 1, v: 'b', nested: { x: 2, y: 1 } }]);
    const shallow = clash({ resolveClash: 'preferInput2', mergeMode: 'shallowMerge' });
    expect(jsonOf((await run(shallow, a, b))[0])).toEqual([{ id: 1, v: 'b', nested: { x: 2 } }]);
    const minimize = clash({ resolveClash: 'preferInput2', mergeMode: 'deepMerge', overrideEmpty: true });
    expect(jsonOf((await run(minimize, a, items({ id: 1, v: '' })))[0])).toEqual([{ id: 1, v: 'a', nested: { x: 1, y: 1 } }]);
  });

  it('matches nested fields, fuzzily when asked', async () => {
    const nested = { mode: 'combine', mergeByFields: { values: [{ field1: 'user.id', field2: 'uid' }] } };
    const a = items({ user: { id: 7 } });
    const b = items({ uid: '7', ok: true });
    expect((await run(nested, a, b))[0]).toEqual([]);
    expect(jsonOf((await run({ ...nested, options: { fuzzyCompare: true } }, a, b))[0])).toEqual([{ user: { id: 7 }, uid: '7', ok: true }]);
    const literal = { ...nested, options: { disableDotNotation: true, fuzzyCompare: true } };
    expect((await run(literal, a, b))[0]).toEqual([]);
  });

  it('stops when one input is empty and only matches are kept', async () => {
    expect((await run(byId, people, []))[0]).toEqual([]);
    expect(jsonOf((await run({ ...byId, joinMode: 'keepEverything' }, [], orders))[0])).toEqual(jsonOf(orders));
  });

  it('fails on missing match fields, and in v2.0 on fields absent from an input', async () => {
    await expect(run({ mode: 'combine' }, people, orders)).rejects.toThrow(
      'You need to define at least one pair of fields in "Fields to Match" to match on',
    );
    await expect(run({ mode: 'combine', mergeByFields: { values: [{ field1: 'id' }, { field1: '', field2: 'x' }] } }, people, orders)).rejects.toThrow(
      /for pair 1,\n\t\t\t\t field 1 = 'id'\n\t\t\t\t field 2 = ''/,
    );
    await expect(run({ ...byId, mergeByFields: { values: [{ field1: 'nope', field2: 'id' }] } }, people, orders, 2)).rejects.toThrow(
      "Field 'nope' is not present in any of items in 'Input 1'",
    );
    expect(jsonOf((await run({ ...byId, joinMode: 'keepEverything', mergeByFields: { values: [{ field1: 'nope', field2: 'id' }] } }, people, orders))[0])).toHaveLength(6);
  });

  it('merges by position, with unpaired items on request', async () => {
    const a = items({ v: 1, a: true }, { v: 2, a: true });
    const b = items({ v: 10 }, { v: 20 }, { v: 30 });
    const position = { mode: 'combine', combinationMode: 'mergeByPosition' };
    expect(jsonOf((await run(position, a, b))[0])).toEqual([{ v: 10, a: true }, { v: 20, a: true }]);
    const unpaired = { ...position, options: { includeUnpaired: true, clashHandling: { values: { resolveClash: 'preferInput1' } } } };
    expect(jsonOf((await run(unpaired, a, b))[0])).toEqual([{ v: 1, a: true }, { v: 2, a: true }, { v: 30 }]);
    expect(jsonOf((await run(position, [], b))[0])).toEqual(jsonOf(b));
  });

  it('multiplexes, swapping the loops when input 1 is preferred', async () => {
    const a = items({ v: 'a1' }, { v: 'a2' });
    const b = items({ v: 'b1', w: 1 });
    const multiplex = { mode: 'combine', combinationMode: 'multiplex' };
    expect(jsonOf((await run(multiplex, a, b))[0])).toEqual([{ v: 'b1', w: 1 }, { v: 'b1', w: 1 }]);
    const preferFirst = { ...multiplex, options: { clashHandling: { values: { resolveClash: 'preferInput1' } } } };
    expect(jsonOf((await run(preferFirst, a, b))[0])).toEqual([{ v: 'a1', w: 1 }, { v: 'a2', w: 1 }]);
    const suffix = { ...multiplex, options: { clashHandling: { values: { resolveClash: 'addSuffix' } } } };
    expect(jsonOf((await run(suffix, a, b))[0])[1]).toEqual({ v_1: 'a2', v_2: 'b1', w_2: 1 });
  });
});
