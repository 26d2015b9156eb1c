import { sql } from 'kysely';
import type { Selectable } from 'kysely';
import { WeftError } from '../../core/errors/index.js';
import type { CredentialRecord, CredentialStore } from '../../ports/store/index.js';
import { decodeCursor } from '../store-common/index.js';
import type { PostgresContext } from './context.js';
import { isUniqueViolation } from './errors.js';
import { checkLimit, toPage } from './keyset.js';
import type { CredentialsTable } from './schema.js';

const metadataColumns = ['id', 'name', 'type', 'created_at', 'updated_at'] as const;

function toRecord(row: Omit<Selectable<CredentialsTable>, 'data'>): CredentialRecord {
  return { id: row.id, name: row.name, type: row.type, createdAt: row.created_at, updatedAt: row.updated_at };
}

/** Credentials: the secret data sealed with AES-256-GCM (bound to the id) before it leaves the process. */
export function postgresCredentialStore(ctx: PostgresContext): CredentialStore {
  return {
    async createCredential(input) {
      const at = ctx.now();
      const id = input.id ?? ctx.newId(at);
      const row = { id, name: input.name, type: input.type, data: ctx.cipher.seal(id, input.data), created_at: at, updated_at: at };
      try {
        await ctx.router.onPrimary('create credential', (db) => db.insertInto('credentials').values(row).execute());
      } catch (error) {
        if (isUniqueViolation(error)) throw new WeftError('WEFT_E_CONFLICT', `Credential ${id} already exists`, { credentialId: id });
        throw error;
      }
      return toRecord(row);
    },

    async updateCredential(id, patch) {
      const sealed = patch.data === undefined ? undefined : ctx.cipher.seal(id, patch.data);
      const row = await ctx.router.onPrimary('update credential', (db) =>
        db
          .updateTable('credentials')
          .set({
            ...(patch.name !== undefined ? { name: patch.name } : {}),
            ...(sealed !== undefined ? { data: sealed } : {}),
            // Never back in time, so updatedAt only grows.
            updated_at: sql<number>`greatest(${ctx.now()}::bigint, updated_at)`,
          })
          .where('id', '=', id)
          .returning(metadataColumns)
          .executeTakeFirst(),
      );
      if (row === undefined) throw new WeftError('WEFT_E_NOT_FOUND', `Credential ${id} does not exist`, { credentialId: id });
      return toRecord(row);
    },

    async deleteCredential(id) {
      const deleted = await ctx.router.onPrimary('delete credential', (db) => db.deleteFrom('credentials').where('id', '=', id).executeTakeFirst());
      return deleted.numDeletedRows > 0n;
    },

    async getCredential(id) {
      const row = await ctx.router.onPrimary('get credential', (db) => db.selectFrom('credentials').select(metadataColumns).where('id', '=', id).executeTakeFirst());
      return row === undefined ? undefined : toRecord(row);
    },

    async getCredentialData(id) {
      const row = await ctx.router.onPrimary('get credential data', (db) => db.selectFrom('credentials').select('data').where('id', '=', id).executeTakeFirst());
      return row === undefined ? undefined : ctx.cipher.open(id, row.data);
    },

    async listCredentials(query) {
      const limit = checkLimit(query.limit);
      const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
      const rows = await ctx.router.read('replica', 'list credentials', (db) => {
        let select = db.selectFrom('credentials').select(metadataColumns);
        if (query.type !== undefined) select = select.where('type', '=', query.type);
        if (after !== undefined) select = select.where(sql<boolean>`(created_at, id) < (${after.time}, ${after.id})`);
        return select.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit + 1).execute();
      });
      return toPage(rows, limit, toRecord, (row) => ({ time: row.created_at, id: row.id }));
    },
  };
}
