import { sql } from 'kysely';
import type { SqliteMigration } from './migration.js';

/**
 * The first schema. STRICT tables so a wrong type is an error instead of a silently coerced value. Executions
 * carry no foreign key to workflows: history outlives a deleted workflow.
 */
export const initialMigration: SqliteMigration = {
  version: 1,
  name: 'initial',
  async up(db) {
    const strict = sql`strict`;

    await db.schema
      .createTable('workflows')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('active', 'integer', (c) => c.notNull())
      .addColumn('tags', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('definition', 'text', (c) => c.notNull())
      .addColumn('created_at', 'integer', (c) => c.notNull())
      .addColumn('updated_at', 'integer', (c) => c.notNull())
      .modifyEnd(strict)
      .execute();
    await db.schema.createIndex('workflows_updated_idx').on('workflows').columns(['updated_at desc', 'id desc']).execute();

    await db.schema
      .createTable('workflow_versions')
      .addColumn('workflow_id', 'text', (c) => c.notNull().references('workflows.id').onDelete('cascade'))
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('active', 'integer', (c) => c.notNull())
      .addColumn('tags', 'text', (c) => c.notNull())
      .addColumn('definition', 'text', (c) => c.notNull())
      .addColumn('saved_at', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('workflow_versions_pk', ['workflow_id', 'version'])
      .modifyEnd(strict)
      .execute();

    await db.schema
      .createTable('workflow_static_data')
      .addColumn('workflow_id', 'text', (c) => c.primaryKey())
      .addColumn('data', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'integer', (c) => c.notNull())
      .modifyEnd(strict)
      .execute();

    await db.schema
      .createTable('executions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('workflow_id', 'text', (c) => c.notNull())
      .addColumn('workflow_version', 'integer', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('mode', 'text', (c) => c.notNull())
      .addColumn('created_at', 'integer', (c) => c.notNull())
      .addColumn('started_at', 'integer')
      .addColumn('stopped_at', 'integer')
      .addColumn('retry_of', 'text')
      .addColumn('worker', 'text')
      .addColumn('attempt', 'integer', (c) => c.notNull())
      .addColumn('shard', 'integer')
      .addColumn('error_message', 'text')
      .addColumn('wait_till', 'integer')
      .modifyEnd(strict)
      .execute();
    // The three list orders (all, per workflow, per status), each newest first with the id as tie-breaker.
    await db.schema.createIndex('executions_created_idx').on('executions').columns(['created_at desc', 'id desc']).execute();
    await db.schema
      .createIndex('executions_workflow_created_idx')
      .on('executions')
      .columns(['workflow_id', 'created_at desc', 'id desc'])
      .execute();
    await db.schema
      .createIndex('executions_status_created_idx')
      .on('executions')
      .columns(['status', 'created_at desc', 'id desc'])
      .execute();
    // Crash recovery looks up running executions by worker; a partial index stays tiny.
    await db.schema
      .createIndex('executions_running_worker_idx')
      .on('executions')
      .column('worker')
      .where(sql.ref('status'), '=', 'running')
      .execute();

    await db.schema
      .createTable('execution_data')
      .addColumn('execution_id', 'text', (c) => c.primaryKey().references('executions.id').onDelete('cascade'))
      .addColumn('input', 'blob')
      .addColumn('result', 'blob')
      .modifyEnd(strict)
      .execute();

    await db.schema
      .createTable('execution_checkpoints')
      .addColumn('execution_id', 'text', (c) => c.notNull().references('executions.id').onDelete('cascade'))
      .addColumn('sequence', 'integer', (c) => c.notNull())
      .addColumn('attempt', 'integer', (c) => c.notNull())
      .addColumn('event', 'blob', (c) => c.notNull())
      .addPrimaryKeyConstraint('execution_checkpoints_pk', ['execution_id', 'sequence'])
      .modifyEnd(strict)
      .execute();

    await db.schema
      .createTable('credentials')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      .addColumn('created_at', 'integer', (c) => c.notNull())
      .addColumn('updated_at', 'integer', (c) => c.notNull())
      .modifyEnd(strict)
      .execute();
    await db.schema.createIndex('credentials_created_idx').on('credentials').columns(['created_at desc', 'id desc']).execute();

    await db.schema
      .createTable('webhooks')
      .addColumn('method', 'text', (c) => c.notNull())
      .addColumn('path', 'text', (c) => c.notNull())
      .addColumn('workflow_id', 'text', (c) => c.notNull())
      .addColumn('node_name', 'text', (c) => c.notNull())
      .addColumn('webhook_id', 'text')
      .addPrimaryKeyConstraint('webhooks_pk', ['method', 'path'])
      .modifyEnd(strict)
      .execute();
    await db.schema.createIndex('webhooks_workflow_idx').on('webhooks').column('workflow_id').execute();

    await db.schema
      .createTable('execution_rollups')
      .addColumn('workflow_id', 'text', (c) => c.notNull())
      .addColumn('day', 'text', (c) => c.notNull())
      .addColumn('count', 'integer', (c) => c.notNull())
      .addColumn('errors', 'integer', (c) => c.notNull())
      .addColumn('p50_ms', 'real', (c) => c.notNull())
      .addColumn('p95_ms', 'real', (c) => c.notNull())
      .addColumn('p99_ms', 'real', (c) => c.notNull())
      .addPrimaryKeyConstraint('execution_rollups_pk', ['day', 'workflow_id'])
      .modifyEnd(strict)
      .execute();
  },
};
