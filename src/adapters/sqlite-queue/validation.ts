import { WeftError, errorMessage } from '../../core/errors/index.js';
import { DEFAULT_PRIORITY, MAX_PRIORITY, type JobMessage, type PublishOptions, type QueueOptions } from '../../ports/queue/types.js';

/** A queue name: a non-empty string. */
export function checkQueueName(queue: unknown): string {
  if (typeof queue !== 'string' || queue === '') {
    throw new WeftError('WEFT_E_INVALID_ARGUMENT', `A queue name must be a non-empty string, got ${JSON.stringify(queue)}`, { queue });
  }
  return queue;
}

/** A job: a non-empty string id and a plain JSON object body. Returns the body as JSON text. */
export function checkJob(job: JobMessage): string {
  if (typeof job?.id !== 'string' || job.id === '') {
    throw new WeftError('WEFT_E_INVALID_ARGUMENT', `A job id must be a non-empty string, got ${JSON.stringify(job?.id)}`, { jobId: job?.id });
  }
  if (typeof job.body !== 'object' || job.body === null || Array.isArray(job.body)) {
    throw new WeftError('WEFT_E_INVALID_ARGUMENT', `The body of job ${job.id} must be a JSON object`, { jobId: job.id });
  }
  try {
    return JSON.stringify(job.body);
  } catch (error) {
    throw new WeftError('WEFT_E_INVALID_ARGUMENT', `The body of job ${job.id} is not JSON-serialisable: ${errorMessage(error)}`, { jobId: job.id });
  }
}

/** Publish options with defaults: priority a whole number 0..MAX_PRIORITY, delay >= 0, TTL >= 1 when given. */
export function checkPublishOptions(options: PublishOptions = {}): { priority: number; delayMs: number; ttlMs: number | undefined } {
  const priority = options.priority ?? DEFAULT_PRIORITY;
  if (!Number.isInteger(priority) || priority < 0 || priority > MAX_PRIORITY) {
    throw new WeftError('WEFT_E_INVALID_ARGUMENT', `A job priority must be a whole number from 0 to ${MAX_PRIORITY}, got ${String(priority)}`, { priority });
  }
  return { priority, delayMs: checkDelay('delayMs', options.delayMs ?? 0), ttlMs: options.ttlMs === undefined ? undefined : checkTtl('ttlMs', options.ttlMs) };
}

/** Queue options: messageTtlMs a whole number >= 1 when given. Returns the TTL or null. */
export function checkQueueOptions(options: QueueOptions = {}): number | null {
  return options.messageTtlMs === undefined ? null : checkTtl('messageTtlMs', options.messageTtlMs);
}

/** A consume call: at least one queue name and a prefetch that is a whole number >= 1. */
export function checkConsume(queues: readonly string[], prefetch: number): readonly string[] {
  if (!Number.isInteger(prefetch) || prefetch < 1) {
    throw new WeftError('WEFT_E_INVALID_ARGUMENT', `The consumer prefetch must be a whole number >= 1, got ${String(prefetch)}`, { prefetch });
  }
  if (!Array.isArray(queues) || queues.length === 0) {
    throw new WeftError('WEFT_E_INVALID_ARGUMENT', 'A consumer needs at least one queue name', { queues });
  }
  return [...new Set(queues.map(checkQueueName))];
}

/** A delay in ms: a finite number >= 0 (fractions are rounded up, so a job is never early). */
export function checkDelay(option: string, value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new WeftError('WEFT_E_INVALID_ARGUMENT', `${option} must be a number of ms >= 0, got ${String(value)}`, { option, value });
  }
  return Math.ceil(value);
}

/** A settle reason: a string (shown in dead letters). */
export function checkReason(reason: unknown): string {
  if (typeof reason !== 'string') {
    throw new WeftError('WEFT_E_INVALID_ARGUMENT', `A settle reason must be a string, got ${JSON.stringify(reason)}`, { reason });
  }
  return reason;
}

function checkTtl(option: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new WeftError('WEFT_E_INVALID_ARGUMENT', `${option} must be a whole number of ms >= 1, got ${String(value)}`, { option, value });
  }
  return value;
}
