import type { FastifyInstance } from 'fastify';
import type { ServerDeps } from '../types.js';

const statusSchema = { type: 'object', properties: { status: { type: 'string' } }, required: ['status'] } as const;
const partState = { type: 'string', enum: ['up', 'down', 'absent'] } as const;
const readySchema = {
  type: 'object',
  properties: { status: { type: 'string', enum: ['ready', 'unavailable'] }, store: partState, queue: partState, cache: partState },
  required: ['status', 'store', 'cache'],
} as const;

/**
 * `GET /healthz` (liveness: the process answers) and `GET /readyz` (readiness: the primary store, the queue and the cache
 * answer; 503 naming the part that is down). Both are public so load balancers need no key.
 */
export async function healthRoutes(app: FastifyInstance, deps: Pick<ServerDeps, 'store' | 'cache' | 'queue'>): Promise<void> {
  app.get('/healthz', { config: { public: true }, schema: { tags: ['health'], security: [], response: { 200: statusSchema } } }, async () => ({ status: 'ok' }));

  app.get('/readyz', { config: { public: true }, schema: { tags: ['health'], security: [], response: { 200: readySchema, 503: readySchema } } }, async (request, reply) => {
    const [store, queue, cache] = await Promise.all([
      deps.store.health().then((health) => health.primary, (error: unknown) => probeFailed(request.log, 'store', error)),
      deps.queue ? deps.queue.health().catch((error: unknown) => probeFailed(request.log, 'queue', error)) : Promise.resolve(undefined),
      deps.cache ? deps.cache.ping().catch((error: unknown) => probeFailed(request.log, 'cache', error)) : Promise.resolve(undefined),
    ]);
    const state = (up: boolean | undefined): 'up' | 'down' | 'absent' => (up === undefined ? 'absent' : up ? 'up' : 'down');
    const ready = store && queue !== false && cache !== false;
    return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'unavailable', store: state(store), queue: state(queue), cache: state(cache) });
  });
}

function probeFailed(log: FastifyInstance['log'], part: string, error: unknown): false {
  log.warn({ part, err: error instanceof Error ? error.message : String(error) }, 'readiness probe failed');
  return false;
}
