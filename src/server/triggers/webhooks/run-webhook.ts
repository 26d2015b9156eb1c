import { WeftError } from '../../../core/errors/index.js';
import type { Item } from '../../../core/model/types.js';
import type { WebhookResponse } from '../../../core/node-api/index.js';
import type { Logger } from '../../../logging/logger.js';
import type { ExecutionRunner } from '../../executions/runner.js';
import type { WebhookTarget } from './find-webhook.js';
import { lastNodeAnswer } from './last-node-answer.js';
import type { WebhookAnswer } from './send-answer.js';

/** What starting a webhook execution needs. */
export interface RunWebhookDeps {
  readonly runner: ExecutionRunner;
  readonly logger: Logger;
  /** How long `lastNode` / `responseNode` callers wait; the execution itself goes on. */
  readonly responseTimeoutMs: number;
}

/**
 * Starts the execution from the webhook node with `item` and waits for the answer its response mode calls for:
 * `onReceived` answers once the execution is recorded (n8n's `{message: 'Workflow was started'}`, the node's
 * "Response Data" text, or nothing with "No Response Body"); `lastNode` answers from the finished execution;
 * `responseNode` answers what the first Respond to Webhook node gave. A caller waiting longer than the response
 * timeout gets WEFT_E_EXECUTION_TIMEOUT while the execution goes on.
 *
 * @example
 * const answer = await runWebhook({ runner, logger, responseTimeoutMs: 30_000 }, target, item);
 */
export async function runWebhook(deps: RunWebhookDeps, target: WebhookTarget, item: Item): Promise<WebhookAnswer> {
  const { hook, workflow } = target;
  let answered: ((response: WebhookResponse) => void) | undefined;
  const response = new Promise<WebhookResponse>((resolve) => (answered = resolve));
  const started = await deps.runner.start({
    workflow,
    mode: 'webhook',
    startNode: hook.node.name,
    startItems: [item],
    awaited: hook.responseMode !== 'onReceived',
    // Only the first Respond to Webhook answer counts (a promise settles once), as in n8n.
    ...(hook.responseMode === 'responseNode' ? { respond: (value: WebhookResponse) => answered?.(value) } : {}),
  });
  // The execution row exists now, so the request is durably accepted.
  if (hook.responseMode === 'onReceived') {
    const body = hook.responseData === 'noData' ? '' : (hook.options.onReceivedBody ?? { message: 'Workflow was started' });
    return { status: hook.responseCode, headers: hook.options.responseHeaders, body };
  }
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      reject(new WeftError('WEFT_E_EXECUTION_TIMEOUT', `Execution ${started.executionId} did not answer within ${deps.responseTimeoutMs} ms; it goes on running`, { executionId: started.executionId }));
    }, deps.responseTimeoutMs);
  });
  try {
    if (hook.responseMode === 'lastNode') {
      const done = await Promise.race([started.done, timeout]);
      return lastNodeAnswer(done.result, hook);
    }
    const first = await Promise.race([response.then((value) => ({ value })), started.done.then(() => undefined), timeout]);
    // The execution may have ended right as the node answered: a given answer wins.
    const value = first?.value ?? (await Promise.race([response, Promise.resolve(undefined)]));
    if (!value) {
      deps.logger.warn({ executionId: started.executionId, workflowId: workflow.id }, 'webhook execution ended without a Respond to Webhook answer');
      return { status: 500, body: { code: 'WEFT_E_NODE_FAILED', message: 'The workflow ended without a Respond to Webhook node answering', details: { executionId: started.executionId } } };
    }
    return { status: value.status, headers: value.headers, body: value.body, ...(value.binary ? { binary: value.binary } : {}) };
  } finally {
    clearTimeout(timer);
  }
}
