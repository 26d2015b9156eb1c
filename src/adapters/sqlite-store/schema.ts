/**
 * The SQLite tables as Kysely sees them. Times are epoch milliseconds (INTEGER), booleans 0/1, JSON as TEXT,
 * execution data as BLOB (see `encodeData`).
 */

export interface WorkflowsTable {
  id: string;
  name: string;
  active: number;
  /** JSON array of strings. */
  tags: string;
  version: number;
  /** JSON of the n8n workflow document of the current version. */
  definition: string;
  created_at: number;
  updated_at: number;
}

export interface WorkflowVersionsTable {
  workflow_id: string;
  version: number;
  name: string;
  active: number;
  tags: string;
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
  workflow_id: string;
  workflow_version: number;
  status: string;
  mode: string;
  created_at: number;
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
  execution_id: string;
  input: Uint8Array | null;
  result: Uint8Array | null;
}

export interface ExecutionCheckpointsTable {
  execution_id: string;
  sequence: number;
  attempt: number;
  event: Uint8Array;
}

export interface CredentialsTable {
  id: string;
  name: string;
  type: string;
  /** AES-256-GCM sealed data (base64), the id bound as additional data. */
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

/** Every table of the SQLite store, by name (the shape Kysely's query builder checks against). */
export interface SqliteSchema {
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
