import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { NodeExecutionError } from '../../core/errors/index.js';
import type { WorkflowDocument } from '../../core/model/types.js';
import { parseWorkflowText } from '../../core/model/parse.js';
import type { NodeContext } from '../../core/node-api/index.js';

/** Where the sub-workflow comes from, as n8n's `source` parameter names it. */
export type SubWorkflowSource = 'database' | 'localFile' | 'parameter' | 'url';

/** Loads the sub-workflow named by the node's parameters for item `itemIndex`. */
export async function loadSubWorkflow(ctx: NodeContext, source: SubWorkflowSource, itemIndex: number): Promise<WorkflowDocument> {
  const nodeName = ctx.node.name;
  switch (source) {
    case 'parameter': {
      const raw = ctx.getParameter<unknown>('workflowJson', itemIndex, '');
      if (raw !== null && typeof raw === 'object' && !Array.isArray(raw)) return raw as WorkflowDocument;
      return parseOrFail(String(raw), nodeName, 'the "Workflow JSON" parameter');
    }
    case 'localFile': {
      const path = String(ctx.getParameter('workflowPath', itemIndex, ''));
      if (path === '') throw new NodeExecutionError(nodeName, 'No workflow file path given', { description: 'Set the "Workflow Path" parameter' });
      let text: string;
      try {
        text = await readFile(resolve(path), 'utf8');
      } catch (error) {
        const code = (error as { code?: string }).code;
        throw new NodeExecutionError(nodeName, code === 'ENOENT' ? `The file "${path}" could not be found` : `The file "${path}" could not be read (${code ?? 'error'})`, { itemIndex });
      }
      return parseOrFail(text, nodeName, `the file "${path}"`);
    }
    case 'database': {
      const load = ctx.subWorkflows?.loadWorkflow;
      if (!load) {
        throw new NodeExecutionError(nodeName, 'Sub-workflows by ID need a workflow store', {
          description: 'Running a sub-workflow by its ID needs the Weft server with its store; in `weft run`, use source "localFile" or "parameter".',
          itemIndex,
        });
      }
      const id = workflowIdOf(ctx.getParameter<unknown>('workflowId', itemIndex, ''));
      if (id === '') throw new NodeExecutionError(nodeName, 'No workflow ID given', { description: 'Set the "Workflow" parameter', itemIndex });
      const workflow = await load(id);
      if (!workflow) throw new NodeExecutionError(nodeName, `The workflow with ID "${id}" does not exist`, { itemIndex });
      return workflow;
    }
    case 'url':
      throw new NodeExecutionError(nodeName, 'Loading sub-workflows from a URL is not enabled', {
        description: 'Weft does not fetch workflow code from URLs; import the workflow and run it by file or ID.',
        itemIndex,
      });
  }
}

/**
 * The id in n8n's `workflowId` parameter: a plain string (typeVersion < 1.2) or a resource locator
 * `{__rl: true, value, mode: 'list' | 'id'}` (1.2 and later).
 */
export function workflowIdOf(raw: unknown): string {
  const value = raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? (raw as { value?: unknown }).value : raw;
  if (typeof value === 'number') return String(value);
  return typeof value === 'string' ? value.trim() : '';
}

function parseOrFail(text: string, nodeName: string, what: string): WorkflowDocument {
  try {
    return parseWorkflowText(text, what)[0]!;
  } catch (error) {
    throw new NodeExecutionError(nodeName, `The workflow in ${what} is not valid: ${error instanceof Error ? error.message : String(error)}`);
  }
}
