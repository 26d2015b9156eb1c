import { sql } from 'kysely';
import type { Selectable } from 'kysely';
import { WeftError } from '../../core/errors/index.js';
import type { WorkflowDocument } from '../../core/model/types.js';
import type { NewWorkflow, Page, WorkflowPatch, WorkflowQuery, WorkflowRecord, WorkflowStore, WorkflowSummary } from '../../ports/store/index.js';
import type { SqliteContext } from './context.js';
import { afterCursor, checkLimit, toPage } from './keyset.js';
import type { WorkflowsTable } from './schema.js';

type WorkflowRow = Selectable<WorkflowsTable>;
const summaryColumns = ['id', 'name', 'active', 'tags', 'version', 'created_at', 'updated_at'] as const;

function toSummary(row: Omit<WorkflowRow, 'definition'>): WorkflowSummary {
  return {
    id: row.id,
    name: row.name,
    active: row.active === 1,
    tags: JSON.parse(row.tags) as string[],
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toRecord(row: WorkflowRow): WorkflowRecord {
  return { ...toSummary(row), definition: JSON.parse(row.definition) as WorkflowDocument };
}

/** Workflows: the current row in `workflows`, every saved version (including the current one) in `workflow_versions`. */
export function sqliteWorkflowStore(ctx: SqliteContext): WorkflowStore {
  return {
    async createWorkflow(input: NewWorkflow): Promise<WorkflowRecord> {
      const at = ctx.now();
      const row: WorkflowRow = {
        id: input.id ?? ctx.newId(at),
        name: input.name,
        active: input.active === true ? 1 : 0,
        tags: JSON.stringify(input.tags ?? []),
        version: 1,
        definition: JSON.stringify(input.definition),
        created_at: at,
        updated_at: at,
      };
      await ctx.write(async (trx) => {
        const existing = await trx.selectFrom('workflows').select('id').where('id', '=', row.id).executeTakeFirst();
        if (existing !== undefined) throw new WeftError('WEFT_E_CONFLICT', `Workflow ${row.id} already exists`, { workflowId: row.id });
        await trx.insertInto('workflows').values(row).execute();
        await trx
          .insertInto('workflow_versions')
          .values({ workflow_id: row.id, version: 1, name: row.name, active: row.active, tags: row.tags, definition: row.definition, saved_at: at })
          .execute();
      });
      return toRecord(row);
    },

    async getWorkflow(id, options): Promise<WorkflowRecord | undefined> {
      const current = await ctx.db.selectFrom('workflows').selectAll().where('id', '=', id).executeTakeFirst();
      if (current === undefined) return undefined;
      if (options?.version === undefined || options.version === current.version) return toRecord(current);
      const saved = await ctx.db
        .selectFrom('workflow_versions')
        .selectAll()
        .where('workflow_id', '=', id)
        .where('version', '=', options.version)
        .executeTakeFirst();
      if (saved === undefined) return undefined;
      return toRecord({ ...saved, id, created_at: current.created_at, updated_at: saved.saved_at });
    },

    async updateWorkflow(id: string, patch: WorkflowPatch, options): Promise<WorkflowRecord> {
      return ctx.write(async (trx) => {
        const current = await trx.selectFrom('workflows').selectAll().where('id', '=', id).executeTakeFirst();
        if (current === undefined) throw new WeftError('WEFT_E_NOT_FOUND', `Workflow ${id} does not exist`, { workflowId: id });
        if (options?.expectedVersion !== undefined && options.expectedVersion !== current.version) {
          throw new WeftError(
            'WEFT_E_CONFLICT',
            `Workflow ${id} was saved by someone else: expected version ${options.expectedVersion}, found ${current.version}`,
            { workflowId: id, expectedVersion: options.expectedVersion, actualVersion: current.version },
          );
        }
        // Never go back in time: updatedAt orders lists and a version's save time.
        const at = Math.max(ctx.now(), current.updated_at);
        const next: WorkflowRow = {
          ...current,
          name: patch.name ?? current.name,
          active: patch.active === undefined ? current.active : patch.active ? 1 : 0,
          tags: patch.tags === undefined ? current.tags : JSON.stringify(patch.tags),
          definition: patch.definition === undefined ? current.definition : JSON.stringify(patch.definition),
          version: current.version + 1,
          updated_at: at,
        };
        // The version check is repeated in the WHERE so the update is safe even without the lock held.
        const updated = await trx
          .updateTable('workflows')
          .set({ name: next.name, active: next.active, tags: next.tags, definition: next.definition, version: next.version, updated_at: at })
          .where('id', '=', id)
          .where('version', '=', current.version)
          .executeTakeFirst();
        if (updated.numUpdatedRows !== 1n) throw new WeftError('WEFT_E_CONFLICT', `Workflow ${id} changed while it was being saved`, { workflowId: id });
        await trx
          .insertInto('workflow_versions')
          .values({ workflow_id: id, version: next.version, name: next.name, active: next.active, tags: next.tags, definition: next.definition, saved_at: at })
          .execute();
        return toRecord(next);
      });
    },

    async deleteWorkflow(id: string): Promise<boolean> {
      return ctx.write(async (trx) => {
        await trx.deleteFrom('webhooks').where('workflow_id', '=', id).execute();
        await trx.deleteFrom('workflow_static_data').where('workflow_id', '=', id).execute();
        await trx.deleteFrom('workflow_shards').where('workflow_id', '=', id).execute();
        // workflow_versions go with the row (ON DELETE CASCADE).
        const deleted = await trx.deleteFrom('workflows').where('id', '=', id).executeTakeFirst();
        return deleted.numDeletedRows > 0n;
      });
    },

    async listWorkflows(query: WorkflowQuery): Promise<Page<WorkflowSummary>> {
      const limit = checkLimit(query.limit);
      let select = ctx.db.selectFrom('workflows').select(summaryColumns);
      if (query.name !== undefined && query.name !== '') select = select.where(sql<number>`weft_contains_ci(name, ${query.name})`, '=', 1);
      if (query.active !== undefined) select = select.where('active', '=', query.active ? 1 : 0);
      if (query.tag !== undefined) {
        select = select.where(({ exists, selectFrom }) =>
          exists(selectFrom(sql<{ value: string }>`json_each(workflows.tags)`.as('tag')).select('tag.value').where('tag.value', '=', query.tag ?? '')),
        );
      }
      if (query.cursor !== undefined) select = select.where(afterCursor('updated_at', 'id', query.cursor));
      const rows = await select.orderBy('updated_at', 'desc').orderBy('id', 'desc').limit(limit + 1).execute();
      return toPage(rows, limit, toSummary, (row) => ({ time: row.updated_at, id: row.id }));
    },

    async listWorkflowVersions(id: string): Promise<Array<{ version: number; savedAt: number }>> {
      const rows = await ctx.db
        .selectFrom('workflow_versions')
        .select(['version', 'saved_at'])
        .where('workflow_id', '=', id)
        .orderBy('version', 'desc')
        .execute();
      return rows.map((row) => ({ version: row.version, savedAt: row.saved_at }));
    },

    async getStaticData(workflowId: string): Promise<Record<string, unknown>> {
      const row = await ctx.db.selectFrom('workflow_static_data').select('data').where('workflow_id', '=', workflowId).executeTakeFirst();
      return row === undefined ? {} : (JSON.parse(row.data) as Record<string, unknown>);
    },

    async setStaticData(workflowId: string, data: Record<string, unknown>): Promise<void> {
      const at = ctx.now();
      await ctx.write(async (trx) => {
        await trx
          .insertInto('workflow_static_data')
          .values({ workflow_id: workflowId, data: JSON.stringify(data), updated_at: at })
          .onConflict((conflict) => conflict.column('workflow_id').doUpdateSet({ data: JSON.stringify(data), updated_at: at }))
          .execute();
      });
    },
  };
}
