import { sql } from 'kysely';
import type { SqliteMigration } from './migration.js';

/**
 * Queue workers. `claimExecution` with a concurrency limit counts a workflow's running executions and looks for
 * older queued ones (new, or waiting) in creation order: an index on (workflow_id, status, created_at, id) serves
 * both as one range each, where the per-workflow list index would visit every execution of the workflow.
 * `workflow_shards` keeps the shard a stateful workflow is pinned to (one row per workflow, first pin wins).
 */
export const queueClaimsMigration: SqliteMigration = {
  version: 3,
  name: 'queue-claims',
  async up(db) {
    await db.schema
      .createIndex('executions_workflow_status_idx')
      .on('executions')
      .columns(['workflow_id', 'status', 'created_at', 'id'])
      .execute();
    await db.schema
      .createTable('workflow_shards')
      .addColumn('workflow_id', 'text', (c) => c.primaryKey())
      .addColumn('shard', 'integer', (c) => c.notNull())
      .addColumn('pinned_at', 'integer', (c) => c.notNull())
      .modifyEnd(sql`strict`)
      .execute();
  },
};
