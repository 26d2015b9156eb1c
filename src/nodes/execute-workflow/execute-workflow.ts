import { NodeExecutionError } from '../../core/errors/index.js';
import type { Item } from '../../core/model/types.js';
import type { NodeTypeSpec } from '../../core/node-api/index.js';
import { loadSubWorkflow, type SubWorkflowSource } from './load-sub-workflow.js';

/**
 * Execute Workflow: runs another workflow with this node's items and returns the sub-workflow's last node output.
 * `mode: once` (default) passes all items in one run; `mode: each` runs once per item and pairs each result to
 * its item. With `options.waitForSubWorkflow: false` the sub-workflow is started and the input passes on.
 */
export const executeWorkflow: NodeTypeSpec = {
  type: 'n8n-nodes-base.executeWorkflow',
  versions: [1, 1.1, 1.2, 1.3],
  displayName: 'Execute Workflow',
  inputs: 1,
  outputs: 1,
  mayStopFlow: true,
  parameters: { source: 'options', workflowId: 'any', workflowPath: 'string', mode: 'options', options: 'object' },
  async execute(ctx, inputs) {
    const runner = ctx.subWorkflows;
    if (!runner) throw new NodeExecutionError(ctx.node.name, 'Sub-workflows cannot run here');
    const items = [...(inputs[0] ?? [])];
    const source = ctx.getParameter<SubWorkflowSource>('source', 0, 'database');
    const mode = ctx.typeVersion >= 1.1 ? ctx.getParameter<string>('mode', 0, 'once') : 'once';
    const wait = ctx.getParameter<boolean>('options.waitForSubWorkflow', 0, true) !== false;
    const run = async (batch: Item[], itemIndex: number): Promise<Item[]> => {
      const workflow = await loadSubWorkflow(ctx, source, itemIndex);
      const execution = runner.run(workflow, batch.map(({ json, binary }) => (binary ? { json, binary } : { json })), {
        signal: ctx.signal,
        parentExecutionId: ctx.executionId,
      });
      if (!wait) {
        execution.catch((error: unknown) => ctx.logger.warn('sub-workflow failed', { error: String(error) }));
        return batch;
      }
      const outputs = await execution;
      return outputs[0] ?? [];
    };
    if (mode === 'each') {
      const results: Item[] = [];
      for (let index = 0; index < items.length; index++) {
        const output = await run([items[index]!], index);
        results.push(...output.map((item) => ({ ...item, pairedItem: { item: index } })));
      }
      return [results];
    }
    return [await run(items, 0)];
  },
};

/** Execute Workflow Trigger: the start of a sub-workflow; emits the items the calling workflow passed. */
export const executeWorkflowTrigger: NodeTypeSpec = {
  type: 'n8n-nodes-base.executeWorkflowTrigger',
  versions: [1, 1.1],
  displayName: 'Execute Workflow Trigger',
  trigger: true,
  triggerKind: 'subWorkflow',
  inputs: 0,
  outputs: 1,
  execute: (_ctx, inputs) => [[...(inputs[0] ?? [{ json: {} }])]],
};
