import { initialMigration } from './001-initial.js';
import { apiKeysMigration } from './002-api-keys.js';
import { queueClaimsMigration } from './003-queue-claims.js';
import type { SqliteMigration } from './migration.js';

export type { SqliteMigration } from './migration.js';

/** Every migration, in version order. Append new ones; never edit a released one. */
export const sqliteMigrations: readonly SqliteMigration[] = [initialMigration, apiKeysMigration, queueClaimsMigration];
