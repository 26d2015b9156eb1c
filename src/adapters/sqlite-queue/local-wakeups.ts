import { resolve } from 'node:path';

/** An open queue instance, as the other instances of this process see it. */
export interface LocalInstance {
  /** A job of `queue` becomes due at `at` (epoch ms). */
  jobsDue(queue: string, at: number): void;
  /** Something was dead-lettered. */
  deadLettered(): void;
}

const instancesByFile = new Map<string, Set<LocalInstance>>();

/**
 * Lets the instances of this process that share a file wake each other at once when they publish, retry or
 * dead-letter: consumers in other processes only notice by polling, ones here need not wait. Returns `leave`.
 *
 * @example
 * const local = joinLocalInstances(file, instance);
 * local.announceJobs('executions', Date.now());
 * local.leave();
 */
export function joinLocalInstances(file: string, instance: LocalInstance): { announceJobs(queue: string, at: number): void; announceDeadLetters(): void; leave(): void } {
  const key = resolve(file);
  let peers = instancesByFile.get(key);
  if (peers === undefined) {
    peers = new Set();
    instancesByFile.set(key, peers);
  }
  const shared = peers;
  shared.add(instance);
  return {
    announceJobs: (queue, at) => {
      for (const peer of shared) peer.jobsDue(queue, at);
    },
    announceDeadLetters: () => {
      for (const peer of shared) peer.deadLettered();
    },
    leave: () => {
      shared.delete(instance);
      if (shared.size === 0 && instancesByFile.get(key) === shared) instancesByFile.delete(key);
    },
  };
}
