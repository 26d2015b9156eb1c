import {
  ConsecutiveBreaker,
  ExponentialBackoff,
  circuitBreaker,
  handleWhen,
  retry,
  wrap,
  type CircuitBreakerPolicy,
  type IBackoff,
  type IBackoffFactory,
  type IRetryBackoffContext,
} from 'cockatiel';
import { TransportError, type InboundResponse } from './transport.js';

/** Tuning of the retry and circuit breaker around every outbound request. */
export interface ResilienceOptions {
  /** Extra attempts after the first on connection errors and 429/502/503/504. */
  retries: number;
  /** First backoff delay; doubles each attempt up to `maxDelayMs`. */
  initialDelayMs: number;
  maxDelayMs: number;
  /** Longest `Retry-After` honoured; a longer one ends the retries and the status is reported. */
  maxRetryAfterMs: number;
  /** Consecutive failures (connection errors, 5xx) that open a host's circuit. */
  breakerThreshold: number;
  /** How long an open circuit refuses requests before it lets one through (half-open). */
  halfOpenAfterMs: number;
}

const defaults: ResilienceOptions = { retries: 3, initialDelayMs: 250, maxDelayMs: 10_000, maxRetryAfterMs: 60_000, breakerThreshold: 5, halfOpenAfterMs: 30_000 };
let options: ResilienceOptions = { ...defaults };
// One breaker per target host, shared by every execution of the process: that is what keeps many workflows from
// hammering one failing service together.
const breakers = new Map<string, CircuitBreakerPolicy>();

/**
 * Changes the retry and breaker tuning (tests shorten delays); resets every breaker.
 *
 * @example
 * configureResilience({ retries: 1, initialDelayMs: 10 });
 */
export function configureResilience(overrides: Partial<ResilienceOptions> = {}): void {
  options = { ...defaults, ...overrides };
  breakers.clear();
}

const RETRY_STATUSES = new Set([429, 502, 503, 504]);
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ECONNABORTED', 'EPIPE', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

function isConnectionError(error: Error): boolean {
  return error instanceof TransportError && CONNECTION_CODES.has(error.code);
}

function isResponse(value: unknown): value is InboundResponse {
  return typeof value === 'object' && value !== null && typeof (value as { statusCode?: unknown }).statusCode === 'number';
}

/** `Retry-After` in ms (seconds or an HTTP date), or undefined. */
export function retryAfterMs(response: InboundResponse, now = Date.now()): number | undefined {
  const raw = response.headers['retry-after'];
  if (raw === undefined || raw === '') return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Exponential backoff, except that a response's `Retry-After` sets the delay. */
class RetryAfterBackoff implements IBackoffFactory<IRetryBackoffContext<unknown>> {
  constructor(private readonly exponential: IBackoffFactory<unknown>) {}

  next(context: IRetryBackoffContext<unknown>): IBackoff<IRetryBackoffContext<unknown>> {
    const step = this.exponential.next(context);
    const result = 'value' in context.result ? context.result.value : undefined;
    const hinted = isResponse(result) ? retryAfterMs(result) : undefined;
    return { duration: hinted ?? step.duration, next: (ctx) => new RetryAfterBackoff(step).next(ctx) };
  }
}

function breakerFor(host: string): CircuitBreakerPolicy {
  let breaker = breakers.get(host);
  if (!breaker) {
    breaker = circuitBreaker(
      handleWhen(isConnectionError).orWhenResult((result) => isResponse(result) && result.statusCode >= 500),
      { halfOpenAfter: options.halfOpenAfterMs, breaker: new ConsecutiveBreaker(options.breakerThreshold) },
    );
    breakers.set(host, breaker);
  }
  return breaker;
}

/**
 * Runs `attempt` under the host's circuit breaker, retrying with backoff on connection errors and 429/502/503/504.
 * When retries run out on a status, that last response is returned (the caller turns it into the node's error).
 * An open circuit fails at once with cockatiel's `BrokenCircuitError`. This is transport-level resilience; the
 * node's own Retry On Fail setting stays the engine's.
 */
export function withResilience(host: string, signal: AbortSignal, attempt: (signal: AbortSignal) => Promise<InboundResponse>): Promise<InboundResponse> {
  const retryPolicy = retry(
    handleWhen(isConnectionError).orWhenResult((result) => {
      if (!isResponse(result) || !RETRY_STATUSES.has(result.statusCode)) return false;
      const hinted = retryAfterMs(result);
      return hinted === undefined || hinted <= options.maxRetryAfterMs;
    }),
    {
      maxAttempts: options.retries,
      backoff: new RetryAfterBackoff(new ExponentialBackoff({ initialDelay: options.initialDelayMs, maxDelay: options.maxDelayMs })),
    },
  );
  return wrap(retryPolicy, breakerFor(host)).execute(({ signal: attemptSignal }) => attempt(attemptSignal), signal);
}
