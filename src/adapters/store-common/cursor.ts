import { WeftError } from '../../core/errors/index.js';

/** The position after the last row of a page: its sort time and id (keyset pagination, never OFFSET). */
export interface KeysetPosition {
  readonly time: number;
  readonly id: string;
}

/** The largest page a list may ask for: bounded so one request cannot pull a whole table. */
export const MAX_PAGE_LIMIT = 10_000;

/** Checks a page size: a whole number from 1 to {@link MAX_PAGE_LIMIT}; anything else is a user error. */
export function checkPageLimit(limit: number): number {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_LIMIT) {
    throw new WeftError('WEFT_E_INVALID_ARGUMENT', `limit must be a whole number from 1 to ${MAX_PAGE_LIMIT}, got ${String(limit)}`, { limit });
  }
  return limit;
}

/** Encodes a keyset position as an opaque URL-safe cursor. */
export function encodeCursor(position: KeysetPosition): string {
  return Buffer.from(JSON.stringify([position.time, position.id]), 'utf8').toString('base64url');
}

/** Decodes a cursor made by {@link encodeCursor}; a malformed cursor is a user error naming the cursor. */
export function decodeCursor(cursor: string): KeysetPosition {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && typeof parsed[0] === 'number' && typeof parsed[1] === 'string') {
      return { time: parsed[0], id: parsed[1] };
    }
  } catch {
    // reported below
  }
  throw new WeftError('WEFT_E_INVALID_ARGUMENT', `Invalid cursor "${cursor}": pass the nextCursor of a previous page`, { cursor });
}
