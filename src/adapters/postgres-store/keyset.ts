import { WeftError } from '../../core/errors/index.js';
import type { Page } from '../../ports/store/index.js';
import { checkPageLimit, decodeCursor, encodeCursor, type KeysetPosition } from '../store-common/index.js';

/** Checks a page size (the rule shared by every adapter: a whole number from 1 to 10,000). */
export function checkLimit(limit: number): number {
  return checkPageLimit(limit);
}

/** Decodes a cursor whose id must be an execution id (a uuid), so a forged cursor never reaches SQL as a bad cast. */
export function decodeUuidCursor(cursor: string): KeysetPosition {
  const position = decodeCursor(cursor);
  if (!isUuid(position.id)) throw new WeftError('WEFT_E_INVALID_ARGUMENT', `Invalid cursor "${cursor}": pass the nextCursor of a previous page`, { cursor });
  return position;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for the textual form of a uuid. */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/**
 * Builds a page from `limit + 1` fetched rows: the extra row only tells that another page exists (so a page that
 * is exactly full at the end carries no cursor); the cursor is the position of the last row returned.
 */
export function toPage<Row, T>(rows: readonly Row[], limit: number, map: (row: Row) => T, position: (row: Row) => KeysetPosition): Page<T> {
  const data = rows.slice(0, limit);
  const last = data[data.length - 1];
  return { data: data.map(map), nextCursor: rows.length > limit && last !== undefined ? encodeCursor(position(last)) : undefined };
}
