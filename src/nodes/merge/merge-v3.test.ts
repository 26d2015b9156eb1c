import { afterAll, describe, expect, it } from 'vitest';
import type { Item } from '../../core/model/types.js';
import { jsonOf, runNodeForTest } from '../../testing/node-harness.js';
import { mergeV3 } from './merge.js';
import { closeSharedSandboxPool } from '../../runtime/sandbox/shared-pool.js';

const items = (...list: Record<string, unknown>[]): Item[] => list.map((json) => ({ json }));
const run = (parameters: Record<string, unknown>, inputs: Item[][], typeVersion = 3.2) =>
  runNodeForTest(mergeV3, { typeVersion, parameters, inputs });

afterAll(() => closeSharedSandboxPool());

describe('Merge v3', () => {
  it('derives its input count from numberInputs where the mode offers it', () => {
    const inputs = mergeV3.inputs as (parameters: Record<string, unknown>, version: number) => number;
    expect(inputs({}, 3)).toBe(2);
    expect(inputs({ numberInputs: 4 }, 3)).toBe(4);
    expect(inputs({ mode: 'combine', combineBy: 'combineByPosition', numberInputs: 3 }, 3)).toBe(3);
    expect(inputs({ mode: 'combine', combineBy: 'combineByFields', numberInputs: 3 }, 3)).toBe(2);
  });

  it('appends any number of inputs', async () => {
    const [out] = await run({ numberInputs: 3 }, [items({ a: 1 }), [], items({ c: 3 }, { c: 4 })]);
    expect(jsonOf(out)).toEqual([{ a: 1 }, { c: 3 }, { c: 4 }]);
    expect(out![2]!.pairedItem).toEqual({ item: 1, input: 2 });
  });

  it('combines by the fields named in fieldsToMatchString', async () => {
    const parameters = { mode: 'combine', fieldsToMatchString: 'id, kind' };
    const a = items({ id: 1, kind: 'x', a: true }, { id: 2, kind: 'x' });
    const b = items({ id: 1, kind: 'x', b: true }, { id: 2, kind: 'y' });
    expect(jsonOf((await run(parameters, [a, b]))[0])).toEqual([{ id: 1, kind: 'x', a: true, b: true }]);
    await expect(run({ mode: 'combine' }, [a, b])).rejects.toThrow('at least one pair of fields');
    const advanced = { mode: 'combine', advanced: true, mergeByFields: { values: [{ field1: 'id', field2: 'ref' }] }, joinMode: 'enrichInput1' };
    expect(jsonOf((await run(advanced, [a, items({ ref: 2, c: 1 })]))[0])).toEqual([{ id: 2, kind: 'x', ref: 2, c: 1 }, a[0]!.json]);
  });

  it('treats preferLast as "input 2 wins" and an unknown clash choice as nothing merged', async () => {
    const base = { mode: 'combine', fieldsToMatchString: 'id' };
    const a = items({ id: 1, v: 'a' });
    const b = items({ id: 1, v: 'b' });
    const last = { ...base, joinMode: 'enrichInput1', options: { clashHandling: { values: { resolveClash: 'preferLast' } } } };
    expect(jsonOf((await run(last, [a, b]))[0])).toEqual([{ id: 1, v: 'b' }]);
    const odd = { ...base, joinMode: 'enrichInput1', options: { clashHandling: { values: { resolveClash: 'preferInput2' } } } };
    expect(jsonOf((await run(odd, [a, b]))[0])).toEqual([{}]);
  });

  it('combines by position across several inputs, the preferred input winning', async () => {
    const inputs = [items({ v: 1, a: 1 }, { v: 2 }), items({ v: 10, b: 1 }), items({ v: 100, c: 1 }, { v: 200 })];
    const position = { mode: 'combine', combineBy: 'combineByPosition', numberInputs: 3 };
    const [last] = await run(position, inputs);
    expect(jsonOf(last)).toEqual([{ v: 100, a: 1, b: 1, c: 1 }]);
    const [first] = await run({ ...position, options: { includeUnpaired: true, clashHandling: { values: { resolveClash: 'preferInput1' } } } }, inputs);
    expect(jsonOf(first)).toEqual([{ v: 1, a: 1, b: 1, c: 1 }, { v: 2 }]);
    const [suffixed] = await run({ ...position, numberInputs: 2, options: { clashHandling: { values: { resolveClash: 'addSuffix' } } } }, inputs.slice(0, 2));
    // As in n8n, the preferred (last) input is also merged unsuffixed.
    expect(jsonOf(suffixed)).toEqual([{ v_1: 1, a_1: 1, v_2: 10, b_2: 1, v: 10, b: 1 }]);
    expect((await run(position, [items({ v: 1 }), [], []]))[0]).toEqual([]);
  });

  it('combines all pairs of two inputs', async () => {
    const [out] = await run({ mode: 'combine', combineBy: 'combineAll' }, [items({ a: 1 }, { a: 2 }), items({ b: 1 })]);
    expect(jsonOf(out)).toEqual([{ a: 1, b: 1 }, { a: 2, b: 1 }]);
  });

  it('chooses the data of a given input, or fails for an input that does not exist', async () => {
    const inputs = [items({ a: 1 }), items({ b: 1 }), items({ c: 1 })];
    expect(jsonOf((await run({ mode: 'chooseBranch', numberInputs: 3, useDataOfInput: 3 }, inputs))[0])).toEqual([{ c: 1 }]);
    expect(jsonOf((await run({ mode: 'chooseBranch' }, inputs.slice(0, 2)))[0])).toEqual([{ a: 1 }]);
    await expect(run({ mode: 'chooseBranch', useDataOfInput: 4 }, inputs.slice(0, 2))).rejects.toMatchObject({
      message: "Input 4 doesn't exist",
      description: 'The node has only 2 inputs, so selecting input 4 is not possible.',
    });
    const [empty] = await run({ mode: 'chooseBranch', output: 'empty', numberInputs: 3 }, inputs);
    expect(empty).toEqual([{ json: {}, pairedItem: [{ item: 0, input: 0 }, { item: 0, input: 1 }] }]);
  });
});

describe('Merge v3 SQL query', () => {
  const people = items({ id: 1, name: 'Ann' }, { id: 2, name: 'Bob' }, { id: 3, name: 'Cid' });
  const countries = items({ id: 1, country: 'PL' }, { id: 3, country: 'FR' }, { id: 4, country: 'ES' });
  const sql = (query: string, extra: Record<string, unknown> = {}) => ({ mode: 'combineBySql', query, ...extra });

  it('joins the inputs as tables input1, input2', async () => {
    const [out] = await run(sql('SELECT * FROM input1 LEFT JOIN input2 ON input1.id = input2.id'), [people, countries]);
    expect(jsonOf(out)).toEqual([
      { id: 1, name: 'Ann', country: 'PL' },
      { id: 2, name: 'Bob' },
      { id: 3, name: 'Cid', country: 'FR' },
    ]);
  });

  it('pairs selected rows with the rows they came from (v3.1+)', async () => {
    const [out] = await run(sql('SELECT name, country FROM input1 INNER JOIN input2 ON input1.id = input2.id'), [people, countries], 3.1);
    expect(out).toEqual([
      { json: { name: 'Ann', country: 'PL' }, pairedItem: [{ item: 0, input: 0 }, { item: 0, input: 1 }] },
      { json: { name: 'Cid', country: 'FR' }, pairedItem: [{ item: 2, input: 0 }, { item: 1, input: 1 }] },
    ]);
  });

  it('returns success for an empty result only before v3.2 or when asked', async () => {
    const query = sql('SELECT id FROM input1 WHERE id > 10');
    expect(jsonOf((await run(query, [people, countries], 3.1))[0])).toEqual([{ success: true }]);
    expect((await run(query, [people, countries], 3.2))[0]).toEqual([]);
    const asked = sql('SELECT id FROM input1 WHERE id > 10', { options: { emptyQueryResult: 'success' } });
    expect(jsonOf((await run(asked, [people, countries], 3.2))[0])).toEqual([{ success: true }]);
  });

  it('binds query parameters to ? placeholders', async () => {
    const query = sql('SELECT name FROM input1 WHERE id = ? OR name = ?', { options: { queryParameters: '2, Cid' } });
    expect(jsonOf((await run(query, [people, countries]))[0])).toEqual([{ name: 'Bob' }, { name: 'Cid' }]);
  });

  it('resolves {{ }} parts of the query for item 0', async () => {
    const query = sql('SELECT name FROM input1 WHERE id = {{ $json.id + 1 }}');
    expect(jsonOf((await run(query, [people, countries]))[0])).toEqual([{ name: 'Bob' }]);
  });

  it("reports query errors with n8n's message", async () => {
    await expect(run(sql('SELECTTT * FROM input1'), [people, countries])).rejects.toMatchObject({
      message: 'Issue while executing query',
      description: expect.stringContaining('Parse error') as unknown,
    });
    await expect(run(sql('SELECT * FROM input1 JOIN input3 ON input1.id = input3.id'), [people, countries])).rejects.toMatchObject({
      message: 'Issue while executing query',
      description: 'Table does not exist: input3',
    });
  });

  it('blocks file access from SQL', async () => {
    await expect(run(sql("SELECT * FROM FILE('/etc/passwd')"), [people, countries])).rejects.toMatchObject({
      message: 'Issue while executing query',
    });
    await expect(run(sql("SELECT * INTO CSV('/tmp/weft-sql-out.csv') FROM input1"), [people, countries])).rejects.toMatchObject({
      message: 'Issue while executing query',
    });
    await expect(run(sql("REQUIRE '/tmp/x.js'"), [people, countries])).rejects.toMatchObject({ message: 'Issue while executing query' });
  });
});
