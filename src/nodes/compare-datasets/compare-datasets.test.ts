import { describe, expect, it } from 'vitest';
import type { Item } from '../../core/model/types.js';
import { jsonOf, runNodeForTest } from '../../testing/node-harness.js';
import { compareDatasetsNode } from './compare-datasets.js';

const items = (...list: Record<string, unknown>[]): Item[] => list.map((json) => ({ json }));
const byId = { mergeByFields: { values: [{ field1: 'id', field2: 'id' }] } };
const run = (parameters: Record<string, unknown>, a: Item[], b: Item[], typeVersion = 2.3) =>
  runNodeForTest(compareDatasetsNode, { typeVersion, parameters: { ...byId, ...parameters }, inputs: [a, b] });

describe('Compare Datasets', () => {
  const a = items({ id: 1, v: 'same' }, { id: 2, v: 'old', n: 0 }, { id: 3 });
  const b = items({ id: 1, v: 'same' }, { id: 2, v: 'new' }, { id: 4 });

  it('sorts items into A only, same, different and B only', async () => {
    const [onlyA, same, different, onlyB] = await run({}, a, b);
    expect(jsonOf(onlyA)).toEqual([{ id: 3 }]);
    expect(jsonOf(same)).toEqual([{ id: 1, v: 'same' }]);
    expect(jsonOf(different)).toEqual([
      { keys: { id: 2 }, same: { id: 2 }, different: { v: { inputA: 'old', inputB: 'new' }, n: { inputA: 0, inputB: null } } },
    ]);
    expect(different![0]!.pairedItem).toEqual([{ item: 1, input: 0 }, { item: 1, input: 1 }]);
    expect(jsonOf(onlyB)).toEqual([{ id: 4 }]);
  });

  it('uses v1 naming and turns falsy values into null there', async () => {
    const [, , different] = await run({ resolve: 'includeBoth' }, a, b, 1);
    expect(jsonOf(different)[0]!.different).toEqual({ v: { input1: 'old', input2: 'new' }, n: { input1: null, input2: null } });
  });

  it('outputs one version of differing items when told to', async () => {
    expect(jsonOf((await run({ resolve: 'preferInput1' }, a, b))[2])).toEqual([{ id: 2, v: 'old', n: 0 }]);
    expect(jsonOf((await run({}, a, b, 2))[2])).toEqual([{ id: 2, v: 'new' }]);
  });

  it('mixes versions, taking the listed fields from the other input', async () => {
    const mix = { resolve: 'mix', preferWhenMix: 'input2', exceptWhenMix: 'n, missing' };
    const [, , different] = await run(mix, a, b);
    expect(jsonOf(different)).toEqual([{ id: 2, v: 'new', n: 0, missing: null }]);
    expect(b[1]!.json).toEqual({ id: 2, v: 'new' });
  });

  it('skips fields when comparing, including nested ones (v2.1+)', async () => {
    const left = items({ id: 1, at: 'mon', meta: { by: 'x', size: 1 } });
    const right = items({ id: 1, at: 'tue', meta: { by: 'y', size: 1 } });
    expect(jsonOf((await run({ options: { skipFields: 'at, meta' } }, left, right))[1])).toEqual(jsonOf(left));
    const [, , different] = await run({ options: { skipFields: 'meta.by' } }, left, right);
    expect(jsonOf(different)).toEqual([
      {
        keys: { id: 1 },
        same: { id: 1 },
        different: { at: { inputA: 'mon', inputB: 'tue' }, meta: { inputA: { size: 1 }, inputB: { size: 1 } } },
        skipped: { meta: { inputA: { by: 'x' }, inputB: { by: 'y' } } },
      },
    ]);
    await expect(run({ options: { skipFields: 'meta.by', disableDotNotation: true } }, left, right)).rejects.toThrow(
      "Dot notation is disabled, but field to skip comparing 'meta.by' contains dot",
    );
  });

  it('compares fuzzily when asked (a top-level option from v2)', async () => {
    const left = items({ id: 1, n: 3, empty: null, extra: [] });
    const right = items({ id: '1', n: '3', empty: '' });
    // With "use input B version" (the default before v2.1) a fuzzy match outputs B's item as the same one.
    const [, sameV2] = await run({ fuzzyCompare: true }, left, right, 2);
    expect(jsonOf(sameV2)).toEqual(jsonOf(right));
    const [, sameV1] = await run({ options: { fuzzyCompare: true } }, left, right, 1);
    expect(jsonOf(sameV1)).toEqual(jsonOf(right));
    const [, sameBoth] = await run({ fuzzyCompare: true }, left, right);
    expect(jsonOf(sameBoth)).toEqual(jsonOf(left));
    const [onlyA] = await run({}, left, right);
    expect(jsonOf(onlyA)).toEqual(jsonOf(left));
  });

  it('matches all or only the first item of B', async () => {
    const left = items({ id: 1, v: 'a' });
    const right = items({ id: 1, v: 'b' }, { id: 1, v: 'c' });
    expect((await run({}, left, right))[2]).toHaveLength(1);
    const [, , different, onlyB] = await run({ options: { multipleMatches: 'all' } }, left, right);
    expect(different).toHaveLength(2);
    expect(onlyB).toEqual([]);
  });

  it('ignores empty items and checks match fields before v2.2 only', async () => {
    const [onlyA] = await run({ mergeByFields: { values: [{ field1: 'idd', field2: 'idd' }] } }, items({ id: 1 }, {}), []);
    expect(jsonOf(onlyA)).toEqual([{ id: 1 }]);
    await expect(run({ mergeByFields: { values: [{ field1: 'idd', field2: 'idd' }] } }, items({ id: 1 }), [], 2.1)).rejects.toThrow(
      "Field 'idd' is not present in any of items in 'Input A'",
    );
    await expect(run({ mergeByFields: { values: [{ field1: '', field2: '' }] } }, a, b)).rejects.toThrow('at least one pair of fields');
  });
});
