import { describe, expect, it } from 'vitest';
import { fnv1a64, jumpHash } from './jump-hash.js';
import { parseShardRanges } from './shard-ranges.js';
import { parseShardSet, shardOf, shardQueue } from './shard-router.js';

const ids = Array.from({ length: 10_000 }, (_, index) => `wf-${index.toString(36)}-${(index * 7919).toString(16)}`);

describe('jump consistent hashing', () => {
  it('is stable: routing is part of the on-the-wire contract between processes', () => {
    expect(fnv1a64('')).toBe(0xcbf29ce484222325n);
    expect(fnv1a64('a')).toBe(0xaf63dc4c8601ec8cn);
    expect(ids.slice(0, 8).map((id) => shardOf(id, { shards: 8 }))).toEqual(ids.slice(0, 8).map((id) => jumpHash(fnv1a64(id), 8)));
    expect(jumpHash(0n, 1)).toBe(0);
  });

  it('spreads workflows evenly over the shards', () => {
    const counts = new Array<number>(8).fill(0);
    for (const id of ids) counts[shardOf(id, { shards: 8 })]! += 1;
    for (const count of counts) expect(Math.abs(count - ids.length / 8)).toBeLessThan(ids.length / 8 / 5);
  });

  it('adding a shard moves only about 1/(n+1) of the workflows, all to the new shard', () => {
    for (const shards of [1, 3, 8]) {
      let moved = 0;
      for (const id of ids) {
        const before = shardOf(id, { shards });
        const after = shardOf(id, { shards: shards + 1 });
        if (before !== after) {
          moved += 1;
          expect(after).toBe(shards);
        }
      }
      const expected = ids.length / (shards + 1);
      expect(Math.abs(moved - expected)).toBeLessThan(expected / 5);
    }
  });

  it('refuses a shard count below 1', () => {
    expect(() => jumpHash(1n, 0)).toThrow(RangeError);
  });
});

describe('range-based routing', () => {
  it('routes ids in a configured range to its shard and hashes the rest', () => {
    const ranges = parseShardRanges('..b=2, m..p=1', 4);
    expect(shardOf('a-workflow', { shards: 4, ranges })).toBe(2);
    expect(shardOf('b', { shards: 4, ranges })).toBe(shardOf('b', { shards: 4 }));
    expect(shardOf('mango', { shards: 4, ranges })).toBe(1);
    expect(shardOf('p', { shards: 4, ranges })).toBe(shardOf('p', { shards: 4 }));
  });

  it('explains bad rules', () => {
    expect(() => parseShardRanges('a-b:1', 2)).toThrow(/"a-b:1" is not a range/);
    expect(() => parseShardRanges('..m=5', 2)).toThrow(/names shard 5, but there are only 2 shards/);
    expect(() => parseShardRanges('..m=0,k..=1', 2)).toThrow(/overlap/);
    expect(() => parseShardRanges('z..a=0', 2)).toThrow(/is empty/);
  });
});

describe('shard subscriptions', () => {
  it('parses all, lists and ranges', () => {
    expect(parseShardSet('all', 3)).toEqual([0, 1, 2]);
    expect(parseShardSet('', 2)).toEqual([0, 1]);
    expect(parseShardSet('3, 0-1,1', 4)).toEqual([0, 1, 3]);
    expect(parseShardSet('4', 4)).toEqual({ error: 'shard 4 does not exist: there are 4 shards (0..3)' });
    expect(parseShardSet('x', 4)).toHaveProperty('error');
    expect(shardQueue(2)).toBe('executions.2');
  });
});
