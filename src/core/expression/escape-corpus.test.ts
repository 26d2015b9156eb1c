import { afterAll, describe, expect, it } from 'vitest';
import { WeftError } from '../errors/index.js';
import { fakeScope } from './fake-scope.test-util.js';
import { createExpressionEvaluator } from './index.js';

/**
 * Escape attempts gathered from n8n's expression-sandboxing tests and public vm2 / JS-sandbox write-ups.
 * Each must be refused, or evaluate to something harmless; none may hand back a host object or change host
 * state (prototypes, shared namespaces, Error hooks).
 */
const refused: readonly string[] = [
  '{{ process }}',
  '{{ process.env }}',
  "{{ require('child_process').execSync('id') }}",
  '{{ globalThis }}',
  '{{ global.process }}',
  '{{ window }}',
  '{{ self }}',
  '{{ document.cookie }}',
  "{{ Function('return process')() }}",
  "{{ new Function('return 1') }}",
  "{{ eval('process') }}",
  "{{ constructor.constructor('return process')() }}",
  "{{ $json.constructor.constructor('return process')() }}",
  "{{ ''.constructor.constructor('return this')() }}",
  "{{ [].map.constructor('return process')() }}",
  "{{ (() => {}).constructor('return process')() }}",
  "{{ $json['const' + 'ructor'] }}",
  '{{ $json.__proto__ }}',
  "{{ $json['__pro' + 'to__'].polluted = 1 }}",
  '{{ Object.prototype.polluted = 1 }}',
  '{{ Array.prototype.map = null }}',
  "{{ ({}).__defineGetter__('x', () => 1) }}",
  "{{ ({}).__lookupGetter__('__proto__') }}",
  '{{ Reflect.ownKeys({}) }}',
  '{{ new Proxy({}, {}) }}',
  '{{ (async () => 1)() }}',
  '{{ (function* () { yield 1 })() }}',
  "{{ import('fs') }}",
  '{{ (() => { with (Math) { return max(1, 2) } })() }}',
  '{{ String.raw`x` }}',
  '{{ (function () { return arguments.callee })() }}',
  '{{ Symbol.iterator }}',
  '{{ Error.prepareStackTrace = (e, s) => s[0].getThis() }}',
  '{{ Error.captureStackTrace }}',
  "{{ (() => { try { null.f() } catch (e) { return e.constructor.constructor('return process')() } })() }}",
  '{{ Math.max = () => 1 }}',
  '{{ JSON.parse = null }}',
  '{{ delete Math.max }}',
  '{{ DateTime.now = () => 0 }}',
  '{{ $now.constructor }}',
  '{{ Object.assign(Math, { max: null }) }}',
  '{{ Object.create(Object.prototype) }}',
  '{{ Object.getOwnPropertyNames(globalThis) }}',
  '{{ $input.constructor }}',
  "{{ $('Prev').__proto__ }}",
  '{{ ((x) => x).bind.constructor }}',
  '{{ ({ get x() { return 1 } }).x }}',
  "{{ $json[{ toString: () => '__proto__' }] }}",
  '{{ Intl.constructor }}',
  '{{ $jmespath.constructor }}',
  '{{ new Intl.DateTimeFormat().resolvedOptions().constructor }}',
  '{{ (() => { a: while (true) {} })() }}',
  '{{ (function () { return new.target })() }}',
  '{{ (() => { class A {} return A })() }}',
  '{{ $env }}',
  '{{ setTimeout }}',
  '{{ Promise.resolve(1) }}',
  '{{ WebAssembly }}',
  '{{ Buffer.from("x") }}',
  '{{ undefined = 1 }}',
  '{{ (() => { while (true) {} })() }}',
  '{{ (() => { const f = () => f(); return f() })() }}',
  "{{ 'x'.repeat(1e9) }}",
  '{{ (() => { for (;;) { try { for (;;) {} } catch (e) {} } })() }}',
];

/** Attempts that JS allows but that must stay inside the sandbox. */
const harmless: readonly string[] = [
  '{{ this }}',
  '{{ (() => this)() }}',
  '{{ this.process }}',
  "{{ Object.defineProperty(Object, 'x', { value: 1 }) }}",
  '{{ Object.setPrototypeOf($json, null) }}',
  "{{ Object.fromEntries([['__proto__', { polluted: 1 }]]).polluted }}",
  '{{ JSON.parse(\'{"__proto__": {"polluted": 1}}\').polluted }}',
  '{{ ({ ...JSON.parse(\'{"__proto__": {"polluted": 1}}\') }).polluted }}',
  '{{ new Error("x").stack.length > 0 }}',
  '{{ [1].map.call(null, (x) => x) }}',
  '{{ Array(1e9).fill(0) }}',
  '{{ ((f) => f.call(undefined))(function () { return this }) }}',
  '{{ Object.keys($json).concat(Object.values($input), Object.entries($("Prev"))) }}',
  '{{ ({ ...$input, ...$node }) }}',
  '{{ (() => { const out = []; for (const k in $input) out.push($input[k]); return out })() }}',
  '{{ ({ a: () => 1 }) }}',
];

function isHostLeak(value: unknown, depth = 0): boolean {
  if (typeof value === 'function') return true;
  if (value === globalThis || value === process || value === process.env) return true;
  if (depth < 3 && value !== null && typeof value === 'object') {
    return Object.values(value as Record<string, unknown>).some((entry) => isHostLeak(entry, depth + 1));
  }
  return false;
}

const originalPrepareStackTrace = Error.prepareStackTrace;

describe('escape corpus', () => {
  const evaluator = createExpressionEvaluator({ maxSteps: 100_000 });
  const scope = fakeScope({
    nodes: [{ name: 'Prev', runs: [{ output: [[{ json: { a: 1 } }]] }], to: ['Current'] }],
    json: [{ a: 1 }],
    source: [{ previousNode: 'Prev' }],
  });

  it('holds at least 30 refused attempts', () => {
    expect(refused.length).toBeGreaterThanOrEqual(30);
  });

  it.each(refused)('refuses %s', (attempt) => {
    let result: unknown;
    let failure: unknown;
    try {
      result = evaluator.resolve(`=${attempt}`, scope);
    } catch (error) {
      failure = error;
    }
    expect(isHostLeak(result)).toBe(false);
    expect(failure).toBeInstanceOf(WeftError);
    const error = failure as WeftError;
    expect(['WEFT_E_EXPRESSION_FORBIDDEN', 'WEFT_E_EXPRESSION']).toContain(error.code);
    if (error.code === 'WEFT_E_EXPRESSION') expect(error.message).toMatch(/stopped|invalid syntax|function/);
  });

  it.each(harmless)('keeps %s inside the sandbox', (attempt) => {
    let result: unknown;
    try {
      result = evaluator.resolve(`=${attempt}`, scope);
    } catch (error) {
      expect(error).toBeInstanceOf(WeftError);
    }
    expect(isHostLeak(result)).toBe(false);
  });

  it('names what was refused', () => {
    try {
      evaluator.resolve('={{ $json.__proto__ }}', scope, 'value');
      expect.unreachable();
    } catch (error) {
      expect((error as WeftError).code).toBe('WEFT_E_EXPRESSION_FORBIDDEN');
      expect((error as WeftError).message).toContain("'__proto__'");
      expect((error as WeftError).details).toMatchObject({ node: 'Current', parameter: 'value' });
    }
  });

  afterAll(() => {
    // Host state after the whole corpus: nothing polluted or replaced.
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain('x');
    expect(Object.hasOwn(Object, 'x')).toBe(false);
    expect(Math.max(1, 2)).toBe(2);
    expect(typeof JSON.parse).toBe('function');
    expect(typeof Array.prototype.map).toBe('function');
    expect(Error.prepareStackTrace).toBe(originalPrepareStackTrace);
    expect(scope.inputs[0]?.[0]?.json).toEqual({ a: 1 });
  });
});
