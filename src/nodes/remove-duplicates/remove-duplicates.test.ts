import { describe, expect, it } from 'vitest';
import { jsonOf, runNodeForTest } from '../../testing/node-harness.js';
import { removeDuplicatesV1 } from './v1.js';
import { removeDuplicatesV2 } from './v2.js';

const people = [
  { id: 1, name: 'Ann', age: 30 },
  { id: 1, name: 'Ann', age: 30 },
  { id: 1, name: 'Ann', age: 40 },
  { id: 2, name: 'Bob', age: 30 },
];

describe('Remove Duplicates v1', () => {
  it('keeps the first of items equal in every field, in input order', async () => {
    const [out] = await runNodeForTest(removeDuplicatesV1, { json: people, typeVersion: 1 });
    expect(jsonOf(out)).toEqual([people[0], people[2], people[3]]);
    expect(out?.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 2 }, { item: 3 }]);
  });

  it('compares selected fields, or all fields except some', async () => {
    const [selected] = await runNodeForTest(removeDuplicatesV1, { json: people, parameters: { compare: 'selectedFields', fieldsToCompare: 'age' } });
    expect(jsonOf(selected)).toEqual([people[0], people[2]]);
    const [except] = await runNodeForTest(removeDuplicatesV1, { json: people, parameters: { compare: 'allFieldsExcept', fieldsToExclude: 'age' } });
    expect(jsonOf(except)).toEqual([people[0], people[3]]);
  });

  it('keeps only the compared fields with "remove other fields"', async () => {
    const [out] = await runNodeForTest(removeDuplicatesV1, {
      json: people,
      parameters: { compare: 'selectedFields', fieldsToCompare: 'name', options: { removeOtherFields: true } },
    });
    expect(jsonOf(out)).toEqual([{ name: 'Ann' }, { name: 'Bob' }]);
  });

  it('compares nested values deeply', async () => {
    const json = [{ a: { b: [1, 2] } }, { a: { b: [1, 2] } }, { a: { b: [2, 1] } }];
    const [out] = await runNodeForTest(removeDuplicatesV1, { json });
    expect(jsonOf(out)).toEqual([json[0], json[2]]);
    // Leaves are compared by path, so a list element another item lacks is a missing field, as in n8n.
    await expect(runNodeForTest(removeDuplicatesV1, { json: [{ a: [1, 2] }, { a: [1] }] })).rejects.toThrow("'a.1' field is missing from some input items");
  });

  it('fails on missing fields, blank names and mixed types', async () => {
    await expect(runNodeForTest(removeDuplicatesV1, { json: [{ a: 1 }, { b: 1 }] })).rejects.toThrow("'a' field is missing from some input items");
    await expect(
      runNodeForTest(removeDuplicatesV1, { json: [{ a: 1 }], parameters: { compare: 'selectedFields', fieldsToCompare: 'a' } }),
    ).resolves.toHaveLength(1);
    await expect(runNodeForTest(removeDuplicatesV1, { json: [{ a: 1 }], parameters: { compare: 'selectedFields', fieldsToCompare: [''] } })).rejects.toThrow(
      'Name of field to compare is blank',
    );
    const mixed = runNodeForTest(removeDuplicatesV1, { json: [{ a: 1 }, { a: 'x' }], typeVersion: 1 });
    await expect(mixed).rejects.toThrow("'a' isn't always the same type");
    await expect(mixed).rejects.toMatchObject({ description: 'The type of this field varies between items' });
    await expect(runNodeForTest(removeDuplicatesV1, { json: people, parameters: { compare: 'selectedFields' } })).rejects.toThrow(
      'No fields specified. Please add a field to compare on',
    );
  });

  it('v1.1 lets null values through the type check and names the items in its type error', async () => {
    const withNull = [{ a: 1 }, { a: null }, { a: 1 }];
    await expect(runNodeForTest(removeDuplicatesV1, { json: withNull, typeVersion: 1 })).rejects.toThrow("'a' isn't always the same type");
    const [out] = await runNodeForTest(removeDuplicatesV1, { json: withNull, typeVersion: 1.1 });
    expect(jsonOf(out)).toEqual([{ a: 1 }, { a: null }]);
    await expect(runNodeForTest(removeDuplicatesV1, { json: [{ a: 1 }, { a: 'x' }], typeVersion: 1.1 })).rejects.toMatchObject({
      description: "The type of this field varies between items, in item [0] it's a number and in item [1] it's a string ",
    });
  });
});

describe('Remove Duplicates v2', () => {
  it('removes duplicates within the input', async () => {
    const [out] = await runNodeForTest(removeDuplicatesV2, { json: people, parameters: { operation: 'removeDuplicateInputItems' } });
    expect(jsonOf(out)).toEqual([people[0], people[2], people[3]]);
  });

  it('refuses the operations that need a store of earlier executions', async () => {
    await expect(
      runNodeForTest(removeDuplicatesV2, { json: people, parameters: { operation: 'removeItemsSeenInPreviousExecutions', keyField: '={{ $json.id }}' } }),
    ).rejects.toThrow("The operation 'removeItemsSeenInPreviousExecutions' is not supported by Weft yet");
  });
});
