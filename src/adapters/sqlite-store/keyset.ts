import { sql, type RawBuilder } from 'kysely';
import { checkPageLimit, decodeCursor, encodeCursor } from '../store-common/index.js';
import type { Page } from '../../ports/store/index.js';

/**
 * The keyset condition "after the cursor" in a newest-first list: `(time, id) < (cursorTime, cursorId)`.
 * SQLite compares row values in index order, so the (time DESC, id DESC) index serves it without OFFSET.
 */
export function afterCursor(timeColumn: string, idColumn: string, cursor: string): RawBuilder<boolean> {
  const position = decodeCursor(cursor);
  return sql<boolean>`(${sql.ref(timeColumn)}, ${sql.ref(idColumn)}) < (${position.time}, ${position.id})`;
}

/** Checks a page size (shared rule: a whole number from 1 to 10,000). */
export function checkLimit(limit: number): number {
  return checkPageLimit(limit);
}

/**
 * Builds a page from `limit + 1` fetched rows: the extra row only tells that another page exists; the cursor is
 * the position of the last row returned.
 */
export function toPage<Row, T>(rows: readonly Row[], limit: number, map: (row: Row) => T, position: (row: Row) => { time: number; id: string }): Page<T> {
  const data = rows.slice(0, limit);
  const last = data[data.length - 1];
  return {
    data: data.map(map),
    nextCursor: rows.length > limit && last !== undefined ? encodeCursor(position(last)) : undefined,
  };
}
