import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { WeftError } from '../../../core/errors/index.js';
import type { JsonObject } from '../../../core/model/types.js';
import type { Logger } from '../../../logging/logger.js';
import type { Store } from '../../../ports/store/index.js';
import type { ExecutionRunner } from '../../executions/runner.js';
import { checkWebhookAuth, type AuthRefusal } from './check-auth.js';
import { corsHeaders, preflightHeaders } from './cors.js';
import { findProductionWebhook, findTestWebhook, type LookupOptions, type WebhookLookup, type WebhookTarget } from './find-webhook.js';
import { decodeBody, readRawBody, type DecodedBody, type JsonParse, type RawBody } from './request-body.js';
import { refuseByOptions } from './request-guards.js';
import { settingsForRequest, type RequestExpressions, type RequestJson } from './request-settings.js';
import { runWebhook } from './run-webhook.js';
import { sendAnswer } from './send-answer.js';
import { webhookItem, type RequestFacts } from './start-item.js';
import { normalizePath } from './webhook-nodes.js';

/** Default time a `lastNode` / `responseNode` caller waits for the answer. */
export const DEFAULT_WEBHOOK_RESPONSE_TIMEOUT_MS = 30_000;

/** Default largest webhook request body (n8n's 16 MB payload limit). */
export const DEFAULT_WEBHOOK_MAX_BODY_BYTES = 16 * 1024 * 1024;

export interface WebhookRouteDeps {
  readonly store: Store;
  readonly runner: ExecutionRunner;
  readonly logger: Logger;
  /** Evaluates the webhook options that are expressions, per request (the engine's evaluator). */
  readonly expressions: RequestExpressions;
  /** How long `lastNode` / `responseNode` callers wait (default {@link DEFAULT_WEBHOOK_RESPONSE_TIMEOUT_MS}); the execution itself goes on. */
  readonly responseTimeoutMs?: number;
  /** Largest request body, after decompression (default {@link DEFAULT_WEBHOOK_MAX_BODY_BYTES}); larger ones get 413. */
  readonly maxBodyBytes?: number;
}

type Lookup = (store: Store, method: string, path: string, options?: LookupOptions) => Promise<WebhookLookup>;

/**
 * The public webhook endpoints: `ALL /webhook/<path>` (active workflows, through the store's registrations) and
 * `ALL /webhook-test/<path>` (the current saved version of any workflow with that webhook, active or not). Each
 * answers CORS preflights for its registered paths, evaluates the node's options that are expressions against the
 * request (as n8n does), applies the node's allowed origins, IP allowlist (of `request.ip`: see WEFT_TRUST_PROXY),
 * bot filter and authentication, turns the request into the webhook item (bodies of any type, files included), starts the
 * execution in mode `webhook` and answers per the node's `responseMode`.
 *
 * @example
 * await app.register(async (scope) => webhookRoutes(scope, { store, runner, logger }));
 */
export async function webhookRoutes(app: FastifyInstance, deps: WebhookRouteDeps): Promise<void> {
  const maxBodyBytes = deps.maxBodyBytes ?? DEFAULT_WEBHOOK_MAX_BODY_BYTES;
  const responseTimeoutMs = deps.responseTimeoutMs ?? DEFAULT_WEBHOOK_RESPONSE_TIMEOUT_MS;
  // Every body arrives as bytes: the node's options decide whether it is parsed, kept raw or made a file.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: maxBodyBytes }, (_request, body, done) => done(null, body));
  const parseJson = jsonParser(app);

  const handle = (test: boolean) => async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    const path = normalizePath((request.params as { '*'?: string })['*'] ?? '');
    const method = request.method.toUpperCase();
    const find: Lookup = test ? findTestWebhook : findProductionWebhook;
    if (method === 'OPTIONS') return preflight(request, reply, await find(deps.store, header(request, 'access-control-request-method')?.toUpperCase() ?? 'OPTIONS', path, { allMethods: true }), path);

    const lookup = await find(deps.store, method, path);
    if (!lookup.target) throw notRegistered(method, path, lookup.methods);
    let target = lookup.target;
    void reply.headers(corsHeaders(target.hook.options.allowedOrigins, header(request, 'origin')));
    let raw: RawBody | undefined;
    let decoded: DecodedBody | undefined;
    let refusal: AuthRefusal | undefined;
    if (target.hook.requestExpressions) {
      // Authentication first (it is never an expression): a caller without the credentials gets no body decoded
      // and no expression evaluated (nor their error messages).
      refusal = await checkWebhookAuth(deps.store, target.hook, request.headers);
      if (refusal) return refuse(reply, refusal);
      // Option expressions read the request, body included (n8n parses it before the node's checks run too).
      raw = readRawBody(request.body as Buffer | undefined, request.headers, maxBodyBytes);
      decoded = await decodeBody(raw, parseJson);
      target = { ...target, hook: settingsForRequest(target.hook, target.workflow.definition, requestJson(request, target.params, decoded), deps.expressions) };
      refusal = refuseByOptions(target.hook, request.ip, header(request, 'user-agent'));
    } else {
      refusal = refuseByOptions(target.hook, request.ip, header(request, 'user-agent')) ?? (await checkWebhookAuth(deps.store, target.hook, request.headers));
    }
    if (refusal) return refuse(reply, refusal);
    const { hook } = target;
    raw ??= readRawBody(request.body as Buffer | undefined, request.headers, maxBodyBytes);
    decoded ??= await decodeBody(raw, parseJson);
    const item = webhookItem(hook, requestFacts(request, target, test), raw, decoded);
    return sendAnswer(reply, await runWebhook({ runner: deps.runner, logger: deps.logger, responseTimeoutMs }, target, item));
  };

  // Hidden from the OpenAPI document: these are the users' own endpoints, not Weft's API.
  app.all('/webhook/*', { schema: { hide: true }, bodyLimit: maxBodyBytes }, handle(false));
  app.all('/webhook-test/*', { schema: { hide: true }, bodyLimit: maxBodyBytes }, handle(true));
}

/** A refused request: 401 (with a Basic challenge) or 403. */
function refuse(reply: FastifyReply, refusal: AuthRefusal): FastifyReply {
  if (refusal.status === 401) void reply.header('www-authenticate', 'Basic realm="Webhook"');
  return reply.code(refusal.status).send({ code: 'WEFT_E_UNAUTHORIZED', message: refusal.message, details: {} });
}

/** Answers a CORS preflight (204) for a path with webhooks; a path without any is 404, as in n8n. */
function preflight(request: FastifyRequest, reply: FastifyReply, lookup: WebhookLookup, path: string): FastifyReply {
  if (lookup.methods.length === 0) throw notRegistered('OPTIONS', path, []);
  const headers = preflightHeaders({
    origin: header(request, 'origin'),
    requestedMethod: header(request, 'access-control-request-method'),
    requestedHeaders: header(request, 'access-control-request-headers'),
    methods: lookup.methods,
    allowedOrigins: lookup.target?.hook.options.allowedOrigins,
  });
  return reply.code(204).headers(headers).send();
}

function notRegistered(method: string, path: string, methods: readonly string[]): WeftError {
  const hint = methods.length > 0 ? ` This webhook is registered for ${methods.join(', ')} requests.` : '';
  return new WeftError('WEFT_E_NOT_FOUND', `The requested webhook "${method} ${path}" is not registered.${hint}`, { method, path });
}

/** The input item of option expressions: n8n's `{body, headers, params, query}` (form fields as the body). */
function requestJson(request: FastifyRequest, params: Record<string, string>, decoded: DecodedBody): RequestJson {
  const body = decoded.kind === 'parsed' ? decoded.value : decoded.kind === 'multipart' ? decoded.fields : {};
  return { body, headers: { ...request.headers } as JsonObject, params, query: { ...(request.query as JsonObject) } };
}

/** What the webhook item says about the request besides its body. */
function requestFacts(request: FastifyRequest, target: WebhookTarget, test: boolean): RequestFacts {
  const base = `${request.protocol}://${request.host}`;
  return {
    headers: { ...request.headers } as JsonObject,
    params: target.params,
    query: { ...(request.query as JsonObject) },
    webhookUrl: `${base}/${test ? 'webhook-test' : 'webhook'}/${target.hook.servedPath}`,
    executionMode: test ? 'test' : 'production',
  };
}

/** Fastify's own JSON parser (it refuses `__proto__` and `constructor` keys) as a plain function. */
function jsonParser(app: FastifyInstance): JsonParse {
  const parse = app.getDefaultJsonParser('error', 'error');
  return (text) => {
    // The parser answers through its callback before it returns.
    const outcome: { value?: unknown; error?: Error } = { error: new Error('the JSON parser did not answer') };
    parse({} as FastifyRequest, text, (error, value) => {
      outcome.error = error ?? undefined;
      outcome.value = value;
    });
    if (outcome.error) throw outcome.error;
    return outcome.value;
  };
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
