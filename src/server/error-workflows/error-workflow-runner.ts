import type { Logger } from '../../logging/logger.js';
import type { Store } from '../../ports/store/index.js';
import type { PersistedRun } from '../../runtime/persistence/drive-execution.js';
import type { ExecutionRunner, StartRequest } from '../executions/runner.js';
import { errorWorkflowItem } from './error-data.js';

/** n8n's Error Trigger node type: where an error workflow starts. */
export const ERROR_TRIGGER_TYPE = 'n8n-nodes-base.errorTrigger';

/** Starts a failed workflow's error workflow (its `settings.errorWorkflow`). */
export interface ErrorWorkflowRunner {
  /**
   * Called when an execution ended. When it failed and its workflow names an error workflow, starts that
   * workflow from its Error Trigger with n8n's error data. Resolves with the error execution's id once it is
   * durably created, or undefined when none was started; never rejects (problems are logged).
   */
  handle(request: StartRequest, run: PersistedRun): Promise<string | undefined>;
}

/**
 * Error workflows as n8n runs them: any workflow with an Error Trigger can be named as another's error workflow;
 * it runs (active or not) in mode `error`. An execution in mode `error` never starts one, so a failing error
 * workflow cannot trigger itself or a chain.
 *
 * @example
 * const errorWorkflows = createErrorWorkflowRunner({ store, runner, logger });
 * await errorWorkflows.handle(request, run); // '12' when the error workflow's execution 12 was started
 */
export function createErrorWorkflowRunner(deps: {
  store: Store;
  runner: Pick<ExecutionRunner, 'start'>;
  logger: Logger;
  /** A link to an execution for `execution.url`; none when the server does not know its public address. */
  executionUrl?: (executionId: string) => string;
}): ErrorWorkflowRunner {
  return {
    async handle(request, run) {
      // As n8n: manual (editor/API test) runs and error workflows themselves never start an error workflow.
      if (run.result.status !== 'error' || request.mode === 'error' || request.mode === 'manual') return undefined;
      const errorWorkflowId = request.workflow.definition.settings?.errorWorkflow;
      if (typeof errorWorkflowId !== 'string' || errorWorkflowId === '') return undefined;
      const context = { executionId: run.executionId, workflowId: request.workflow.id, errorWorkflowId };
      try {
        const target = await deps.store.getWorkflow(errorWorkflowId);
        if (!target) {
          deps.logger.warn(context, 'the error workflow does not exist; nothing was started');
          return undefined;
        }
        const trigger = target.definition.nodes.find((node) => node.type === ERROR_TRIGGER_TYPE && node.disabled !== true);
        if (!trigger) {
          deps.logger.warn(context, 'the error workflow has no enabled Error Trigger; nothing was started');
          return undefined;
        }
        const item = errorWorkflowItem({
          executionId: run.executionId,
          workflowId: request.workflow.id,
          definition: request.workflow.definition,
          mode: request.mode,
          result: run.result,
          ...(request.retryOf !== undefined ? { retryOf: request.retryOf } : {}),
          ...(deps.executionUrl ? { url: deps.executionUrl(run.executionId) } : {}),
        });
        const started = await deps.runner.start({ workflow: target, mode: 'error', startNode: trigger.name, startItems: [item] });
        deps.logger.info({ ...context, errorExecutionId: started.executionId }, 'error workflow started');
        return started.executionId;
      } catch (error) {
        deps.logger.error({ ...context, err: error instanceof Error ? error.message : String(error) }, 'the error workflow could not be started');
        return undefined;
      }
    },
  };
}
