import type { Transaction } from 'kysely';
import type { Database } from '../schema.js';

/** One forward-only schema step. `up` runs inside the migration transaction (PostgreSQL DDL is transactional). */
export interface Migration {
  readonly version: number;
  readonly name: string;
  up(tx: Transaction<Database>): Promise<void>;
}
