import type { Selectable } from 'kysely';
import type { ExecutionsTable } from './schema.js';

export type ExecutionRow = Selectable<ExecutionsTable>;

export { finishedStatuses, toExecutionRecord, unfinishedStatuses } from '../store-common/rows.js';

