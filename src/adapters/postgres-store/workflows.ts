import { sql } from 'kysely';
import type { Selectable, Transaction } from 'kysely';
import { WeftError } from '../../core/errors/index.js';
import type { WorkflowDocument } from '../../core/model/types.js';
import type { NewWorkflow, Page, WorkflowPatch, WorkflowQuery, WorkflowRecord, WorkflowStore, WorkflowSummary } from '../../ports/store/index.js';
import { decodeCursor } from '../store-common/index.js';
import type { PostgresContext } from './context.js';
import { isUniqueViolation } from './errors.js';
import { checkLimit, toPage } from './keyset.js';
import type { Database, WorkflowsTable } from './schema.js';

type WorkflowRow = Selectable<WorkflowsTable>;

function toSummary(row: WorkflowRow): WorkflowSummary {
  return { id: row.id, name: row.name, active: row.active, tags: row.tags, version: row.version, createdAt: row.created_at, updatedAt: row.updated_at };
}

function toRecord(row: WorkflowRow, definition: string): WorkflowRecord {
  return { ...toSummary(row), definition: JSON.parse(definition) as WorkflowDocument };
}

/** `%` `_` and `\` taken literally in an ILIKE pattern. */
function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}

async function saveVersion(tx: Transaction<Database>, row: WorkflowRow, definition: string): Promise<void> {
  await tx
    .insertInto('workflow_versions')
    .values({ workflow_id: row.id, version: row.version, name: row.name, active: row.active, tags: row.tags, definition, saved_at: row.updated_at })
    .execute();
}

/**
 * Workflows: the current row in `workflows` (summary columns, indexed for lists) and every saved version,
 * including the current one, in `workflow_versions` as a snapshot (name, active, tags; the definition lives only
 * there).
 */
export function postgresWorkflowStore(ctx: PostgresContext): WorkflowStore {
  return {
    async createWorkflow(input: NewWorkflow): Promise<WorkflowRecord> {
      const at = ctx.now();
      const row: WorkflowRow = {
        id: input.id ?? ctx.newId(at),
        name: input.name,
        active: input.active === true,
        tags: [...(input.tags ?? [])],
        version: 1,
        created_at: at,
        updated_at: at,
      };
      const definition = JSON.stringify(input.definition);
      try {
        await ctx.router.onPrimary('create workflow', (db) =>
          db.transaction().execute(async (tx) => {
            await tx.insertInto('workflows').values(row).execute();
            await saveVersion(tx, row, definition);
          }),
        );
      } catch (error) {
        if (isUniqueViolation(error)) throw new WeftError('WEFT_E_CONFLICT', `Workflow ${row.id} already exists`, { workflowId: row.id });
        throw error;
      }
      return toRecord(row, definition);
    },

    async getWorkflow(id, options): Promise<WorkflowRecord | undefined> {
      const row = await ctx.router.read(options?.consistency ?? 'strong', 'get workflow', (db) =>
        db
          .selectFrom('workflows as w')
          .innerJoin('workflow_versions as v', (join) =>
            join.onRef('v.workflow_id', '=', 'w.id').on('v.version', '=', options?.version ?? sql<number>`w.version`),
          )
          .select(['w.id', 'w.created_at', 'v.version', 'v.name', 'v.active', 'v.tags', 'v.definition', 'v.saved_at'])
          .where('w.id', '=', id)
          .executeTakeFirst(),
      );
      // Every version, the current one included, is the snapshot of its save: updatedAt is when it was saved.
      return row === undefined
        ? undefined
        : toRecord({ id: row.id, name: row.name, active: row.active, tags: row.tags, version: row.version, created_at: row.created_at, updated_at: row.saved_at }, row.definition);
    },

    async updateWorkflow(id: string, patch: WorkflowPatch, options): Promise<WorkflowRecord> {
      return ctx.router.onPrimary('update workflow', (db) =>
        db.transaction().execute(async (tx) => {
          // FOR UPDATE serialises concurrent saves: the second sees the first's version and fails expectedVersion.
          const current = await tx.selectFrom('workflows').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
          if (current === undefined) throw new WeftError('WEFT_E_NOT_FOUND', `Workflow ${id} does not exist`, { workflowId: id });
          if (options?.expectedVersion !== undefined && options.expectedVersion !== current.version) {
            throw new WeftError(
              'WEFT_E_CONFLICT',
              `Workflow ${id} was saved by someone else: expected version ${options.expectedVersion}, found ${current.version}`,
              { workflowId: id, expectedVersion: options.expectedVersion, actualVersion: current.version },
            );
          }
          const definition =
            patch.definition !== undefined
              ? JSON.stringify(patch.definition)
              : (await tx.selectFrom('workflow_versions').select('definition').where('workflow_id', '=', id).where('version', '=', current.version).executeTakeFirstOrThrow()).definition;
          const next: WorkflowRow = {
            ...current,
            name: patch.name ?? current.name,
            active: patch.active ?? current.active,
            tags: patch.tags === undefined ? current.tags : [...patch.tags],
            version: current.version + 1,
            // Never back in time: updatedAt orders lists and dates the version.
            updated_at: Math.max(ctx.now(), current.updated_at),
          };
          await tx
            .updateTable('workflows')
            .set({ name: next.name, active: next.active, tags: next.tags, version: next.version, updated_at: next.updated_at })
            .where('id', '=', id)
            .execute();
          await saveVersion(tx, next, definition);
          return toRecord(next, definition);
        }),
      );
    },

    async deleteWorkflow(id: string): Promise<boolean> {
      return ctx.router.onPrimary('delete workflow', (db) =>
        db.transaction().execute(async (tx) => {
          await tx.deleteFrom('webhooks').where('workflow_id', '=', id).execute();
          await tx.deleteFrom('workflow_static_data').where('workflow_id', '=', id).execute();
          await tx.deleteFrom('workflow_shards').where('workflow_id', '=', id).execute();
          await tx.deleteFrom('workflow_versions').where('workflow_id', '=', id).execute();
          const deleted = await tx.deleteFrom('workflows').where('id', '=', id).executeTakeFirst();
          return deleted.numDeletedRows > 0n;
        }),
      );
    },

    async listWorkflows(query: WorkflowQuery, options): Promise<Page<WorkflowSummary>> {
      const limit = checkLimit(query.limit);
      const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
      const rows = await ctx.router.read(options?.consistency ?? 'replica', 'list workflows', (db) => {
        let select = db.selectFrom('workflows').selectAll();
        if (query.name !== undefined && query.name !== '') select = select.where('name', 'ilike', `%${likeLiteral(query.name)}%`);
        if (query.active !== undefined) select = select.where('active', '=', query.active);
        if (query.tag !== undefined) select = select.where(sql<boolean>`tags @> array[${query.tag}]::text[]`);
        if (after !== undefined) select = select.where(sql<boolean>`(updated_at, id) < (${after.time}, ${after.id})`);
        return select.orderBy('updated_at', 'desc').orderBy('id', 'desc').limit(limit + 1).execute();
      });
      return toPage(rows, limit, toSummary, (row) => ({ time: row.updated_at, id: row.id }));
    },

    async listWorkflowVersions(id: string): Promise<Array<{ version: number; savedAt: number }>> {
      const rows = await ctx.router.onPrimary('list workflow versions', (db) =>
        db.selectFrom('workflow_versions').select(['version', 'saved_at']).where('workflow_id', '=', id).orderBy('version', 'desc').execute(),
      );
      return rows.map((row) => ({ version: row.version, savedAt: row.saved_at }));
    },

    async getStaticData(workflowId: string): Promise<Record<string, unknown>> {
      const row = await ctx.router.onPrimary('get static data', (db) =>
        db.selectFrom('workflow_static_data').select('data').where('workflow_id', '=', workflowId).executeTakeFirst(),
      );
      return row === undefined ? {} : (JSON.parse(row.data) as Record<string, unknown>);
    },

    async setStaticData(workflowId: string, data: Record<string, unknown>): Promise<void> {
      const at = ctx.now();
      const json = JSON.stringify(data);
      await ctx.router.onPrimary('set static data', (db) =>
        db
          .insertInto('workflow_static_data')
          .values({ workflow_id: workflowId, data: json, updated_at: at })
          .onConflict((conflict) => conflict.column('workflow_id').doUpdateSet({ data: json, updated_at: at }))
          .execute(),
      );
    },
  };
}
