import { sql } from 'kysely';
import type { Migration } from './types.js';

/**
 * API keys for the HTTP API. Only the SHA-256 hex of a key is stored; the unique constraint on `hash` gives every
 * request one index lookup and makes two keys with one secret impossible, even when created concurrently.
 */
export const apiKeysMigration: Migration = {
  version: 3,
  name: 'api-keys',
  async up(tx) {
    await sql`create table api_keys (
      id text collate "C" primary key,
      label text not null,
      hash text not null unique,
      created_at bigint not null,
      last_used_at bigint)`.execute(tx);
  },
};
