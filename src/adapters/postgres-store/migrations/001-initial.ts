import { sql } from 'kysely';
import type { Migration } from './types.js';

/**
 * The first schema. Times are epoch ms (`bigint`). The execution history (`executions`, `execution_data`,
 * `execution_checkpoints`) is RANGE-partitioned by `created_at` (daily partitions, see partitions.ts); their
 * primary keys include `created_at`, which every lookup derives from the time-ordered execution id, so a lookup
 * by id touches one partition. No foreign keys on the history: whole partitions are dropped together.
 */
export const initialMigration: Migration = {
  version: 1,
  name: 'initial',
  async up(tx) {
    const statements = [
      // Ids (caller-chosen, mixed case) break ties in lists: "C" collation compares code units, as every adapter does.
      sql`create table workflows (
        id text collate "C" primary key,
        name text not null,
        active boolean not null default false,
        tags text[] not null default '{}',
        version integer not null,
        created_at bigint not null,
        updated_at bigint not null)`,
      // Lists are newest first by updated_at, id (keyset pagination).
      sql`create index workflows_updated_idx on workflows (updated_at desc, id desc)`,
      sql`create index workflows_active_idx on workflows (updated_at desc, id desc) where active`,
      sql`create index workflows_tags_idx on workflows using gin (tags)`,

      sql`create table workflow_versions (
        workflow_id text not null,
        version integer not null,
        name text not null,
        active boolean not null,
        tags text[] not null,
        definition text not null,
        saved_at bigint not null,
        primary key (workflow_id, version))`,

      sql`create table workflow_static_data (
        workflow_id text primary key,
        data text not null,
        updated_at bigint not null)`,

      sql`create table executions (
        id uuid not null,
        created_at bigint not null,
        workflow_id text not null,
        workflow_version integer not null,
        status text not null,
        mode text not null,
        started_at bigint,
        stopped_at bigint,
        retry_of text,
        worker text,
        attempt integer not null,
        shard integer,
        error_message text,
        wait_till bigint,
        primary key (id, created_at)) partition by range (created_at)`,
      sql`create index executions_created_idx on executions (created_at desc, id desc)`,
      sql`create index executions_workflow_idx on executions (workflow_id, created_at desc, id desc)`,
      sql`create index executions_status_idx on executions (status, created_at desc, id desc)`,
      // Crash recovery and the wait queue look at few rows: partial indexes keep them tiny.
      sql`create index executions_running_worker_idx on executions (worker) where status = 'running'`,
      sql`create index executions_waiting_idx on executions (wait_till) where status = 'waiting'`,

      sql`create table execution_data (
        id uuid not null,
        created_at bigint not null,
        input bytea,
        result bytea,
        primary key (id, created_at)) partition by range (created_at)`,

      sql`create table execution_checkpoints (
        execution_id uuid not null,
        created_at bigint not null,
        sequence integer not null,
        event bytea not null,
        primary key (execution_id, created_at, sequence)) partition by range (created_at)`,

      sql`create table credentials (
        id text collate "C" primary key,
        name text not null,
        type text not null,
        data text not null,
        created_at bigint not null,
        updated_at bigint not null)`,
      // Credentials list newest first by creation (a rotation does not reorder them).
      sql`create index credentials_created_idx on credentials (created_at desc, id desc)`,
      sql`create index credentials_type_idx on credentials (type, created_at desc, id desc)`,

      sql`create table webhooks (
        method text not null,
        path text not null,
        workflow_id text not null,
        node_name text not null,
        webhook_id text,
        -- Dynamic paths (':id' segments) are matched among the few of the same method and length.
        dynamic_segments integer not null,
        segment_count integer not null,
        primary key (method, path))`,
      sql`create index webhooks_workflow_idx on webhooks (workflow_id)`,
      sql`create index webhooks_dynamic_idx on webhooks (method, segment_count) where dynamic_segments > 0`,

      sql`create table execution_rollups (
        workflow_id text collate "C" not null,
        day text not null,
        count integer not null,
        errors integer not null,
        p50_ms double precision not null,
        p95_ms double precision not null,
        p99_ms double precision not null,
        primary key (workflow_id, day))`,
      sql`create index execution_rollups_day_idx on execution_rollups (day)`,
    ];
    for (const statement of statements) await statement.execute(tx);
  },
};
