import { describe, expect, it } from 'vitest';
import { NodeExecutionError } from '../../core/errors/index.js';
import type { ExpressionEvaluator } from '../../core/expression/index.js';
import type { Item } from '../../core/model/types.js';
import { jsonOf, runNodeForTest } from '../../testing/node-harness.js';
import { setV1, setV3 } from './set.js';

/** An evaluator for tests: `={{ key }}` answers `values[key]` evaluated for the item's json. */
function fakeEvaluator(values: Record<string, (json: Record<string, unknown>) => unknown>): ExpressionEvaluator {
  const resolve = (value: unknown, scope: Parameters<ExpressionEvaluator['resolve']>[1]): unknown => {
    if (typeof value === 'string' && value.startsWith('=')) {
      const key = value.replace(/^={{\s*|\s*}}$/g, '');
      const compute = values[key];
      if (compute === undefined) return value.slice(1);
      return compute(scope.inputs[0]?.[scope.itemIndex]?.json ?? {});
    }
    if (Array.isArray(value)) return value.map((entry) => resolve(entry, scope));
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, resolve(entry, scope)]));
    }
    return value;
  };
  return { resolve };
}

async function failure(promise: Promise<unknown>): Promise<NodeExecutionError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof NodeExecutionError) return error;
    throw error;
  }
  throw new Error('expected the node to fail');
}

describe('Set v1/v2', () => {
  const values = {
    string: [{ name: 'string', value: 'foo' }],
    boolean: [{ name: 'boolean', value: true }],
    number: [{ name: 'number', value: 1 }],
  };

  it('adds booleans, then numbers, then strings to a copy of the item', async () => {
    const [out] = await runNodeForTest(setV1, { typeVersion: 1, parameters: { values, options: {} }, json: [{ list: ['a'] }] });
    expect(out?.[0]?.json).toEqual({ list: ['a'], boolean: true, number: 1, string: 'foo' });
    expect(Object.keys(out?.[0]?.json ?? {})).toEqual(['list', 'boolean', 'number', 'string']);
    expect(out?.[0]?.pairedItem).toEqual({ item: 0 });
  });

  it('keeps only the set values with keepOnlySet', async () => {
    const [out] = await runNodeForTest(setV1, { typeVersion: 1, parameters: { keepOnlySet: true, values }, json: [{ other: 1 }] });
    expect(jsonOf(out)).toEqual([{ boolean: true, number: 1, string: 'foo' }]);
  });

  it('writes nested paths and array indexes with dot notation, literal keys without', async () => {
    const nested = { string: [{ name: 'list[1]', value: 'b' }, { name: 'a.b', value: 'c' }] };
    const [dotted] = await runNodeForTest(setV1, { typeVersion: 1, parameters: { values: nested }, json: [{ list: ['a'], a: { x: 1 } }] });
    expect(jsonOf(dotted)).toEqual([{ list: ['a', 'b'], a: { x: 1, b: 'c' } }]);
    const [flat] = await runNodeForTest(setV1, {
      typeVersion: 1,
      parameters: { values: nested, options: { dotNotation: false } },
      json: [{ a: { x: 1 } }],
    });
    expect(jsonOf(flat)).toEqual([{ a: { x: 1 }, 'list[1]': 'b', 'a.b': 'c' }]);
  });

  it('fills a missing name or value with n8n defaults', async () => {
    const [out] = await runNodeForTest(setV1, {
      typeVersion: 1,
      parameters: { values: { number: [{}], boolean: [{ name: 'flag' }], string: [{ name: 'text' }] } },
      json: [{}],
    });
    expect(jsonOf(out)).toEqual([{ flag: false, propertyName: 0, text: '' }]);
  });

  it('keeps numeric strings in v1 and converts them in v2', async () => {
    const parameters = { keepOnlySet: true, values: { number: [{ name: 'n', value: '123456' }, { name: 'x', value: 'abc' }] } };
    const [v1] = await runNodeForTest(setV1, { typeVersion: 1, parameters, json: [{}] });
    const [v2] = await runNodeForTest(setV1, { typeVersion: 2, parameters, json: [{}] });
    expect(jsonOf(v1)).toEqual([{ n: '123456', x: 'abc' }]);
    expect(jsonOf(v2)).toEqual([{ n: 123456, x: 'abc' }]);
  });

  it('runs once on an empty item when it receives none, and keeps binary unless keepOnlySet', async () => {
    const [empty] = await runNodeForTest(setV1, { typeVersion: 2, parameters: { values }, inputs: [[]] });
    expect(jsonOf(empty)).toEqual([{ boolean: true, number: 1, string: 'foo' }]);
    const binary = { data: { data: 'AA==', mimeType: 'text/plain' } };
    const inputs: Item[][] = [[{ json: {}, binary }]];
    const [kept] = await runNodeForTest(setV1, { typeVersion: 2, parameters: { values }, inputs });
    const [dropped] = await runNodeForTest(setV1, { typeVersion: 2, parameters: { values, keepOnlySet: true }, inputs });
    expect(kept?.[0]?.binary).toEqual(binary);
    expect(dropped?.[0]?.binary).toBeUndefined();
  });

  it('does not change the input item', async () => {
    const input = { nested: { a: 1 } };
    await runNodeForTest(setV1, { typeVersion: 1, parameters: { values: { number: [{ name: 'nested.b', value: 2 }] } }, json: [input] });
    expect(input).toEqual({ nested: { a: 1 } });
  });
});

describe('Set v3 include modes', () => {
  const people = [
    { name: 'Ann', age: 32, object: { nested: true } },
    { name: 'Bob', age: 35, object: { nested: true } },
  ];
  const fields = { values: [{ name: 'test', stringValue: 'foo' }] };

  it.each([
    ['all', {}, [{ name: 'Ann', age: 32, object: { nested: true }, test: 'foo' }]],
    ['none', {}, [{ test: 'foo' }]],
    ['selected', { includeFields: 'name, object' }, [{ name: 'Ann', object: { nested: true }, test: 'foo' }]],
    ['except', { excludeFields: 'age,name' }, [{ object: { nested: true }, test: 'foo' }]],
  ])('include %s', async (include, extra, expected) => {
    const [out] = await runNodeForTest(setV3, { typeVersion: 3, parameters: { fields, include, ...extra, options: {} }, json: people.slice(0, 1) });
    expect(jsonOf(out)).toEqual(expected);
  });

  it('keeps a selected nested field under its last name', async () => {
    const [out] = await runNodeForTest(setV3, {
      typeVersion: 3.2,
      parameters: { fields, include: 'selected', includeFields: 'object.nested' },
      json: people.slice(0, 1),
    });
    expect(jsonOf(out)).toEqual([{ nested: true, test: 'foo' }]);
  });

  it('v3.3+ keeps input fields only with includeOtherFields', async () => {
    const assignments = { assignments: [{ id: '1', name: 'test', value: 'foo', type: 'string' }] };
    const [without] = await runNodeForTest(setV3, { typeVersion: 3.3, parameters: { assignments, include: 'all' }, json: people });
    const [withAll] = await runNodeForTest(setV3, { typeVersion: 3.4, parameters: { assignments, includeOtherFields: true }, json: people });
    const [except] = await runNodeForTest(setV3, {
      typeVersion: 3.4,
      parameters: { assignments, includeOtherFields: true, include: 'except', excludeFields: 'object' },
      json: people,
    });
    expect(jsonOf(without)).toEqual([{ test: 'foo' }, { test: 'foo' }]);
    expect(jsonOf(withAll)).toEqual(people.map((person) => ({ ...person, test: 'foo' })));
    expect(jsonOf(except)).toEqual([
      { name: 'Ann', age: 32, test: 'foo' },
      { name: 'Bob', age: 35, test: 'foo' },
    ]);
    expect(without?.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
  });

  it('writes literal keys without dot notation, accepting the bracketed form', async () => {
    const [out] = await runNodeForTest(setV3, {
      typeVersion: 3.4,
      parameters: {
        assignments: { assignments: [{ id: '1', name: 'a.b', value: 'x', type: 'string' }, { id: '2', name: "['c']", value: 'y', type: 'string' }] },
        includeOtherFields: true,
        options: { dotNotation: false },
      },
      json: [{ c: 'old' }],
    });
    expect(jsonOf(out)).toEqual([{ c: 'y', 'a.b': 'x' }]);
  });

  it('fails on an unknown include mode', async () => {
    const error = await failure(runNodeForTest(setV3, { typeVersion: 3, parameters: { fields, include: 'some' } }));
    expect(error.message).toBe('The include option "some" is not known!');
    expect(error.context).toEqual({ itemIndex: 0 });
  });
});

describe('Set v3 type conversion', () => {
  const input = [{ s: { five: '3', pi: '3.14', t: 'TRUE', one: '1', zero: '0', arr: '["a", "b"]', obj: '{"a": 1}', js: "{a: 'x'}" } }];

  function assign(version: number, entries: Array<[string, string, unknown]>, options: Record<string, unknown> = {}) {
    if (version >= 3.3) {
      return { assignments: { assignments: entries.map(([name, type, value], id) => ({ id: String(id), name, type, value })) }, options };
    }
    return { fields: { values: entries.map(([name, type, value]) => ({ name, type: `${type}Value`, [`${type}Value`]: value })) }, include: 'none', options };
  }

  it.each([3, 3.4])('converts strings to numbers, booleans, arrays and objects (v%s)', async (version) => {
    const s = input[0]!.s;
    const parameters = assign(version, [
      ['n1', 'number', s.five],
      ['n2', 'number', s.pi],
      ['n3', 'number', true],
      ['b1', 'boolean', s.t],
      ['b2', 'boolean', s.one],
      ['b3', 'boolean', s.zero],
      ['b4', 'boolean', 0],
      ['a1', 'array', s.arr],
      ['a2', 'array', "['x', 'y']"],
      ['o1', 'object', s.obj],
      ['o2', 'object', s.js],
      ['t1', 'string', 52472],
      ['t2', 'string', [1, 2]],
      ['t3', 'string', { k: true }],
    ]);
    const [out] = await runNodeForTest(setV3, { typeVersion: version, parameters, json: input });
    expect(jsonOf(out)).toEqual([
      {
        n1: 3,
        n2: 3.14,
        n3: 1,
        b1: true,
        b2: true,
        b3: false,
        b4: false,
        a1: ['a', 'b'],
        a2: ['x', 'y'],
        o1: { a: 1 },
        o2: { a: 'x' },
        t1: '52472',
        t2: '[1,2]',
        t3: '{"k":true}',
      },
    ]);
  });

  it('fails with n8n message and description when a value does not convert', async () => {
    const error = await failure(runNodeForTest(setV3, { typeVersion: 3.4, parameters: assign(3.4, [['count', 'number', 'hello']]), json: [{}] }));
    expect(error.message).toBe("'count' expects a number but we got 'hello' [item 0]");
    expect(error.description).toBe(
      'To fix the error try to change the type for the field "count" or activate the option “Ignore Type Conversion Errors” to apply a less strict type validation',
    );
    expect(error.context).toEqual({ itemIndex: 0 });
    const arrayError = await failure(runNodeForTest(setV3, { typeVersion: 3, parameters: assign(3, [['flag', 'boolean', [1, 2]]]), json: [{}, {}] }));
    expect(arrayError.message).toBe("'flag' expects a boolean but we got array [item 0]");
    const objectError = await failure(runNodeForTest(setV3, { typeVersion: 3.2, parameters: assign(3.2, [['o', 'object', '[1]']]), json: [{}] }));
    expect(objectError.message).toBe("'o' expects a object but we got '[1]' [item 0]");
  });

  it('keeps unconvertible values as they are with ignoreConversionErrors', async () => {
    const parameters = assign(
      3.3,
      [
        ['n', 'number', 'hello'],
        ['blank', 'number', ' '],
        ['b', 'boolean', '3,14'],
        ['big', 'boolean', 52472],
        ['a', 'array', 'hello'],
        ['list', 'number', [1, 2]],
      ],
      { ignoreConversionErrors: true },
    );
    const [out] = await runNodeForTest(setV3, { typeVersion: 3.3, parameters, json: [{}] });
    expect(jsonOf(out)).toEqual([{ n: 'hello', blank: 0, b: '3,14', big: 52472, a: 'hello', list: [1, 2] }]);
  });

  it('handles null values per version', async () => {
    const nulls = (version: number, type: string) => assign(version, [['v', type, null]]);
    const [v32] = await runNodeForTest(setV3, { typeVersion: 3.2, parameters: nulls(3.2, 'string'), json: [{}] });
    const [v32n] = await runNodeForTest(setV3, { typeVersion: 3.2, parameters: nulls(3.2, 'number'), json: [{}] });
    const [v30] = await runNodeForTest(setV3, { typeVersion: 3, parameters: nulls(3, 'string'), json: [{}] });
    const [v30n] = await runNodeForTest(setV3, { typeVersion: 3, parameters: nulls(3, 'number'), json: [{}] });
    const [v31ignored] = await runNodeForTest(setV3, {
      typeVersion: 3.1,
      parameters: { ...nulls(3.1, 'string'), options: { ignoreConversionErrors: true } },
      json: [{}],
    });
    expect(jsonOf(v32)).toEqual([{ v: null }]);
    expect(jsonOf(v32n)).toEqual([{ v: null }]);
    expect(jsonOf(v30)).toEqual([{ v: 'null' }]);
    expect(jsonOf(v30n)).toEqual([{ v: null }]);
    expect(jsonOf(v31ignored)).toEqual([{ v: null }]);
    const error = await failure(runNodeForTest(setV3, { typeVersion: 3.1, parameters: nulls(3.1, 'string'), json: [{}] }));
    expect(error.message).toBe("'v' expects a string but we got 'null' [item 0]");
    expect(error.context).toEqual({});
  });

  it('fills v3.0–3.2 defaults: type string, empty number is 0, object is {}', async () => {
    const parameters = { fields: { values: [{ name: 'plain', stringValue: 'x' }, { name: 'n', type: 'numberValue' }, { name: 'o', type: 'objectValue' }] } };
    const [out] = await runNodeForTest(setV3, { typeVersion: 3.1, parameters: { ...parameters, include: 'none' }, json: [{}] });
    expect(jsonOf(out)).toEqual([{ plain: 'x', n: 0, o: {} }]);
  });
});

describe('Set v3 errors with continueOnFail', () => {
  const bad = { assignments: { assignments: [{ id: '1', name: 'n', type: 'number', value: 'abc' }] } };

  it('manual mode emits the error with pairedItem inside json', async () => {
    const [out] = await runNodeForTest(setV3, {
      typeVersion: 3.4,
      parameters: bad,
      json: [{ a: 1 }, { a: 2 }],
      nodeFields: { onError: 'continueRegularOutput' },
    });
    expect(out).toEqual([
      { json: { error: "'n' expects a number but we got 'abc' [item 0]", pairedItem: { item: 0 } } },
      { json: { error: "'n' expects a number but we got 'abc' [item 1]", pairedItem: { item: 1 } } },
    ]);
  });

  it('raw mode emits the error with pairedItem on the item', async () => {
    const [out] = await runNodeForTest(setV3, {
      typeVersion: 3.4,
      parameters: { mode: 'raw', jsonOutput: '[1, 2]' },
      json: [{}],
      nodeFields: { continueOnFail: true },
    });
    expect(out).toEqual([{ json: { error: "The 'JSON Output' in item 0 does not contain a valid JSON object" }, pairedItem: { item: 0 } }]);
  });
});

describe('Set v3 raw mode', () => {
  it('sets the fields of the JSON object, nested with dot notation', async () => {
    const [out] = await runNodeForTest(setV3, {
      typeVersion: 3.4,
      parameters: { mode: 'raw', jsonOutput: '{"a": 1, "b.c": [true]}', includeOtherFields: true },
      json: [{ keep: 'me' }],
    });
    expect(jsonOf(out)).toEqual([{ keep: 'me', a: 1, b: { c: [true] } }]);
  });

  it('recovers relaxed JSON and reports JSON it cannot read', async () => {
    const [out] = await runNodeForTest(setV3, { typeVersion: 3.2, parameters: { mode: 'raw', include: 'none', jsonOutput: "{a: 'x', b: 2,}" }, json: [{}] });
    expect(jsonOf(out)).toEqual([{ a: 'x', b: 2 }]);
    const error = await failure(runNodeForTest(setV3, { typeVersion: 3.2, parameters: { mode: 'raw', jsonOutput: '{"a": }' }, json: [{}] }));
    expect(error.message).toBe("The 'JSON Output' in item 0 contains invalid JSON");
    expect(error.description).toBe('{"a": }');
  });

  it('uses n8n default JSON when jsonOutput is missing', async () => {
    const [out] = await runNodeForTest(setV3, { typeVersion: 3.4, parameters: { mode: 'raw' }, json: [{}] });
    expect(jsonOf(out)).toEqual([{ my_field_1: 'value', my_field_2: 1 }]);
  });

  it('fills an expression template {{ }} by {{ }}, embedding objects as JSON', async () => {
    const evaluator = fakeEvaluator({ '$json.obj': (json) => json.obj, '$json.name': (json) => json.name });
    const [out] = await runNodeForTest(setV3, {
      typeVersion: 3.4,
      parameters: { mode: 'raw', jsonOutput: '={\n "o": {{ $json.obj }},\n "n": "{{ $json.name }}"\n}' },
      json: [{ obj: { x: [1] }, name: 'Ann $& co' }],
      evaluator,
    });
    expect(jsonOf(out)).toEqual([{ o: { x: [1] }, n: 'Ann $& co' }]);
  });
});

describe('Set v3 object fields of v3.0–3.2', () => {
  it('fills an object field template per item', async () => {
    const evaluator = fakeEvaluator({ '$json.obj': (json) => json.obj });
    const [out] = await runNodeForTest(setV3, {
      typeVersion: 3.2,
      parameters: { fields: { values: [{ name: 'wrapped', type: 'objectValue', objectValue: '={ "inner": {{ $json.obj }} }' }] }, include: 'none' },
      json: [{ obj: { a: 1 } }, { obj: [2] }],
      evaluator,
    });
    expect(jsonOf(out)).toEqual([{ wrapped: { inner: { a: 1 } } }, { wrapped: { inner: [2] } }]);
  });

  it('gives null for an object field whose expression is undefined (v3.2)', async () => {
    const [out] = await runNodeForTest(setV3, {
      typeVersion: 3.2,
      parameters: { fields: { values: [{ name: 'o', type: 'objectValue', objectValue: '={{ undefined }}' }] }, include: 'none' },
      json: [{}],
      evaluator: fakeEvaluator({ undefined: () => undefined }),
    });
    expect(jsonOf(out)).toEqual([{ o: null }]);
  });

  it('names the field when its JSON is invalid', async () => {
    const error = await failure(
      runNodeForTest(setV3, {
        typeVersion: 3,
        parameters: { fields: { values: [{ name: 'cfg', type: 'objectValue', objectValue: '={ "a": }' }] } },
        json: [{}],
        evaluator: fakeEvaluator({}),
      }),
    );
    expect(error.message).toBe(`The entry "cfg" inside 'Fields to Set' in item 0 contains invalid JSON`);
  });
});

describe('Set v3 binary data', () => {
  const binary = { file: { data: 'AA==', mimeType: 'text/plain' } };
  const inputs: Item[][] = [[{ json: { a: 1 }, binary }]];
  const fields = { values: [{ name: 'x', stringValue: 'y' }] };
  const assignments = { assignments: [{ id: '1', name: 'x', value: 'y', type: 'string' }] };

  it('v3.0–3.3 keep binary only with options.includeBinary', async () => {
    const [dropped] = await runNodeForTest(setV3, { typeVersion: 3.2, parameters: { fields }, inputs });
    const [kept] = await runNodeForTest(setV3, { typeVersion: 3.3, parameters: { assignments, options: { includeBinary: true } }, inputs });
    expect(dropped?.[0]?.binary).toBeUndefined();
    expect(kept?.[0]?.binary).toEqual(binary);
  });

  it('v3.4 keeps binary with other input fields unless stripBinary', async () => {
    const [none] = await runNodeForTest(setV3, { typeVersion: 3.4, parameters: { assignments }, inputs });
    const [kept] = await runNodeForTest(setV3, { typeVersion: 3.4, parameters: { assignments, includeOtherFields: true }, inputs });
    const [stripped] = await runNodeForTest(setV3, {
      typeVersion: 3.4,
      parameters: { assignments, includeOtherFields: true, options: { stripBinary: true } },
      inputs,
    });
    expect(none?.[0]?.binary).toBeUndefined();
    expect(kept?.[0]?.binary).toEqual(binary);
    expect(stripped?.[0]?.binary).toBeUndefined();
  });

  it('a binary assignment copies a binary property under a new name', async () => {
    const [out] = await runNodeForTest(setV3, {
      typeVersion: 3.4,
      parameters: { assignments: { assignments: [{ id: '1', name: 'copy', value: 'file', type: 'binary' }] } },
      inputs,
    });
    expect(out?.[0]).toEqual({ json: {}, binary: { copy: binary.file }, pairedItem: { item: 0 } });
    const error = await failure(
      runNodeForTest(setV3, {
        typeVersion: 3.4,
        parameters: { assignments: { assignments: [{ id: '1', name: 'copy', value: 'nope', type: 'binary' }] } },
        inputs,
      }),
    );
    expect(error.message).toBe("The item has no binary field 'nope' [item 0]");
  });
});

describe('Set v3 item duplication', () => {
  it('duplicates items in manual executions', async () => {
    const [out] = await runNodeForTest(setV3, {
      typeVersion: 3.4,
      parameters: { assignments: { assignments: [{ id: '1', name: 'x', value: 1, type: 'number' }] }, duplicateItem: true, duplicateCount: 2 },
      json: [{}, {}],
    });
    expect(jsonOf(out)).toEqual([{ x: 1 }, { x: 1 }, { x: 1 }, { x: 1 }, { x: 1 }, { x: 1 }]);
    expect(out?.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 0 }, { item: 0 }, { item: 1 }, { item: 1 }, { item: 1 }]);
    expect(out?.[0]?.json).not.toBe(out?.[1]?.json);
  });
});
