import { describe, expect, it } from 'vitest';
import { NodeExecutionError } from '../../core/errors/index.js';
import type { Item } from '../../core/model/types.js';
import { jsonOf, runNodeForTest } from '../../testing/node-harness.js';
import { aggregate } from './aggregate.js';

const people = [
  { name: 'Ann', age: 31, tags: ['a', null], address: { city: 'Oslo' } },
  { name: 'Bob', age: null, tags: ['b'], address: { city: 'Rome' } },
  { name: 'Cid', tags: [], address: {} },
];

describe('Aggregate v1: individual fields', () => {
  it('collects each field into a list, skipping missing and null values and nulls inside lists', async () => {
    const [out] = await runNodeForTest(aggregate, {
      json: people,
      parameters: { fieldsToAggregate: { fieldToAggregate: [{ fieldToAggregate: 'age' }, { fieldToAggregate: 'tags' }] } },
    });
    expect(jsonOf(out)).toEqual([{ age: [31], tags: [['a'], ['b'], []] }]);
    expect(out?.[0]?.pairedItem).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
  });

  it('keeps missing and null values, merges lists and renames when asked', async () => {
    const [out] = await runNodeForTest(aggregate, {
      json: people,
      parameters: {
        fieldsToAggregate: {
          fieldToAggregate: [
            { fieldToAggregate: 'age', renameField: true, outputFieldName: 'ages' },
            { fieldToAggregate: 'tags' },
          ],
        },
        options: { keepMissing: true, mergeLists: true },
      },
    });
    expect(jsonOf(out)).toEqual([{ ages: [31, null, undefined], tags: ['a', null, 'b'] }]);
  });

  it('aggregates a dotted path into its last segment, and writes a dotted output name as a path', async () => {
    const [plain] = await runNodeForTest(aggregate, {
      json: people,
      parameters: { fieldsToAggregate: { fieldToAggregate: [{ fieldToAggregate: 'address.city' }] } },
    });
    expect(jsonOf(plain)).toEqual([{ city: ['Oslo', 'Rome'] }]);
    const [renamed] = await runNodeForTest(aggregate, {
      json: people,
      parameters: { fieldsToAggregate: { fieldToAggregate: [{ fieldToAggregate: 'name', renameField: true, outputFieldName: 'out.names' }] } },
    });
    expect(jsonOf(renamed)).toEqual([{ out: { names: ['Ann', 'Bob', 'Cid'] } }]);
  });

  it('reads a dotted name as one key with dot notation disabled', async () => {
    const [out] = await runNodeForTest(aggregate, {
      json: [{ 'a.b': 1, a: { b: 2 } }],
      parameters: { fieldsToAggregate: { fieldToAggregate: [{ fieldToAggregate: 'a.b' }] }, options: { disableDotNotation: true } },
    });
    expect(jsonOf(out)).toEqual([{ 'a.b': [1] }]);
  });

  it('gives an empty list for a field no item has', async () => {
    const [out] = await runNodeForTest(aggregate, { json: people, parameters: { fieldsToAggregate: { fieldToAggregate: [{ fieldToAggregate: 'nope' }] } } });
    expect(jsonOf(out)).toEqual([{ nope: [] }]);
  });

  it('fails when an output field is used twice, or when no field is given', async () => {
    const twice = runNodeForTest(aggregate, {
      json: people,
      parameters: { fieldsToAggregate: { fieldToAggregate: [{ fieldToAggregate: 'age' }, { fieldToAggregate: 'age' }] } },
    });
    await expect(twice).rejects.toThrow("The 'age' output field is used more than once");
    await expect(twice).rejects.toMatchObject({ description: 'Please make sure each output field name is unique' });
    const none = runNodeForTest(aggregate, { json: people, parameters: { fieldsToAggregate: {} } });
    await expect(none).rejects.toBeInstanceOf(NodeExecutionError);
    await expect(none).rejects.toThrow('No fields specified');
  });
});

describe('Aggregate v1: all item data', () => {
  it('puts every item into one list under "data" by default', async () => {
    const [out] = await runNodeForTest(aggregate, { json: [{ a: 1 }, { b: 2 }], parameters: { aggregate: 'aggregateAllItemData' } });
    expect(jsonOf(out)).toEqual([{ data: [{ a: 1 }, { b: 2 }] }]);
    expect(out?.[0]?.pairedItem).toEqual([{ item: 0 }, { item: 1 }]);
  });

  it('keeps only the specified fields and drops items left empty (comma text or list)', async () => {
    const parameters = { aggregate: 'aggregateAllItemData', destinationFieldName: 'rows', include: 'specifiedFields', fieldsToInclude: 'a, c' };
    const [out] = await runNodeForTest(aggregate, { json: [{ a: 1, b: 2 }, { b: 3 }, { c: 4 }], parameters });
    expect(jsonOf(out)).toEqual([{ rows: [{ a: 1 }, { c: 4 }] }]);
    expect(out?.[0]?.pairedItem).toEqual([{ item: 0 }, { item: 2 }]);
    const [asList] = await runNodeForTest(aggregate, { json: [{ a: 1, b: 2 }], parameters: { ...parameters, fieldsToInclude: ['b'] } });
    expect(jsonOf(asList)).toEqual([{ rows: [{ b: 2 }] }]);
  });

  it('drops the excluded fields', async () => {
    const [out] = await runNodeForTest(aggregate, {
      json: [{ a: 1, b: 2 }, { b: 3 }],
      parameters: { aggregate: 'aggregateAllItemData', include: 'allFieldsExcept', fieldsToExclude: 'b' },
    });
    expect(jsonOf(out)).toEqual([{ data: [{ a: 1 }] }]);
  });
});

describe('Aggregate v1: binaries', () => {
  const file = (fileName: string, fileSize: string) => ({ data: 'AA==', mimeType: 'text/plain', fileName, fileSize, fileExtension: 'txt' });
  const inputs: Item[][] = [
    [
      { json: { a: 1 }, binary: { data: file('one.txt', '1 B') } },
      { json: { a: 2 }, binary: { data: file('two.txt', '1 B') } },
      { json: { a: 3 }, binary: { data: file('three.txt', '2 B') } },
    ],
  ];

  it('copies every binary, renaming clashing keys', async () => {
    const [out] = await runNodeForTest(aggregate, {
      inputs,
      parameters: { aggregate: 'aggregateAllItemData', options: { includeBinaries: true } },
    });
    expect(Object.keys(out?.[0]?.binary ?? {})).toEqual(['data', 'data_1', 'data_2']);
    expect(out?.[0]?.binary?.data_2?.fileName).toBe('three.txt');
  });

  it('keeps only binaries of a new shape with "keep only unique"', async () => {
    const [out] = await runNodeForTest(aggregate, {
      inputs,
      parameters: { fieldsToAggregate: { fieldToAggregate: [{ fieldToAggregate: 'a' }] }, options: { includeBinaries: true, keepOnlyUnique: true } },
    });
    expect(Object.values(out?.[0]?.binary ?? {}).map((binary) => binary.fileName)).toEqual(['one.txt', 'three.txt']);
    expect(jsonOf(out)).toEqual([{ a: [1, 2, 3] }]);
  });
});

describe('Aggregate v1: group by fields', () => {
  const orders = [
    { shop: 'north', product: 'pen', qty: 2, meta: { region: 'eu' } },
    { shop: 'south', product: 'ink', qty: 1, meta: { region: 'us' } },
    { shop: 'north', product: 'cap', qty: 5, meta: { region: 'eu' } },
    { product: 'pad', qty: 3, meta: { region: 'eu' } },
    { shop: null, product: 'nib', qty: 4, meta: { region: 'us' } },
  ];

  it('aggregates individual fields per group, groups in order of first appearance', async () => {
    const [out] = await runNodeForTest(aggregate, {
      json: orders,
      parameters: {
        fieldsToAggregate: { fieldToAggregate: [{ fieldToAggregate: 'product' }, { fieldToAggregate: 'qty', renameField: true, outputFieldName: 'amounts' }] },
        options: { groupByFields: 'shop' },
      },
    });
    // A missing group value and null share a group, as in n8n (their JSON keys are equal).
    expect(jsonOf(out)).toEqual([
      { shop: 'north', product: ['pen', 'cap'], amounts: [2, 5] },
      { shop: 'south', product: ['ink'], amounts: [1] },
      { shop: undefined, product: ['pad', 'nib'], amounts: [3, 4] },
    ]);
    expect(out?.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 3 }]);
  });

  it('aggregates all item data per group, by several fields and nested paths, with include lists', async () => {
    const [out] = await runNodeForTest(aggregate, {
      json: orders.slice(0, 3),
      parameters: {
        aggregate: 'aggregateAllItemData',
        destinationFieldName: 'rows',
        include: 'specifiedFields',
        fieldsToInclude: 'product, qty',
        options: { groupByFields: 'meta.region, shop' },
      },
    });
    expect(jsonOf(out)).toEqual([
      { meta: { region: 'eu' }, shop: 'north', rows: [{ product: 'pen', qty: 2 }, { product: 'cap', qty: 5 }] },
      { meta: { region: 'us' }, shop: 'south', rows: [{ product: 'ink', qty: 1 }] },
    ]);
  });

  it("copies each group's binaries onto its item", async () => {
    const file = (fileName: string) => ({ data: 'AA==', mimeType: 'text/plain', fileName });
    const [out] = await runNodeForTest(aggregate, {
      inputs: [
        [
          { json: { g: 1 }, binary: { data: file('a.txt') } },
          { json: { g: 2 }, binary: { data: file('b.txt') } },
          { json: { g: 1 }, binary: { data: file('c.txt') } },
        ],
      ],
      parameters: { aggregate: 'aggregateAllItemData', options: { groupByFields: 'g', includeBinaries: true } },
    });
    expect(out?.map((item) => Object.values(item.binary ?? {}).map((binary) => binary.fileName))).toEqual([['a.txt', 'c.txt'], ['b.txt']]);
  });

  it('outputs nothing without input items', async () => {
    const [out] = await runNodeForTest(aggregate, { json: [], parameters: { aggregate: 'aggregateAllItemData', options: { groupByFields: 'shop' } } });
    expect(out).toEqual([]);
  });

  it("fails with n8n's messages on object values and on output fields that overlap a group field", async () => {
    const grouping = (parameters: Record<string, unknown>) => runNodeForTest(aggregate, { json: orders, parameters });
    await expect(grouping({ aggregate: 'aggregateAllItemData', options: { groupByFields: 'meta' } })).rejects.toThrow(
      'Field "meta" has a non-scalar value which cannot be used for grouping.',
    );
    await expect(grouping({ aggregate: 'aggregateAllItemData', destinationFieldName: 'shop.list', options: { groupByFields: 'shop' } })).rejects.toThrow(
      "The destination field 'shop.list' conflicts with a Group By field 'shop'",
    );
    await expect(
      grouping({ fieldsToAggregate: { fieldToAggregate: [{ fieldToAggregate: 'meta.shop' }] }, options: { groupByFields: 'shop' } }),
    ).rejects.toThrow("The output field 'shop' conflicts with a Group By field 'shop'");
  });
});
