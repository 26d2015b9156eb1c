import type { Kysely } from 'kysely';

/** One forward-only schema step. `up` runs inside the migration transaction (SQLite DDL is transactional). */
export interface SqliteMigration {
  /** 1, 2, 3, … in order; never reused or renumbered once released. */
  readonly version: number;
  readonly name: string;
  up(db: Kysely<unknown>): Promise<void>;
}
