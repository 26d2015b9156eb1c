export { createPostgresStore, openPostgresStore } from './postgres-store.js';
export { defaultPoolOptions, type PostgresStoreOptions, type PostgresPoolOptions } from './options.js';
