export { Scheduler, defaultSchedulerLimits } from './scheduler.js';
export { nodePolicy, isErrorItem, assignPairedItems, type NodePolicy } from './node-policy.js';
export { replayProgress, type ExecutionProgress } from './progress.js';
export type {
  ExecutionResult,
  ExecutionStatus,
  RunData,
  SchedulerCommand,
  SchedulerEvent,
  SchedulerOptions,
  SerializedError,
  TaskData,
} from './types.js';
