export type { ExpressionEvaluator, ExpressionScope } from './types.js';
export { createExpressionEvaluator, type ExpressionEvaluatorOptions } from './evaluator.js';
