import type { Selectable } from 'kysely';
import { WeftError } from '../../core/errors/index.js';
import type { CredentialRecord, CredentialStore, Page } from '../../ports/store/index.js';
import type { SqliteContext } from './context.js';
import { afterCursor, checkLimit, toPage } from './keyset.js';
import type { CredentialsTable } from './schema.js';

type MetadataRow = Omit<Selectable<CredentialsTable>, 'data'>;
const metadataColumns = ['id', 'name', 'type', 'created_at', 'updated_at'] as const;

function toRecord(row: MetadataRow): CredentialRecord {
  return { id: row.id, name: row.name, type: row.type, createdAt: row.created_at, updatedAt: row.updated_at };
}

/** Credentials: metadata in clear, secret data sealed with AES-256-GCM (the id bound in) before it is written. */
export function sqliteCredentialStore(ctx: SqliteContext): CredentialStore {
  return {
    async createCredential(input): Promise<CredentialRecord> {
      const at = ctx.now();
      const id = input.id ?? ctx.newId(at);
      const row = { id, name: input.name, type: input.type, data: ctx.cipher.seal(id, input.data), created_at: at, updated_at: at };
      await ctx.write(async (trx) => {
        const existing = await trx.selectFrom('credentials').select('id').where('id', '=', id).executeTakeFirst();
        if (existing !== undefined) throw new WeftError('WEFT_E_CONFLICT', `Credential ${id} already exists`, { credentialId: id });
        await trx.insertInto('credentials').values(row).execute();
      });
      return toRecord(row);
    },

    async updateCredential(id, patch): Promise<CredentialRecord> {
      return ctx.write(async (trx) => {
        const current = await trx.selectFrom('credentials').select(metadataColumns).where('id', '=', id).executeTakeFirst();
        if (current === undefined) throw new WeftError('WEFT_E_NOT_FOUND', `Credential ${id} does not exist`, { credentialId: id });
        const next: MetadataRow = { ...current, name: patch.name ?? current.name, updated_at: Math.max(ctx.now(), current.updated_at) };
        await trx
          .updateTable('credentials')
          .set({
            name: next.name,
            updated_at: next.updated_at,
            ...(patch.data === undefined ? {} : { data: ctx.cipher.seal(id, patch.data) }),
          })
          .where('id', '=', id)
          .execute();
        return toRecord(next);
      });
    },

    async deleteCredential(id: string): Promise<boolean> {
      return ctx.write(async (trx) => (await trx.deleteFrom('credentials').where('id', '=', id).executeTakeFirst()).numDeletedRows > 0n);
    },

    async getCredential(id: string): Promise<CredentialRecord | undefined> {
      const row = await ctx.db.selectFrom('credentials').select(metadataColumns).where('id', '=', id).executeTakeFirst();
      return row === undefined ? undefined : toRecord(row);
    },

    async getCredentialData(id: string): Promise<Record<string, unknown> | undefined> {
      const row = await ctx.db.selectFrom('credentials').select('data').where('id', '=', id).executeTakeFirst();
      return row === undefined ? undefined : ctx.cipher.open(id, row.data);
    },

    /** Newest first (createdAt, then id): creation time never changes, so paging stays stable under updates. */
    async listCredentials(query): Promise<Page<CredentialRecord>> {
      const limit = checkLimit(query.limit);
      let select = ctx.db.selectFrom('credentials').select(metadataColumns);
      if (query.type !== undefined) select = select.where('type', '=', query.type);
      if (query.cursor !== undefined) select = select.where(afterCursor('created_at', 'id', query.cursor));
      const rows = await select.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit + 1).execute();
      return toPage(rows, limit, toRecord, (row) => ({ time: row.created_at, id: row.id }));
    },
  };
}
