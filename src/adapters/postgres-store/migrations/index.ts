import { initialMigration } from './001-initial.js';
import { workflowStatusIndexMigration } from './002-workflow-status-index.js';
import { apiKeysMigration } from './003-api-keys.js';
import { workflowShardsMigration } from './004-workflow-shards.js';
import type { Migration } from './types.js';

export type { Migration } from './types.js';

/** Every migration, in version order. Append only: a released migration is never edited. */
export const migrations: readonly Migration[] = [initialMigration, workflowStatusIndexMigration, apiKeysMigration, workflowShardsMigration];
