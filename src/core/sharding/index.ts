export { fnv1a64, jumpHash } from './jump-hash.js';
export { parseShardRanges, shardInRanges, type ShardRange } from './shard-ranges.js';
export { parseShardSet, shardOf, shardQueue, type ShardPlan } from './shard-router.js';
