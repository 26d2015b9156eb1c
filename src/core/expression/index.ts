export type { ExpressionEvaluator, ExpressionScope } from './types.js';
export { createExpressionEvaluator, type ExpressionEvaluatorOptions } from './evaluator.js';
export { createWorkflowData, type WorkflowData, type PrevNodeInfo, type PairedItemMethod } from './workflow-data.js';
