import { describe, expect, it } from 'vitest';
import { jsonOf, runNodeForTest } from '../../testing/node-harness.js';
import { sort } from './sort.js';

const rows = [
  { name: 'bob', age: 30, info: { rank: 2 } },
  { name: 'Alice', age: 30, info: { rank: 1 } },
  { name: 'carl', age: 25, info: { rank: 3 } },
];

describe('Sort v1', () => {
  it('sorts by fields in order of precedence, strings case-insensitively, stable', async () => {
    const [out] = await runNodeForTest(sort, {
      json: rows,
      parameters: { sortFieldsUi: { sortField: [{ fieldName: 'age', order: 'descending' }, { fieldName: 'name' }] } },
    });
    expect(jsonOf(out).map((row) => row.name)).toEqual(['Alice', 'bob', 'carl']);
    expect(out?.map((item) => item.pairedItem)).toEqual([{ item: 1 }, { item: 0 }, { item: 2 }]);
  });

  it('sorts by a nested path', async () => {
    const [out] = await runNodeForTest(sort, { json: rows, parameters: { sortFieldsUi: { sortField: [{ fieldName: 'info.rank' }] } } });
    expect(jsonOf(out).map((row) => row.name)).toEqual(['Alice', 'bob', 'carl']);
  });

  it('fails without sort fields, or on a field no item has', async () => {
    await expect(runNodeForTest(sort, { json: rows })).rejects.toThrow('No sorting specified. Please add a field to sort by');
    await expect(runNodeForTest(sort, { json: rows, parameters: { sortFieldsUi: { sortField: [{ fieldName: 'zip' }] } } })).rejects.toThrow(
      "Couldn't find the field 'zip' in the input data",
    );
    const dotted = runNodeForTest(sort, {
      json: rows,
      parameters: { sortFieldsUi: { sortField: [{ fieldName: 'info.rank' }] }, options: { disableDotNotation: true } },
    });
    await expect(dotted).rejects.toMatchObject({ description: expect.stringContaining("turn off 'disable dot notation'") });
  });

  it('shuffles without losing items', async () => {
    const [out] = await runNodeForTest(sort, { json: rows, parameters: { type: 'random' } });
    expect(jsonOf(out)).toHaveLength(3);
    expect(jsonOf(out)).toEqual(expect.arrayContaining(rows));
  });

  it('sorts by user code in the sandbox, in sloppy mode as n8n, keeping the original items', async () => {
    const code = "fieldName = 'age';\nif (a.json[fieldName] !== b.json[fieldName]) return a.json[fieldName] - b.json[fieldName];\nreturn a.json.name < b.json.name ? 1 : -1;";
    const [out] = await runNodeForTest(sort, { json: rows, parameters: { type: 'code', code } });
    expect(jsonOf(out).map((row) => row.name)).toEqual(['carl', 'bob', 'Alice']);
    expect(out?.map((item) => item.pairedItem)).toEqual([{ item: 2 }, { item: 0 }, { item: 1 }]);
  });

  it('refuses sort code without a return, and reports errors the code throws', async () => {
    await expect(runNodeForTest(sort, { json: rows, parameters: { type: 'code', code: 'a.json.age - b.json.age' } })).rejects.toThrow(
      "Sort code doesn't return. Please add a 'return' statement to your code",
    );
    await expect(runNodeForTest(sort, { json: rows, parameters: { type: 'code', code: "throw new Error('bad compare'); return 0" } })).rejects.toThrow(
      'bad compare',
    );
  });
});
