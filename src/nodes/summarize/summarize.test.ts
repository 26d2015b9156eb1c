import { describe, expect, it } from 'vitest';
import { jsonOf, runNodeForTest } from '../../testing/node-harness.js';
import { summarize } from './summarize.js';

const sales = [
  { region: 'North', shop: 'A', amount: 10, note: 'x' },
  { region: 'South', shop: 'B', amount: 5, note: '' },
  { region: 'North', shop: 'A', amount: 7, note: null },
  { region: 'North', shop: 'C', amount: '3', note: 'x' },
];

describe('Summarize', () => {
  it('computes every aggregation over all items', async () => {
    const [out] = await runNodeForTest(summarize, {
      json: sales,
      parameters: {
        fieldsToSummarize: {
          values: [
            { aggregation: 'sum', field: 'amount' },
            { aggregation: 'average', field: 'amount' },
            { aggregation: 'min', field: 'amount' },
            { aggregation: 'max', field: 'shop' },
            { field: 'note' },
            { aggregation: 'countUnique', field: 'note' },
            { aggregation: 'append', field: 'note' },
            { aggregation: 'concatenate', field: 'shop' },
            { aggregation: 'concatenate', field: 'region', separateBy: 'other', customSeparator: ' | ' },
          ],
        },
      },
    });
    expect(jsonOf(out)).toEqual([
      {
        sum_amount: 22,
        average_amount: 22 / 3,
        // min and max compare with JavaScript's < and >, so the text '3' counts as 3.
        min_amount: '3',
        max_shop: 'C',
        count_note: 2,
        unique_count_note: 1,
        appended_note: ['x', 'x'],
        concatenated_shop: 'A,B,A,C',
        concatenated_region: 'North | South | North | North',
      },
    ]);
    expect(out?.[0]?.pairedItem).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
  });

  it('counts and appends empty values with "include empty"', async () => {
    const [out] = await runNodeForTest(summarize, {
      json: sales,
      parameters: {
        fieldsToSummarize: {
          values: [
            { field: 'note', includeEmpty: true },
            { aggregation: 'countUnique', field: 'note', includeEmpty: true },
            { aggregation: 'concatenate', field: 'note', includeEmpty: true, separateBy: ', ' },
          ],
        },
      },
    });
    expect(jsonOf(out)).toEqual([{ count_note: 4, unique_count_note: 3, concatenated_note: 'x, , null, x' }]);
  });

  it('splits by fields into one item per group, in first-seen order, pairing each with its items', async () => {
    const [out] = await runNodeForTest(summarize, {
      json: sales,
      parameters: { fieldsToSummarize: { values: [{ aggregation: 'sum', field: 'amount' }] }, fieldsToSplitBy: 'region, shop' },
    });
    expect(jsonOf(out)).toEqual([
      { region: 'North', shop: 'A', sum_amount: 17 },
      { region: 'North', shop: 'C', sum_amount: 0 },
      { region: 'South', shop: 'B', sum_amount: 5 },
    ]);
    expect(out?.map((item) => item.pairedItem)).toEqual([[{ item: 0 }, { item: 2 }], [{ item: 3 }], [{ item: 1 }]]);
  });

  it('puts all groups into one item with the single-item format', async () => {
    const [out] = await runNodeForTest(summarize, {
      json: sales,
      parameters: { fieldsToSummarize: { values: [{ field: 'shop' }] }, fieldsToSplitBy: 'region', options: { outputFormat: 'singleItem' } },
    });
    expect(jsonOf(out)).toEqual([{ North: { count_shop: 3 }, South: { count_shop: 1 } }]);
  });

  it('keeps split values as they are in v1.1 and turns them into text in v1', async () => {
    const json = [{ group: 2, v: 1 }, { group: null, v: 2 }, { group: 2, v: 3 }, { group: '2', v: 4 }];
    const parameters = { fieldsToSummarize: { values: [{ aggregation: 'append', field: 'v' }] }, fieldsToSplitBy: 'group' };
    const [v11] = await runNodeForTest(summarize, { json, parameters, typeVersion: 1.1 });
    expect(jsonOf(v11)).toEqual([
      { group: 2, appended_v: [1, 3] },
      { group: null, appended_v: [2] },
      { group: '2', appended_v: [4] },
    ]);
    const [v1] = await runNodeForTest(summarize, { json, parameters, typeVersion: 1 });
    expect(jsonOf(v1)).toEqual([
      { group: '2', appended_v: [1, 3, 4] },
      { group: 'null', appended_v: [2] },
    ]);
  });

  it('skips items without a split value when asked', async () => {
    const [out] = await runNodeForTest(summarize, {
      json: [{ k: 'a' }, { k: '' }, {}, { k: 0 }],
      parameters: { fieldsToSummarize: { values: [{ field: 'k', includeEmpty: true }] }, fieldsToSplitBy: 'k', options: { skipEmptySplitFields: true } },
    });
    expect(jsonOf(out)).toEqual([{ k: 'a', count_k: 1 }, { k: 0, count_k: 1 }]);
  });

  it('reads dotted paths, or literal keys with dot notation disabled, and cleans the output name', async () => {
    const json = [{ 'p.q': 'flat', p: { q: 'nested' } }, { p: { q: 'deep' } }];
    const parameters = { fieldsToSummarize: { values: [{ aggregation: 'append', field: 'p.q' }] } };
    const [dotted] = await runNodeForTest(summarize, { json, parameters });
    expect(jsonOf(dotted)).toEqual([{ appended_p_q: ['flat', 'deep'] }]);
    const [literal] = await runNodeForTest(summarize, { json, parameters: { ...parameters, options: { disableDotNotation: true } } });
    expect(jsonOf(literal)).toEqual([{ appended_p_q: ['flat'] }]);
  });

  it('fails on a field no item has in v1, unless told to continue; v1.1 never fails on it', async () => {
    const parameters = { fieldsToSummarize: { values: [{ aggregation: 'sum', field: 'missing' }] } };
    await expect(runNodeForTest(summarize, { json: sales, parameters, typeVersion: 1 })).rejects.toThrow(
      "The field 'missing' does not exist in any items",
    );
    const [continued] = await runNodeForTest(summarize, { json: sales, parameters: { ...parameters, options: { continueIfFieldNotFound: true } }, typeVersion: 1 });
    expect(jsonOf(continued)).toEqual([{ sum_missing: 0 }]);
    const [v11] = await runNodeForTest(summarize, { json: sales, parameters: { fieldsToSummarize: { values: [{ field: 'missing' }] } }, typeVersion: 1.1 });
    expect(jsonOf(v11)).toEqual([{ count_missing: 0 }]);
  });

  it('fails when no aggregation names a field (also with the default parameters)', async () => {
    await expect(runNodeForTest(summarize, { json: sales, parameters: {} })).rejects.toThrow(
      "You need to add at least one aggregation to 'Fields to Summarize' with non empty 'Field'",
    );
  });
});
