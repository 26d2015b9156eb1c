import { fnv1a64, jumpHash } from './jump-hash.js';
import { shardInRanges, type ShardRange } from './shard-ranges.js';

/** How executions are spread over shard queues. */
export interface ShardPlan {
  /** Number of shards (queues), >= 1. */
  readonly shards: number;
  /** Range rules checked first; ids outside them are hashed. */
  readonly ranges?: readonly ShardRange[];
}

/**
 * The shard of a workflow's executions: the configured range holding its id, else jump consistent hashing of
 * the id — so adding a shard moves only about 1/(n + 1) of the workflows, and every process agrees.
 *
 * @example
 * shardOf('wf-123', { shards: 4 }); // the same 0..3 everywhere
 */
export function shardOf(workflowId: string, plan: ShardPlan): number {
  const ranged = plan.ranges ? shardInRanges(workflowId, plan.ranges) : undefined;
  if (ranged !== undefined) return ranged;
  return plan.shards === 1 ? 0 : jumpHash(fnv1a64(workflowId), plan.shards);
}

/** Name of a shard's queue, e.g. `executions.2`. */
export function shardQueue(shard: number): string {
  return `executions.${shard}`;
}

/**
 * Parses a worker's shard subscription: `all`, or comma-separated shards and ranges (`0,2,4-7`).
 *
 * @example
 * parseShardSet('0,2-3', 4); // [0, 2, 3]
 */
export function parseShardSet(text: string, shards: number): number[] | { error: string } {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed === 'all') return Array.from({ length: shards }, (_, index) => index);
  const chosen = new Set<number>();
  for (const part of trimmed.split(',').map((piece) => piece.trim())) {
    const match = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!match) return { error: `"${part}" is not a shard number or range (e.g. 0,2,4-7 or all)` };
    const first = Number(match[1]);
    const last = match[2] !== undefined ? Number(match[2]) : first;
    if (last < first) return { error: `range "${part}" ends before it starts` };
    if (last >= shards) return { error: `shard ${last} does not exist: there are ${shards} shards (0..${shards - 1})` };
    for (let shard = first; shard <= last; shard++) chosen.add(shard);
  }
  return [...chosen].sort((a, b) => a - b);
}
