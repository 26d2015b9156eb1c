import { WeftError } from '../errors/index.js';

/** Workflow ids from `from` (inclusive) to `to` (exclusive), compared as strings; an absent bound is open. */
export interface ShardRange {
  readonly from?: string;
  readonly to?: string;
  readonly shard: number;
}

/**
 * Parses range-based routing rules: comma-separated `from..to=shard`, bounds optional (`..m=0,m..=1`).
 * Ranges must not overlap and shards must exist; ids outside every range fall back to hashing.
 *
 * @example
 * parseShardRanges('..m=0,m..=1', 2); // [{ to: 'm', shard: 0 }, { from: 'm', shard: 1 }]
 */
export function parseShardRanges(text: string, shards: number): ShardRange[] {
  const ranges: ShardRange[] = [];
  for (const raw of text.split(',').map((part) => part.trim()).filter((part) => part !== '')) {
    const match = /^([^.=]*)\.\.([^=]*)=(\d+)$/.exec(raw);
    if (!match) throw invalid(`"${raw}" is not a range; write from..to=shard, e.g. "..m=0,m..=1"`, text);
    const [, from = '', to = '', shardText = ''] = match;
    const shard = Number(shardText);
    if (shard >= shards) throw invalid(`range "${raw}" names shard ${shard}, but there are only ${shards} shards (0..${shards - 1})`, text);
    if (from !== '' && to !== '' && from >= to) throw invalid(`range "${raw}" is empty: its start is not before its end`, text);
    ranges.push({ ...(from !== '' ? { from } : {}), ...(to !== '' ? { to } : {}), shard });
  }
  const sorted = [...ranges].sort((a, b) => compareLower(a.from, b.from));
  for (let index = 1; index < sorted.length; index++) {
    const previous = sorted[index - 1];
    const current = sorted[index];
    if (previous && current && (previous.to === undefined || (current.from ?? '') < previous.to)) {
      throw invalid(`ranges ${describe(previous)} and ${describe(current)} overlap`, text);
    }
  }
  return sorted;
}

/** The shard of the range holding `id`, or undefined when no range does. */
export function shardInRanges(id: string, ranges: readonly ShardRange[]): number | undefined {
  for (const range of ranges) {
    if ((range.from === undefined || id >= range.from) && (range.to === undefined || id < range.to)) return range.shard;
  }
  return undefined;
}

function compareLower(a: string | undefined, b: string | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return -1;
  if (b === undefined) return 1;
  return a < b ? -1 : 1;
}

function describe(range: ShardRange): string {
  return `"${range.from ?? ''}..${range.to ?? ''}=${range.shard}"`;
}

function invalid(message: string, text: string): WeftError {
  return new WeftError('WEFT_E_INVALID_CONFIG', `WEFT_QUEUE_SHARD_RANGES: ${message}`, { value: text });
}
