const MASK_64 = (1n << 64n) - 1n;
const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
const JUMP_MULTIPLIER = 2862933555777941757n;

/**
 * FNV-1a, 64 bits, over the UTF-16 code units of `text`: a stable, well-spread key for {@link jumpHash}. Stable
 * across processes and versions (it is part of how executions are routed), so never change it.
 */
export function fnv1a64(text: string): bigint {
  let hash = FNV_OFFSET;
  for (let index = 0; index < text.length; index++) {
    hash ^= BigInt(text.charCodeAt(index));
    hash = (hash * FNV_PRIME) & MASK_64;
  }
  return hash;
}

/**
 * Jump consistent hash (Lamping & Veach, 2014): maps `key` to one of `buckets` shards so that going from n to
 * n + 1 shards moves only 1/(n + 1) of the keys (all of them to the new shard), with no ring to store.
 *
 * @example
 * jumpHash(fnv1a64('workflow-id'), 4); // 0..3, the same in every process
 */
export function jumpHash(key: bigint, buckets: number): number {
  if (!Number.isInteger(buckets) || buckets < 1) throw new RangeError(`buckets must be a whole number >= 1, got ${buckets}`);
  let state = key & MASK_64;
  let bucket = -1;
  let next = 0;
  while (next < buckets) {
    bucket = next;
    state = (state * JUMP_MULTIPLIER + 1n) & MASK_64;
    next = Math.floor((bucket + 1) * (2 ** 31 / (Number(state >> 33n) + 1)));
  }
  return bucket;
}
