// Transitional: replaced by the real evaluator (issue 3) during this session.
import { WeftError } from '../errors/index.js';
import type { ExpressionEvaluator, ExpressionScope } from './types.js';

export interface ExpressionEvaluatorOptions {
  /** Environment variables `$env` may read; `$env` is refused when undefined. */
  readonly env?: Readonly<Record<string, string>>;
  /** Time bound for one expression evaluation, in ms. */
  readonly timeoutMs?: number;
}

export function createExpressionEvaluator(_options: ExpressionEvaluatorOptions = {}): ExpressionEvaluator {
  const resolve = (value: unknown, scope: ExpressionScope): unknown => {
    if (typeof value === 'string' && value.startsWith('=')) {
      throw new WeftError('WEFT_E_EXPRESSION', `Expressions are not supported yet (node "${scope.node.name}")`);
    }
    if (Array.isArray(value)) return value.map((entry) => resolve(entry, scope));
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, resolve(entry, scope)]));
    }
    return value;
  };
  return { resolve };
}
