export { createSqliteQueue, type SqliteJobQueue } from './sqlite-queue.js';
export type { SqliteQueueOptions } from './options.js';
