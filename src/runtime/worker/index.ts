export { createExecutionEnqueuer, concurrencyLimitOf, type ExecutionEnqueuer, type EnqueueOptions, type RoutedWorkflow } from './execution-enqueuer.js';
export { parseExecutionJob, toJobMessage, type ExecutionJob, type ExecutionJobKind } from './execution-job.js';
export { ExecutionSignals } from './execution-signals.js';
export { createExecutionWorker, type DirectRun, type EndedExecution, type ExecutionWorker, type ExecutionWorkerOptions, type WorkerStopReport } from './execution-worker.js';
export { recordDeadLetters, deadLetterMessage } from './dead-letter-recorder.js';
export { createWorkerMetrics, type JobOutcome, type WorkerMetrics } from './worker-metrics.js';
export { processIsAlive, recoverDirectRuns } from './recover-direct-runs.js';
