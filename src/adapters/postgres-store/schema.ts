/**
 * Row shapes of the tables, as Kysely sees them. Times are epoch milliseconds in `bigint` columns (parsed to
 * numbers: they stay far below 2^53), execution ids are `uuid`, everything user-chosen (workflow and credential
 * ids) is `text`.
 */
export interface WorkflowsTable {
  id: string;
  name: string;
  active: boolean;
  tags: string[];
  version: number;
  created_at: number;
  updated_at: number;
}

export interface WorkflowVersionsTable {
  workflow_id: string;
  version: number;
  name: string;
  active: boolean;
  tags: string[];
  /** The workflow document as JSON text: kept byte for byte, never queried inside. */
  definition: string;
  saved_at: number;
}

export interface WorkflowStaticDataTable {
  workflow_id: string;
  data: string;
  updated_at: number;
}

export interface ExecutionsTable {
  id: string;
  created_at: number;
  workflow_id: string;
  workflow_version: number;
  status: string;
  mode: string;
  started_at: number | null;
  stopped_at: number | null;
  retry_of: string | null;
  worker: string | null;
  attempt: number;
  shard: number | null;
  error_message: string | null;
  wait_till: number | null;
}

export interface ExecutionDataTable {
  id: string;
  created_at: number;
  input: Buffer | null;
  result: Buffer | null;
}

export interface ExecutionCheckpointsTable {
  execution_id: string;
  created_at: number;
  sequence: number;
  event: Buffer;
}

export interface CredentialsTable {
  id: string;
  name: string;
  type: string;
  /** AES-256-GCM sealed JSON (see CredentialCipher). */
  data: string;
  created_at: number;
  updated_at: number;
}

export interface WebhooksTable {
  method: string;
  path: string;
  workflow_id: string;
  node_name: string;
  webhook_id: string | null;
  /** Number of `:param` segments; 0 for a static path (static paths win over dynamic ones). */
  dynamic_segments: number;
  segment_count: number;
}

export interface ApiKeysTable {
  id: string;
  label: string;
  /** SHA-256 hex of the key; the key itself is never stored. */
  hash: string;
  created_at: number;
  last_used_at: number | null;
}

export interface ExecutionRollupsTable {
  workflow_id: string;
  day: string;
  count: number;
  errors: number;
  p50_ms: number;
  p95_ms: number;
  p99_ms: number;
}

export interface WorkflowShardsTable {
  workflow_id: string;
  shard: number;
  pinned_at: number;
}

export interface MigrationsTable {
  version: number;
  name: string;
  applied_at: number;
}

/** The whole database, for `Kysely<Database>`. */
export interface Database {
  workflows: WorkflowsTable;
  workflow_versions: WorkflowVersionsTable;
  workflow_static_data: WorkflowStaticDataTable;
  executions: ExecutionsTable;
  execution_data: ExecutionDataTable;
  execution_checkpoints: ExecutionCheckpointsTable;
  credentials: CredentialsTable;
  webhooks: WebhooksTable;
  api_keys: ApiKeysTable;
  execution_rollups: ExecutionRollupsTable;
  workflow_shards: WorkflowShardsTable;
  weft_migrations: MigrationsTable;
}
