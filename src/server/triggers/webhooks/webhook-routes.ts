import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { WeftError } from '../../../core/errors/index.js';
import type { Item } from '../../../core/model/types.js';
import type { WebhookResponse } from '../../../core/node-api/index.js';
import type { Logger } from '../../../logging/logger.js';
import type { Store } from '../../../ports/store/index.js';
import type { ExecutionRunner } from '../../executions/runner.js';
import { checkWebhookAuth } from './check-auth.js';
import { findProductionWebhook, findTestWebhook, type WebhookTarget } from './find-webhook.js';
import { lastNodeAnswer, type WebhookAnswer } from './last-node-answer.js';
import { normalizePath } from './webhook-nodes.js';

/** Default time a `lastNode` / `responseNode` caller waits for the answer. */
export const DEFAULT_WEBHOOK_RESPONSE_TIMEOUT_MS = 30_000;

export interface WebhookRouteDeps {
  readonly store: Store;
  readonly runner: ExecutionRunner;
  readonly logger: Logger;
  /** How long `lastNode` / `responseNode` callers wait (default {@link DEFAULT_WEBHOOK_RESPONSE_TIMEOUT_MS}); the execution itself goes on. */
  readonly responseTimeoutMs?: number;
}

/**
 * The public webhook endpoints: `ALL /webhook/<path>` (active workflows, through the store's registrations) and
 * `ALL /webhook-test/<path>` (the current saved version of any workflow with that webhook, active or not). Each
 * checks the node's authentication, starts the execution in mode `webhook` from the webhook node with the request
 * as its item, and answers per the node's `responseMode`.
 *
 * @example
 * await app.register(async (scope) => webhookRoutes(scope, { store, runner, logger }));
 */
export async function webhookRoutes(app: FastifyInstance, deps: WebhookRouteDeps): Promise<void> {
  // Webhook callers send forms and plain text too, not only JSON; other types arrive as a string.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));

  const handle = (test: boolean) => async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    const path = normalizePath((request.params as { '*'?: string })['*'] ?? '');
    const method = request.method.toUpperCase();
    const lookup = test ? await findTestWebhook(deps.store, method, path) : await findProductionWebhook(deps.store, method, path);
    if (!lookup.target) {
      const hint = lookup.otherMethods.length > 0 ? ` This webhook is registered for ${lookup.otherMethods.join(', ')} requests.` : '';
      throw new WeftError('WEFT_E_NOT_FOUND', `The requested webhook "${method} ${path}" is not registered.${hint}`, { method, path });
    }
    const { target } = lookup;
    const refusal = await checkWebhookAuth(deps.store, target.hook, request.headers);
    if (refusal) {
      if (refusal.status === 401) void reply.header('www-authenticate', 'Basic realm="Webhook"');
      return reply.code(refusal.status).send({ code: 'WEFT_E_UNAUTHORIZED', message: refusal.message, details: {} });
    }
    const answer = await run(deps, target, startItem(request, target, test));
    if (answer.headers) void reply.headers(answer.headers);
    return reply.code(answer.status).send(answer.body);
  };

  // Hidden from the OpenAPI document: these are the users' own endpoints, not Weft's API.
  app.all('/webhook/*', { schema: { hide: true } }, handle(false));
  app.all('/webhook-test/*', { schema: { hide: true } }, handle(true));
}

/** n8n's webhook item: the request as the webhook node emits it. */
function startItem(request: FastifyRequest, target: WebhookTarget, test: boolean): Item {
  const base = `${request.protocol}://${request.host}`;
  return {
    json: {
      headers: { ...request.headers },
      params: target.params,
      query: { ...(request.query as Record<string, unknown>) },
      body: request.body ?? {},
      webhookUrl: `${base}/${test ? 'webhook-test' : 'webhook'}/${target.hook.path}`,
      executionMode: test ? 'test' : 'production',
    },
  };
}

/** Starts the execution and waits for the answer its response mode calls for. */
async function run(deps: WebhookRouteDeps, target: WebhookTarget, item: Item): Promise<WebhookAnswer> {
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
    return { status: hook.responseCode, body: hook.responseData === 'noData' ? '' : { message: 'Workflow was started' } };
  }
  const timeoutMs = deps.responseTimeoutMs ?? DEFAULT_WEBHOOK_RESPONSE_TIMEOUT_MS;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      reject(new WeftError('WEFT_E_EXECUTION_TIMEOUT', `Execution ${started.executionId} did not answer within ${timeoutMs} ms; it goes on running`, { executionId: started.executionId }));
    }, timeoutMs);
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
    return { status: value.status, headers: value.headers, body: value.body };
  } finally {
    clearTimeout(timer);
  }
}
