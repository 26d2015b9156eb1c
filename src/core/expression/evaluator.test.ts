import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { WeftError } from '../errors/index.js';
import { fakeScope, items } from './fake-scope.test-util.js';
import { createExpressionEvaluator } from './index.js';
import type { ExpressionScope } from './types.js';

const evaluator = createExpressionEvaluator();
const scope = fakeScope({ json: [{ a: 1, name: 'Ann', list: [3, 1, 2], obj: { x: 1 }, nothing: null, flag: false }] });
const run = (expression: unknown, s: ExpressionScope = scope): unknown => evaluator.resolve(expression, s);

function thrown(fn: () => unknown): WeftError {
  try {
    fn();
  } catch (error) {
    if (error instanceof WeftError) return error;
    throw error;
  }
  throw new Error('expected an error');
}

describe('expression semantics', () => {
  it('returns literals unchanged and treats only strings starting with = as expressions', () => {
    expect(run('plain {{ $json.a }}')).toBe('plain {{ $json.a }}');
    expect(run(42)).toBe(42);
    expect(run(null)).toBe(null);
    expect(run('=3,14')).toBe('3,14');
    expect(run('=TRUE')).toBe('TRUE');
  });

  it('keeps the type of a lone {{ }}', () => {
    expect(run('={{ $json.a + 1 }}')).toBe(2);
    expect(run('={{ $json.flag }}')).toBe(false);
    expect(run('={{ $json.nothing }}')).toBe(null);
    expect(run('={{ $json.list }}')).toEqual([3, 1, 2]);
    expect(run('={{ { "data": $json.obj } }}')).toEqual({ data: { x: 1 } });
    expect(run('={{ undefined }}')).toBeUndefined();
  });

  it('builds a string from mixed text', () => {
    expect(run('=Hi {{ $json.name }}!')).toBe('Hi Ann!');
    expect(run('= {{ $json.a }}')).toBe(' 1');
    expect(run('={{ $json.a }}{{ $json.name }}')).toBe('1Ann');
    expect(run('=v:{{ $json.nothing }}|{{ $json.missing }}|{{ $json.flag }}')).toBe('v:||false');
    expect(run('=o:{{ $json.obj }} l:{{ $json.list }}')).toBe('o:[object Object] l:3,1,2');
  });

  it('resolves objects and arrays recursively', () => {
    expect(run({ a: '={{ $json.a }}', b: ['={{ $json.name }}', 'x'], c: { d: '=n{{ 1 + 1 }}' } })).toEqual({ a: 1, b: ['Ann', 'x'], c: { d: 'n2' } });
  });

  it('runs JavaScript: arrows, IIFEs with loops, templates, optional chaining, destructuring', () => {
    expect(run('={{ $json.list.map(x => x * 2).filter(x => x > 2) }}')).toEqual([6, 4]);
    expect(run('={{ (() => { let s = 0; for (let i = 0; i < 5; i++) { if (i === 3) continue; s += i } return s })() }}')).toBe(7);
    expect(run('={{ (() => { const { a, ...rest } = { a: 1, b: 2, c: 3 }; const [x, , y = 9] = [1, 2]; return [a, rest, x, y] })() }}')).toEqual([1, { b: 2, c: 3 }, 1, 9]);
    expect(run('={{ `a${$json.a + 1}b` }}')).toBe('a2b');
    expect(run('={{ $json?.obj?.x ?? "none" }}')).toBe(1);
    expect(run('={{ $json.nope?.deep.deeper }}')).toBeUndefined();
    expect(run('={{ (function fact(n) { return n <= 1 ? 1 : n * fact(n - 1) })(5) }}')).toBe(120);
    expect(run('={{ (() => { switch ($json.a) { case 1: return "one"; default: return "other" } })() }}')).toBe('one');
    expect(run('={{ (() => { try { null.x } catch (e) { return e instanceof TypeError } })() }}')).toBe(true);
    expect(run('={{ [...$json.list, ...new Set([1, 1])] }}')).toEqual([3, 1, 2, 1]);
    expect(run('={{ (() => { const out = []; for (const k in { p: 1, q: 2 }) out.push(k); for (const v of "ab") out.push(v); return out })() }}')).toEqual(['p', 'q', 'a', 'b']);
    expect(run('={{ Math.max(0, ["first", "second"].indexOf("second")) }}')).toBe(1);
    expect(run('={{ parseInt("42") + 1 }}')).toBe(43);
    expect(run('={{ /^\\d+$/.test("1234") }}')).toBe(true);
    expect(run('={{ typeof nothingHere }}')).toBe('undefined');
  });

  it('resolves plain JS errors to undefined like n8n, and reports them with strict', () => {
    expect(run('={{ $json.missing.deep }}')).toBeUndefined();
    expect(run('={{ unknownName }}')).toBeUndefined();
    const strict = createExpressionEvaluator({ strict: true });
    const error = thrown(() => strict.resolve('={{ unknownName }}', scope, 'value'));
    expect(error.code).toBe('WEFT_E_EXPRESSION');
    expect(error.message).toBe('ReferenceError: unknownName is not defined');
    expect(error.details).toMatchObject({ node: 'Current', parameter: 'value' });
    expect(thrown(() => strict.resolve('={{ $json.missing.deep }}', scope)).message).toBe(
      "TypeError: Cannot read properties of undefined (reading 'deep')",
    );
  });

  it('reports invalid syntax with the node and parameter', () => {
    const error = thrown(() => evaluator.resolve({ options: { field: '={{ $json.a + }}' } }, scope, 'root'));
    expect(error.message).toBe('invalid syntax');
    expect(error.details).toMatchObject({ node: 'Current', parameter: 'root.options.field' });
  });

  it('refuses functions as results the way n8n does', () => {
    expect(thrown(() => run('={{ $json.list.map }}')).message).toBe('this is a function, please add ()');
    expect(thrown(() => run('={{ DateTime }}')).message).toBe('this is a DateTime, please access its methods');
  });

  it('never lets expression mutations reach the item', () => {
    const s = fakeScope({ json: [{ a: 1, list: [3, 1, 2], obj: { x: 1 } }] });
    expect(run('={{ $json.a = 5 }}', s)).toBe(5);
    expect(run('={{ $json.list.sort() }}', s)).toEqual([1, 2, 3]);
    expect(run('={{ (() => { $json.obj.x = 9; delete $json.a; $json.list.push(4); return $json.obj.x })() }}', s)).toBe(9);
    expect(run('={{ Object.assign($json, { injected: true }).injected }}', s)).toBe(true);
    expect(s.inputs[0]?.[0]?.json).toEqual({ a: 1, list: [3, 1, 2], obj: { x: 1 } });
  });

  it('returns copies of objects so callers cannot change run data', () => {
    const s = fakeScope({ json: [{ obj: { x: 1 } }] });
    const result = run('={{ $json.obj }}', s) as { x: number };
    result.x = 2;
    expect(s.inputs[0]?.[0]?.json).toEqual({ obj: { x: 1 } });
  });
});

describe('context variables', () => {
  const s = fakeScope({
    current: 'Set',
    nodes: [
      { name: 'Trigger', runs: [{ output: [[{ json: {} }]] }], to: ['Data'] },
      { name: 'Data', parameters: { mode: 'raw' }, runs: [{ output: [[{ json: { n: 1 } }, { json: { n: 2 } }, { json: { n: 3 } }]], input: [[{ json: {} }]], source: [{ previousNode: 'Trigger' }] }], to: ['Set'], state: { counter: 7 } },
      { name: 'Set', parameters: { keep: true } },
      { name: 'Never' },
    ],
    inputs: [items({ n: 1 }, { n: 2 }, { n: 3 })],
    source: [{ previousNode: 'Data', previousNodeOutput: 0, previousNodeRun: 0 }],
    itemIndex: 1,
    runIndex: 2,
  });

  it('$json, $binary, $input', () => {
    expect(run('={{ $json.n }}', s)).toBe(2);
    expect(run('={{ $binary }}', s)).toEqual({});
    expect(run('={{ $input.item.json.n }}', s)).toBe(2);
    expect(run('={{ $input.all().map(i => i.json.n) }}', s)).toEqual([1, 2, 3]);
    expect(run('={{ $input.first().json.n + $input.last().json.n }}', s)).toBe(4);
    expect(run('={{ $input.params.mode }}', s)).toBe('raw');
  });

  it("$('Node') accessors", () => {
    expect(run("={{ $('Data').item.json.n }}", s)).toBe(2);
    expect(run("={{ $('Data').first().json.n }}", s)).toBe(1);
    expect(run("={{ $('Data').last().json.n }}", s)).toBe(3);
    expect(run("={{ $('Data').all().length }}", s)).toBe(3);
    expect(run("={{ $('Data').itemMatching(0).json.n }}", s)).toBe(1);
    expect(run("={{ $('Data').isExecuted }}", s)).toBe(true);
    expect(run("={{ $('Never').isExecuted }}", s)).toBe(false);
    expect(run("={{ $('Data').params.mode }}", s)).toBe('raw');
    expect(run("={{ $('Trigger').item.json }}", s)).toEqual({});
  });

  it('$node, $items, $item, $prevNode, indexes, $workflow, $execution, $parameter', () => {
    expect(run('={{ $node["Data"].json.n }}', s)).toBe(2);
    expect(run('={{ $node.Data.parameter.mode }}', s)).toBe('raw');
    expect(run('={{ $node["Data"].context.counter }}', s)).toBe(7);
    expect(run('={{ $items("Data").length }}', s)).toBe(3);
    expect(run('={{ $items().map(i => i.json.n) }}', s)).toEqual([1, 2, 3]);
    expect(run('={{ $item(2).$json.n }}', s)).toBe(3);
    expect(run('={{ $item(0).$node["Data"].json.n }}', s)).toBe(1);
    expect(run('={{ $prevNode }}', s)).toEqual({ name: 'Data', outputIndex: 0, runIndex: 0 });
    expect(run('=A-{{ $runIndex }}-{{ $itemIndex }}-{{ $position }}', s)).toBe('A-2-1-1');
    expect(run('={{ $workflow }}', s)).toEqual({ id: 'wf-1', name: 'Test workflow', active: false });
    expect(run('={{ $execution.id + "/" + $execution.mode }}', s)).toBe('exec-1/test');
    expect(run('={{ $parameter.keep }}', s)).toBe(true);
  });

  it('$now and $today are Luxon DateTimes in the scope time zone', () => {
    const berlin = fakeScope({ timezone: 'Europe/Berlin', now: Date.UTC(2024, 0, 15, 23, 30) });
    const now = run('={{ $now }}', berlin);
    expect(DateTime.isDateTime(now)).toBe(true);
    expect(run('={{ $now.toISO() }}', berlin)).toBe('2024-01-16T00:30:00.000+01:00');
    expect(run('={{ $today.toISO() }}', berlin)).toBe('2024-01-16T00:00:00.000+01:00');
    expect(run('={{ DateTime.fromISO("2024-03-01").plus({ days: 1 }).toISODate() }}', berlin)).toBe('2024-03-02');
    expect(run('={{ Duration.fromObject({ hours: 2 }).as("minutes") }}', berlin)).toBe(120);
  });

  it('$if, $ifEmpty, $min, $max, $jmespath', () => {
    expect(run('={{ $if($json.n > 1, "big", "small") }}', s)).toBe('big');
    expect(run('={{ [$ifEmpty("", "d"), $ifEmpty([], 1), $ifEmpty("x", "d")] }}', s)).toEqual(['d', 1, 'x']);
    expect(run('={{ $min(3, 1, 2) + $max(3, 1, 2) }}', s)).toBe(4);
    expect(run('={{ $jmespath($input.all(), "[].json.n") }}', s)).toEqual([1, 2, 3]);
  });

  it('$env is refused unless configured', () => {
    expect(thrown(() => run('={{ $env.HOME }}', s)).code).toBe('WEFT_E_EXPRESSION_FORBIDDEN');
    const withEnv = createExpressionEvaluator({ env: { GREETING: 'hi' } });
    expect(withEnv.resolve('={{ $env.GREETING }}', s)).toBe('hi');
  });

  it('reports unexecuted and unknown nodes with n8n wording', () => {
    const error = thrown(() => evaluator.resolve("={{ $('Never').item.json }}", s, 'value'));
    expect(error.message).toBe('Referenced node is unexecuted');
    expect(error.details).toMatchObject({ node: 'Set', parameter: 'value', nodeCause: 'Never' });
    expect(thrown(() => run("={{ $('Ghost').first() }}", s)).message).toBe("Referenced node doesn't exist");
  });
});
