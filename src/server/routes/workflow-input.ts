import { InvalidWorkflowError } from '../../core/errors/index.js';
import type { WorkflowDocument } from '../../core/model/types.js';
import type { NodeRegistry } from '../../core/node-api/index.js';
import { validateWorkflow } from '../../core/validation/index.js';

/** The body of create and update, as the schema admits it. */
export interface WorkflowBody {
  name: string;
  nodes: WorkflowDocument['nodes'];
  connections: WorkflowDocument['connections'];
  settings?: WorkflowDocument['settings'];
  tags?: Array<string | { name: string }>;
  [key: string]: unknown;
}

/** Fields the server owns: what a client sends for them is ignored (n8n treats them as read-only too). */
const serverOwned = ['id', 'active', 'tags', 'version', 'versionId', 'createdAt', 'updatedAt'];

/**
 * Turns a request body into the document to store, after checking it with the engine's node registry; throws
 * `WEFT_E_INVALID_WORKFLOW` (400) listing every problem found, not just the first.
 */
export function workflowFromBody(body: WorkflowBody, registry: NodeRegistry): { name: string; definition: WorkflowDocument; tags: string[] | undefined } {
  const definition = Object.fromEntries(Object.entries(body).filter(([key]) => !serverOwned.includes(key))) as WorkflowDocument;
  const problems = validateWorkflow(definition, registry);
  if (problems.length > 0) throw new InvalidWorkflowError(problems);
  const tags = body.tags?.map((tag) => (typeof tag === 'string' ? tag : tag.name));
  return { name: body.name, definition, tags: tags === undefined ? undefined : [...new Set(tags)] };
}

/** True when the workflow has an enabled node that starts executions on its own (webhook, schedule…). */
export function hasEventTrigger(definition: WorkflowDocument, registry: NodeRegistry): boolean {
  return definition.nodes.some((node) => {
    if (node.disabled === true) return false;
    const spec = registry.get(node.type, node.typeVersion);
    return spec?.trigger === true && (spec.triggerKind ?? 'event') === 'event';
  });
}
