import type { Selectable } from 'kysely';
import { WeftError } from '../../core/errors/index.js';
import type { ApiKeyRecord, ApiKeyStore } from '../../ports/store/index.js';
import type { SqliteContext } from './context.js';
import type { ApiKeysTable } from './schema.js';

type KeyRow = Omit<Selectable<ApiKeysTable>, 'hash'>;
const recordColumns = ['id', 'label', 'created_at', 'last_used_at'] as const;

function toRecord(row: KeyRow): ApiKeyRecord {
  return { id: row.id, label: row.label, createdAt: row.created_at, lastUsedAt: row.last_used_at ?? undefined };
}

/** API keys by hash. The hash never leaves this file in a record or an error message. */
export function sqliteApiKeyStore(ctx: SqliteContext): ApiKeyStore {
  return {
    async createApiKey(input): Promise<ApiKeyRecord> {
      const at = ctx.now();
      const id = input.id ?? ctx.newId(at);
      const row = { id, label: input.label, hash: input.hash, created_at: at, last_used_at: null };
      await ctx.write(async (trx) => {
        const clash = await trx
          .selectFrom('api_keys')
          .select(['id', 'hash'])
          .where((eb) => eb.or([eb('id', '=', id), eb('hash', '=', input.hash)]))
          .executeTakeFirst();
        if (clash?.id === id) throw new WeftError('WEFT_E_CONFLICT', `API key ${id} already exists`, { apiKeyId: id });
        if (clash !== undefined) throw new WeftError('WEFT_E_CONFLICT', 'An API key with the same secret already exists', { apiKeyId: id });
        await trx.insertInto('api_keys').values(row).execute();
      });
      return toRecord(row);
    },

    async findApiKeyByHash(hash: string): Promise<ApiKeyRecord | undefined> {
      const row = await ctx.db.selectFrom('api_keys').select(recordColumns).where('hash', '=', hash).executeTakeFirst();
      return row === undefined ? undefined : toRecord(row);
    },

    /** Only moves `lastUsedAt` forward, so touches arriving out of order keep the latest use. */
    async touchApiKey(id: string, at: number): Promise<void> {
      await ctx.write(async (trx) => {
        await trx
          .updateTable('api_keys')
          .set({ last_used_at: at })
          .where('id', '=', id)
          .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', at)]))
          .execute();
      });
    },

    /** Oldest first (createdAt, then id). */
    async listApiKeys(): Promise<ApiKeyRecord[]> {
      const rows = await ctx.db.selectFrom('api_keys').select(recordColumns).orderBy('created_at').orderBy('id').execute();
      return rows.map(toRecord);
    },

    async deleteApiKey(id: string): Promise<boolean> {
      return ctx.write(async (trx) => (await trx.deleteFrom('api_keys').where('id', '=', id).executeTakeFirst()).numDeletedRows > 0n);
    },

    async countApiKeys(): Promise<number> {
      const row = await ctx.db.selectFrom('api_keys').select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
      return Number(row.count);
    },
  };
}
