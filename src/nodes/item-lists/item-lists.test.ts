import { describe, expect, it } from 'vitest';
import type { NodeParameters } from '../../core/model/types.js';
import type { NodeTypeSpec } from '../../core/node-api/index.js';
import { jsonOf, runNodeForTest } from '../../testing/node-harness.js';
import { itemListsV1 } from './v1.js';
import { itemListsV2 } from './v2.js';
import { itemListsV3 } from './v3.js';

const specFor = (version: number): NodeTypeSpec => (version < 2 ? itemListsV1 : version < 3 ? itemListsV2 : itemListsV3);
const run = (version: number, parameters: NodeParameters, json: Record<string, unknown>[]) =>
  runNodeForTest(specFor(version), { typeVersion: version, parameters, json }).then(([out]) => out);

const doc = { list: [{ n: 1 }, { n: 2 }], map: { a: 1, b: 2 }, word: 'hi', nothing: null, tag: 't' };

describe('Item Lists: Split Out Items', () => {
  it('is the default operation; v1 needs an array', async () => {
    expect(jsonOf(await run(1, { fieldToSplitOut: 'list' }, [doc]))).toEqual([{ n: 1 }, { n: 2 }]);
    await expect(run(1, { fieldToSplitOut: 'map' }, [doc])).rejects.toThrow("The provided field 'map' is not an array");
    await expect(run(1, { fieldToSplitOut: 'gone' }, [doc])).rejects.toMatchObject({
      message: "Couldn't find the field 'gone' in the input data",
      context: { itemIndex: 0 },
    });
  });

  it('v1 keeps other fields from a fixed collection, or all of them', async () => {
    const selected = await run(1, { fieldToSplitOut: 'list', include: 'selectedOtherFields', fieldsToInclude: { fields: [{ fieldName: 'tag' }] } }, [doc]);
    expect(jsonOf(selected)).toEqual([{ tag: 't', list: { n: 1 } }, { tag: 't', list: { n: 2 } }]);
    const all = await run(1, { fieldToSplitOut: 'list', include: 'allOtherFields', options: { destinationFieldName: 'row' } }, [{ list: [1], k: 2 }]);
    expect(jsonOf(all)).toEqual([{ k: 2, row: 1 }]);
  });

  it('v2 splits object values; missing fields fail before v2.1 and give nothing after', async () => {
    expect(jsonOf(await run(2, { fieldToSplitOut: 'map' }, [doc]))).toEqual([{ map: 1 }, { map: 2 }]);
    await expect(run(2, { fieldToSplitOut: 'gone' }, [doc])).rejects.toThrow("Couldn't find the field 'gone' in the input data");
    expect(await run(2.1, { fieldToSplitOut: 'gone' }, [doc])).toEqual([]);
  });

  it('v2.2 splits a single value (or null) as one element, and several fields side by side', async () => {
    await expect(run(2.1, { fieldToSplitOut: 'word' }, [doc])).rejects.toThrow("The provided field 'word' is not an array or object");
    expect(jsonOf(await run(2.2, { fieldToSplitOut: 'word, nothing', options: { destinationFieldName: 'w, n' } }, [doc]))).toEqual([{ w: 'hi', n: null }]);
    const parallel = await run(2.2, { fieldToSplitOut: 'list, map', include: 'selectedOtherFields', fieldsToInclude: { fields: [{ fieldName: 'tag' }] } }, [doc]);
    expect(jsonOf(parallel)).toEqual([
      { list: { n: 1 }, map: 1, tag: 't' },
      { list: { n: 2 }, map: 2, tag: 't' },
    ]);
  });

  it('v3 takes comma-separated fields to include and a "$json." prefix', async () => {
    const out = await run(3, { fieldToSplitOut: '$json.list', include: 'selectedOtherFields', fieldsToInclude: 'tag, word' }, [doc]);
    expect(jsonOf(out)).toEqual([{ list: { n: 1 }, tag: 't', word: 'hi' }, { list: { n: 2 }, tag: 't', word: 'hi' }]);
  });
});

describe('Item Lists: Concatenate Items', () => {
  const rows = [{ id: 1 }, { id: 2 }, { other: 3 }];

  it('fails on a missing field before v2.1 and gives an empty list from v2.1', async () => {
    const parameters = { operation: 'aggregateItems', fieldsToAggregate: { fieldToAggregate: [{ fieldToAggregate: 'idd' }] } };
    await expect(run(1, parameters, rows)).rejects.toThrow("Couldn't find the field 'idd' in the input data");
    await expect(run(2, parameters, rows)).rejects.toThrow("Couldn't find the field 'idd' in the input data");
    expect(jsonOf(await run(2.1, parameters, rows))).toEqual([{ idd: [] }]);
    expect(jsonOf(await run(3, { ...parameters, operation: 'concatenateItems' }, rows))).toEqual([{ idd: [] }]);
  });

  it('v1 refuses a blank field name', async () => {
    const parameters = { operation: 'aggregateItems', fieldsToAggregate: { fieldToAggregate: [{ fieldToAggregate: '' }] } };
    await expect(run(1, parameters, rows)).rejects.toMatchObject({ message: 'Field to aggregate is blank', description: 'Please add a field to aggregate' });
    expect(jsonOf(await run(2.1, parameters, rows))).toEqual([{}]);
  });

  it('aggregates all item data with a fixed collection of fields (v1/v2) or text (v3)', async () => {
    const v1 = await run(1, { operation: 'aggregateItems', aggregate: 'aggregateAllItemData', include: 'allFieldsExcept', fieldsToExclude: { fields: [{ fieldName: 'other' }] } }, rows);
    expect(jsonOf(v1)).toEqual([{ data: [{ id: 1 }, { id: 2 }] }]);
    const v3 = await run(3, { operation: 'concatenateItems', aggregate: 'aggregateAllItemData', include: 'specifiedFields', fieldsToInclude: 'other' }, rows);
    expect(jsonOf(v3)).toEqual([{ data: [{ other: 3 }] }]);
  });
});

describe('Item Lists: Remove Duplicates', () => {
  it('takes fixed collections in v1/v2 and text in v3', async () => {
    const json = [{ a: 1, b: 1 }, { a: 1, b: 2 }, { a: 2, b: 2 }];
    const v1 = await run(1, { operation: 'removeDuplicates', compare: 'selectedFields', fieldsToCompare: { fields: [{ fieldName: 'a' }] } }, json);
    expect(jsonOf(v1)).toEqual([json[0], json[2]]);
    const v3 = await run(3, { operation: 'removeDuplicates', compare: 'allFieldsExcept', fieldsToExclude: 'a' }, json);
    expect(jsonOf(v3)).toEqual([json[0], json[1]]);
  });

  it('v3.1 orders values of different types instead of failing', async () => {
    const json = [{ v: 1 }, { v: '1' }, { v: 1 }, { v: null }];
    await expect(run(3, { operation: 'removeDuplicates' }, json)).rejects.toThrow("'v' isn't always the same type");
    expect(jsonOf(await run(3.1, { operation: 'removeDuplicates' }, json))).toEqual([{ v: 1 }, { v: '1' }, { v: null }]);
  });
});

describe('Item Lists: Sort and Limit', () => {
  it('sorts by fields and limits', async () => {
    const json = [{ n: 2 }, { n: 3 }, { n: 1 }];
    const sorted = await run(2, { operation: 'sort', sortFieldsUi: { sortField: [{ fieldName: 'n', order: 'descending' }] } }, json);
    expect(jsonOf(sorted)).toEqual([{ n: 3 }, { n: 2 }, { n: 1 }]);
    expect(jsonOf(await run(1, { operation: 'limit', keep: 'lastItems' }, json))).toEqual([{ n: 1 }]);
  });
});

describe('Item Lists: Summarize', () => {
  const json = [{ k: 'b', v: 1 }, { k: 10, v: 2 }, { k: 'b', v: 3 }, { k: 2, v: 4 }];

  it('groups by split values as text, numbers first as in a JavaScript object', async () => {
    const out = await run(2, { operation: 'summarize', fieldsToSummarize: { values: [{ aggregation: 'sum', field: 'v' }] }, fieldsToSplitBy: 'k' }, json);
    expect(jsonOf(out)).toEqual([
      { k: '2', sum_v: 4 },
      { k: '10', sum_v: 2 },
      { k: 'b', sum_v: 4 },
    ]);
    expect(out?.map((item) => item.pairedItem)).toEqual([[{ item: 3 }], [{ item: 1 }], [{ item: 0 }, { item: 2 }]]);
  });

  it('ignores "include empty" in counts, and fails on missing fields only before v2.1', async () => {
    const withEmpty = [{ v: '' }, { v: null }, { v: 1 }];
    const counted = await run(3, { operation: 'summarize', fieldsToSummarize: { values: [{ field: 'v', includeEmpty: true }] } }, withEmpty);
    expect(jsonOf(counted)).toEqual([{ count_v: 1 }]);
    const missing = { operation: 'summarize', fieldsToSummarize: { values: [{ field: 'x' }] } };
    await expect(run(2, missing, json)).rejects.toThrow("The field 'x' does not exist in any items");
    expect(jsonOf(await run(2.1, missing, json))).toEqual([{ count_x: 0 }]);
  });

  it('nests groups in one item with the single-item format', async () => {
    const out = await run(1, { operation: 'summarize', fieldsToSummarize: { values: [{ field: 'v' }] }, fieldsToSplitBy: 'k', options: { outputFormat: 'singleItem' } }, json);
    expect(jsonOf(out)).toEqual([{ 2: { count_v: 1 }, 10: { count_v: 1 }, b: { count_v: 2 } }]);
  });
});

it('fails on an unknown operation', async () => {
  await expect(run(3, { operation: 'explode' }, [{}])).rejects.toThrow("Operation 'explode' is not recognized");
});
