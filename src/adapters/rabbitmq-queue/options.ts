import type { Logger } from '../../logging/logger.js';
import { createSilentLogger } from '../../logging/logger.js';
import { WeftError } from '../../core/errors/index.js';

/** How to reach RabbitMQ and how patient to be with it. */
export interface RabbitMqQueueOptions {
  /** `amqp://user:pass@host:port/vhost` (or `amqps://`). */
  readonly url: string;
  /** Put before every exchange and queue name, so deployments (or tests) share one broker (default `weft`). */
  readonly prefix?: string;
  /** A job retried on (or lost during) its maxDeliveries-th delivery is dead-lettered (default 5). */
  readonly maxDeliveries?: number;
  /** Opening the first connection fails after this (default 5000 ms). */
  readonly connectTimeoutMs?: number;
  /** A publish without a broker confirm in this time (including waiting out an outage) fails (default 10000 ms). */
  readonly publishTimeoutMs?: number;
  /** First reconnect delay; it doubles on every failed attempt (default 100 ms). */
  readonly reconnectInitialDelayMs?: number;
  /** Longest reconnect delay (default 5000 ms). */
  readonly reconnectMaxDelayMs?: number;
  /** AMQP heartbeat, so a dead broker or network is noticed within about twice this (default 10 s). */
  readonly heartbeatSeconds?: number;
  /** Where outages and recoveries are reported (default: silent). */
  readonly logger?: Logger;
}

/** The options with every default filled in and checked. */
export interface ResolvedRabbitMqOptions {
  readonly url: string;
  /** The URL without its password, for messages and logs. */
  readonly safeUrl: string;
  readonly prefix: string;
  readonly maxDeliveries: number;
  readonly connectTimeoutMs: number;
  readonly publishTimeoutMs: number;
  readonly reconnectInitialDelayMs: number;
  readonly reconnectMaxDelayMs: number;
  readonly heartbeatSeconds: number;
  readonly logger: Logger;
}

/**
 * Fills in defaults and refuses options that cannot work, naming the option.
 *
 * @example
 * resolveRabbitMqOptions({ url: 'amqp://guest:guest@127.0.0.1:5672' }).safeUrl; // 'amqp://guest:***@127.0.0.1:5672'
 */
export function resolveRabbitMqOptions(options: RabbitMqQueueOptions): ResolvedRabbitMqOptions {
  if (!/^amqps?:\/\//.test(options.url)) {
    throw new WeftError('WEFT_E_INVALID_CONFIG', `The RabbitMQ URL must start with amqp:// or amqps:// (got ${redactAmqpUrl(options.url)})`, { url: redactAmqpUrl(options.url) });
  }
  const prefix = options.prefix ?? 'weft';
  if (!/^[A-Za-z0-9_.-]{1,100}$/.test(prefix)) {
    throw new WeftError('WEFT_E_INVALID_CONFIG', `The RabbitMQ name prefix "${prefix}" must be 1-100 letters, digits or _ . -`, { prefix });
  }
  const resolved: ResolvedRabbitMqOptions = {
    url: withHeartbeat(options.url, options.heartbeatSeconds ?? 10),
    safeUrl: redactAmqpUrl(options.url),
    prefix,
    maxDeliveries: options.maxDeliveries ?? 5,
    connectTimeoutMs: options.connectTimeoutMs ?? 5_000,
    publishTimeoutMs: options.publishTimeoutMs ?? 10_000,
    reconnectInitialDelayMs: options.reconnectInitialDelayMs ?? 100,
    reconnectMaxDelayMs: options.reconnectMaxDelayMs ?? 5_000,
    heartbeatSeconds: options.heartbeatSeconds ?? 10,
    logger: options.logger ?? createSilentLogger(),
  };
  const positive: Array<keyof ResolvedRabbitMqOptions> = ['maxDeliveries', 'connectTimeoutMs', 'publishTimeoutMs', 'reconnectInitialDelayMs', 'reconnectMaxDelayMs'];
  for (const key of positive) {
    const value = resolved[key];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
      throw new WeftError('WEFT_E_INVALID_CONFIG', `The RabbitMQ queue option ${key} must be a whole number >= 1 (got ${String(value)})`, { option: key, value });
    }
  }
  return resolved;
}

/**
 * Delay before reconnect attempt `attempt` (1-based): `initialMs` doubling up to `maxMs`.
 *
 * @example
 * [1, 2, 3, 10].map((n) => reconnectDelay(n, 100, 5_000)); // [100, 200, 400, 5000]
 */
export function reconnectDelay(attempt: number, initialMs: number, maxMs: number): number {
  return Math.min(initialMs * 2 ** Math.min(30, Math.max(0, attempt - 1)), maxMs);
}

/** The URL without its password, for messages and logs. */
export function redactAmqpUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparsable RabbitMQ URL)';
  }
}

/** Adds `heartbeat=` to the URL unless it names one already (amqplib otherwise takes the server's 60 s). */
function withHeartbeat(url: string, seconds: number): string {
  if (/[?&]heartbeat=/.test(url)) return url;
  return `${url}${url.includes('?') ? '&' : '?'}heartbeat=${seconds}`;
}
