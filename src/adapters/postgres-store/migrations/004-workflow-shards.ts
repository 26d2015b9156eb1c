import { sql } from 'kysely';
import type { Migration } from './types.js';

/**
 * The shard each stateful workflow is pinned to (`pinWorkflowShard`): one row per workflow, the primary key makes
 * the first pin win even when several processes pin at once. No index is added for `claimExecution`'s
 * concurrency check: its two reads (running executions of a workflow; queued ones older than the claimed one)
 * are ranges of `executions_workflow_status_idx` (workflow_id, status, created_at, id) from migration 2.
 */
export const workflowShardsMigration: Migration = {
  version: 4,
  name: 'workflow-shards',
  async up(tx) {
    await sql`create table workflow_shards (
      workflow_id text collate "C" primary key,
      shard integer not null,
      pinned_at bigint not null)`.execute(tx);
  },
};
