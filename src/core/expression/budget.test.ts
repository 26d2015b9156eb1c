import { describe, expect, it } from 'vitest';
import { WeftError } from '../errors/index.js';
import { fakeScope } from './fake-scope.test-util.js';
import { createExpressionEvaluator } from './index.js';

function errorOf(fn: () => unknown): WeftError {
  try {
    fn();
  } catch (error) {
    if (error instanceof WeftError) return error;
    throw error;
  }
  throw new Error('expected an error');
}

describe('step budget', () => {
  const scope = fakeScope({ json: [{ n: 3 }] });

  it('stops endless loops with a clear error naming the node', () => {
    const evaluator = createExpressionEvaluator({ maxSteps: 10_000 });
    const error = errorOf(() => evaluator.resolve('={{ (() => { while (true) {} })() }}', scope, 'value'));
    expect(error.code).toBe('WEFT_E_EXPRESSION');
    expect(error.message).toBe('Expression stopped: it ran more than 10000 steps (an endless loop?)');
    expect(error.details).toMatchObject({ node: 'Current', parameter: 'value' });
  });

  it('counts steps per evaluation, not per evaluator', () => {
    const evaluator = createExpressionEvaluator({ maxSteps: 1000 });
    const loop = '={{ (() => { let s = 0; for (let i = 0; i < 900; i++) s += i; return s })() }}';
    for (let i = 0; i < 5; i++) expect(evaluator.resolve(loop, scope)).toBe(404550);
    expect(() => evaluator.resolve('={{ (() => { let s = 0; for (let i = 0; i < 2000; i++) s += i; return s })() }}', scope)).toThrow(/more than 1000 steps/);
  });

  it('counts callbacks run by host methods', () => {
    const evaluator = createExpressionEvaluator({ maxSteps: 500 });
    expect(() => evaluator.resolve('={{ Array.from({ length: 1000 }, (_, i) => i).map((x) => x * 2) }}', scope)).toThrow(/more than 500 steps/);
  });

  it('cannot be swallowed by try/catch in the expression', () => {
    const evaluator = createExpressionEvaluator({ maxSteps: 2000 });
    const expression = '={{ (() => { for (;;) { try { for (;;) {} } catch (e) {} finally { } } })() }}';
    expect(errorOf(() => evaluator.resolve(expression, scope)).message).toMatch(/more than 2000 steps/);
  });

  it('bounds recursion depth', () => {
    const evaluator = createExpressionEvaluator({ maxDepth: 50 });
    expect(errorOf(() => evaluator.resolve('={{ (() => { const f = (n) => f(n + 1); return f(0) })() }}', scope)).message).toBe(
      'Expression stopped: Maximum call stack size exceeded',
    );
    expect(evaluator.resolve('={{ (() => { const f = (n) => (n === 0 ? 0 : 1 + f(n - 1)); return f(40) })() }}', scope)).toBe(40);
  });

  it('honours the time bound', () => {
    const evaluator = createExpressionEvaluator({ timeoutMs: 20, maxSteps: Number.MAX_SAFE_INTEGER });
    expect(errorOf(() => evaluator.resolve('={{ (() => { while (true) {} })() }}', scope)).message).toBe('Expression timed out');
  });

  it('refuses allocations the budget cannot see', () => {
    const evaluator = createExpressionEvaluator();
    expect(errorOf(() => evaluator.resolve("={{ 'ab'.repeat(1e9) }}", scope)).message).toMatch(/repeat\(\) would build a string/);
    expect(errorOf(() => evaluator.resolve('={{ Array.from({ length: 1e9 }) }}', scope)).message).toMatch(/Array.from/);
  });

  it('caches compiled expressions and keeps working past the cache size', () => {
    const evaluator = createExpressionEvaluator({ cacheSize: 2 });
    for (let i = 0; i < 10; i++) expect(evaluator.resolve(`={{ $json.n + ${i} }}`, scope)).toBe(3 + i);
    expect(evaluator.resolve('={{ $json.n + 0 }}', scope)).toBe(3);
  });
});
