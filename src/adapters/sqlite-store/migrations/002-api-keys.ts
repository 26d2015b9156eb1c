import { sql } from 'kysely';
import type { SqliteMigration } from './migration.js';

/**
 * API keys for the HTTP API. Only the SHA-256 hex of a key is stored; `hash` is unique so every request
 * authenticates with one indexed lookup, and two keys can never share a secret.
 */
export const apiKeysMigration: SqliteMigration = {
  version: 2,
  name: 'api-keys',
  async up(db) {
    await db.schema
      .createTable('api_keys')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('label', 'text', (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull().unique())
      .addColumn('created_at', 'integer', (c) => c.notNull())
      .addColumn('last_used_at', 'integer')
      .modifyEnd(sql`strict`)
      .execute();
  },
};
