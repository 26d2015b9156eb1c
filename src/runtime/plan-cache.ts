import { buildPlan, type ExecutionPlan } from '../core/graph/index.js';
import type { WorkflowDocument } from '../core/model/types.js';
import type { NodeRegistry } from '../core/node-api/index.js';

/** Plans of frozen workflow documents, per registry (a plan resolves node types through its registry). */
const plans = new WeakMap<NodeRegistry, WeakMap<WorkflowDocument, ExecutionPlan>>();

/**
 * The execution plan of `workflow`, built once per frozen document: a cached workflow (the cached store hands out
 * deep-frozen documents shared by all readers) runs thousands of times a second, and its plan cannot change.
 * A document that is not frozen may be changed between runs, so its plan is built afresh each time.
 *
 * @example
 * const plan = planOf(deepFreeze(workflow), registry); // the same object on the next call
 */
export function planOf(workflow: WorkflowDocument, registry: NodeRegistry): ExecutionPlan {
  if (!Object.isFrozen(workflow)) return buildPlan(workflow, registry);
  let byDocument = plans.get(registry);
  if (byDocument === undefined) {
    byDocument = new WeakMap();
    plans.set(registry, byDocument);
  }
  let plan = byDocument.get(workflow);
  if (plan === undefined) {
    plan = buildPlan(workflow, registry);
    byDocument.set(workflow, plan);
  }
  return plan;
}
