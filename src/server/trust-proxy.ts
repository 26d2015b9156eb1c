import type { FastifyServerOptions } from 'fastify';
import type { TrustProxy } from '../config/config.js';

/**
 * WEFT_TRUST_PROXY as fastify's `trustProxy` option, which decides `request.ip`, `request.protocol` and
 * `request.host` from `X-Forwarded-*`. Fastify 5 ignores a numeric hop count (it trusts nothing then), so a hop
 * count becomes the trust function Express and proxy-addr define for it: the nearest `hops` addresses are
 * proxies. Like `true`, that believes whatever a client that reaches Weft directly claims, which is why listing
 * the proxies' addresses is the safer form.
 *
 * @example
 * fastify({ trustProxy: fastifyTrustProxy(['10.0.0.0/8']) });
 */
export function fastifyTrustProxy(setting: TrustProxy | undefined): NonNullable<FastifyServerOptions['trustProxy']> {
  if (setting === undefined) return false;
  if (typeof setting === 'number') {
    const hops = setting;
    return (_address: string, hop: number) => hop < hops;
  }
  return typeof setting === 'boolean' ? setting : [...setting];
}
