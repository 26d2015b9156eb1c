import { sql } from 'kysely';
import type { Selectable } from 'kysely';
import { WeftError } from '../../core/errors/index.js';
import type { ApiKeyRecord, ApiKeyStore } from '../../ports/store/index.js';
import type { PostgresContext } from './context.js';
import { isUniqueViolation } from './errors.js';
import type { ApiKeysTable } from './schema.js';

type KeyRow = Omit<Selectable<ApiKeysTable>, 'hash'>;
const recordColumns = ['id', 'label', 'created_at', 'last_used_at'] as const;

function toRecord(row: KeyRow): ApiKeyRecord {
  return { id: row.id, label: row.label, createdAt: row.created_at, lastUsedAt: row.last_used_at ?? undefined };
}

/**
 * API keys by hash. Every read goes to the primary: a key must work the moment it is created and stop working
 * the moment it is deleted, which a lagging replica cannot promise. The hash never appears in a record or message.
 */
export function postgresApiKeyStore(ctx: PostgresContext): ApiKeyStore {
  return {
    async createApiKey(input) {
      const at = ctx.now();
      const id = input.id ?? ctx.newId(at);
      const row = { id, label: input.label, hash: input.hash, created_at: at, last_used_at: null };
      try {
        await ctx.router.onPrimary('create API key', (db) => db.insertInto('api_keys').values(row).execute());
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        const constraint = (error as { constraint?: unknown }).constraint;
        const message = constraint === 'api_keys_pkey' ? `API key ${id} already exists` : 'An API key with the same secret already exists';
        throw new WeftError('WEFT_E_CONFLICT', message, { apiKeyId: id });
      }
      return toRecord(row);
    },

    async findApiKeyByHash(hash) {
      const row = await ctx.router.onPrimary('find API key', (db) => db.selectFrom('api_keys').select(recordColumns).where('hash', '=', hash).executeTakeFirst());
      return row === undefined ? undefined : toRecord(row);
    },

    /** Only moves `lastUsedAt` forward, so touches arriving out of order keep the latest use. */
    async touchApiKey(id, at) {
      await ctx.router.onPrimary('touch API key', (db) =>
        db
          .updateTable('api_keys')
          .set({ last_used_at: sql<number>`greatest(coalesce(last_used_at, ${at}::bigint), ${at}::bigint)` })
          .where('id', '=', id)
          .execute(),
      );
    },

    /** Oldest first (createdAt, then id). */
    async listApiKeys() {
      const rows = await ctx.router.onPrimary('list API keys', (db) => db.selectFrom('api_keys').select(recordColumns).orderBy('created_at').orderBy('id').execute());
      return rows.map(toRecord);
    },

    async deleteApiKey(id) {
      const deleted = await ctx.router.onPrimary('delete API key', (db) => db.deleteFrom('api_keys').where('id', '=', id).executeTakeFirst());
      return deleted.numDeletedRows > 0n;
    },

    async countApiKeys() {
      const row = await ctx.router.onPrimary('count API keys', (db) => db.selectFrom('api_keys').select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow());
      return Number(row.count);
    },
  };
}
