import { WeftError } from '../../core/errors/index.js';

/** The position after the last row of a page: its sort time and id (keyset pagination, never OFFSET). */
export interface KeysetPosition {
  readonly time: number;
  readonly id: string;
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
