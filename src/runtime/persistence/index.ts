export { runPersisted, type RunPersistedOptions } from './run-persisted.js';
export { resumeExecution, replayableEvents, type ResumeExecutionOptions, type ResumedRun } from './resume-execution.js';
export { defaultCheckpointFlushMs, defaultWaitParkThresholdMs, type PersistedRun, type PersistedStart } from './drive-execution.js';
export { AttemptControl } from './attempt-control.js';
export { CheckpointWriter, type CheckpointWriterOptions } from './checkpoint-writer.js';
export { defaultSavingPolicy, savingPolicyFor, type SavingPolicy } from './saving-policy.js';
