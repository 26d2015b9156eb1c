export { buildPlan, type ExecutionPlan, type PlanEdge, type PlanNode } from './plan.js';
export { findCycles } from './cycles.js';
