import type { Insertable, Selectable } from 'kysely';
import type { NewExecution } from '../../ports/store/index.js';
import type { ExecutionsTable } from './schema.js';

export type ExecutionRow = Selectable<ExecutionsTable>;

import { newExecutionColumns } from '../store-common/rows.js';

export { finishedStatuses, toExecutionRecord, unfinishedStatuses } from '../store-common/rows.js';


/** The row of a new execution (the shared shape, typed for this dialect's table). */
export function newExecutionRow(id: string, input: NewExecution, at: number): Insertable<ExecutionsTable> & ExecutionRow {
  return newExecutionColumns(id, input, at);
}
