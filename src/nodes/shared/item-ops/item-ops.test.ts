import { describe, expect, it } from 'vitest';
import { NodeExecutionError } from '../../../core/errors/index.js';
import type { Item } from '../../../core/model/types.js';
import { failFor } from './fail.js';
import { parseFieldList } from './fields.js';
import { flattenKeys } from './remove-duplicates.js';
import { sortRandomly } from './sort.js';
import { normalizeFieldName } from './summarize/aggregations.js';
import { summarize } from './summarize/summarize.js';

const fail = failFor('Test');

describe('parseFieldList', () => {
  it('reads comma text, lists and fixed collections', () => {
    expect(parseFieldList(' a, b ,,c ', 'Fields', fail)).toEqual(['a', 'b', 'c']);
    expect(parseFieldList(['a', 'b c'], 'Fields', fail)).toEqual(['a', 'b c']);
    expect(parseFieldList({ fields: [{ fieldName: 'x' }, {}] }, 'Fields', fail)).toEqual(['x', '']);
    expect(parseFieldList(undefined, 'Fields', fail)).toEqual([]);
    expect(parseFieldList({}, 'Fields', fail)).toEqual([]);
  });

  it('refuses other shapes with n8n wording', () => {
    expect(() => parseFieldList(5, 'Fields To Include', fail)).toThrow(NodeExecutionError);
    expect(() => parseFieldList(5, 'Fields To Include', fail)).toThrow(
      "The 'Fields To Include' parameter must be a string of fields separated by commas or an array of strings.",
    );
  });
});

describe('flattenKeys', () => {
  it('keys every leaf by its dotted path, with no leaves for empty objects', () => {
    expect(flattenKeys({ a: { b: 1, c: [true, null] }, d: {}, e: 'x' })).toEqual({ 'a.b': 1, 'a.c.0': true, 'a.c.1': null, e: 'x' });
  });
});

describe('sorting helpers', () => {
  const items: Item[] = [3, 1, 2, 1].map((n, tag) => ({ json: { n, tag } }));

  it('shuffles with the random source given', () => {
    expect(sortRandomly(items, () => 0).map((item) => item.json.tag)).toEqual([1, 2, 3, 0]);
  });
});

describe('summarize internals', () => {
  it('normalizes output names as n8n does', () => {
    expect(normalizeFieldName('count_a["b"].c d')).toBe('count_ab_c_d');
  });

  it('moves cleaned-up keys to the end in the Item Lists flavour', () => {
    const [out] = summarize(
      [{ json: { 'a.b': 1, c: 2 } }],
      {
        aggregations: [
          { aggregation: 'sum', field: 'a.b', includeEmpty: false, separateBy: ',', customSeparator: '' },
          { aggregation: 'sum', field: 'c', includeEmpty: false, separateBy: ',', customSeparator: '' },
        ],
        splitKeys: [],
        outputFormat: 'separateItems',
        skipEmptySplitFields: false,
        flavour: 'itemLists',
        requireFields: false,
        disableDotNotation: true,
      },
      fail,
    );
    expect(Object.keys(out?.json ?? {})).toEqual(['sum_c', 'sum_a_b']);
    expect(out?.json).toEqual({ sum_c: 2, sum_a_b: 1 });
  });
});
