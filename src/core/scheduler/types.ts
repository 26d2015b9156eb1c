import type { Item, ExecutionMode } from '../model/types.js';
import type { RunSource } from '../node-api/types.js';

/** An error as stored in run data: n8n's fields, no stack trace. */
export interface SerializedError {
  message: string;
  name: string;
  code?: string;
  description?: string;
  context?: Record<string, unknown>;
  node?: string;
  itemIndex?: number;
}

/** One run of one node, in n8n's `ITaskData` shape. */
export interface TaskData {
  startTime: number;
  executionTime: number;
  executionIndex: number;
  executionStatus: 'success' | 'error' | 'canceled';
  source: (RunSource | null)[];
  data: { main: Item[][] };
  error?: SerializedError;
  hints?: string[];
}

/** `runData[nodeName][runIndex]`. */
export type RunData = Record<string, TaskData[]>;

export type ExecutionStatus = 'running' | 'success' | 'error' | 'canceled' | 'waiting';

/** The outcome of an execution, in n8n's `IRun` shape (the parts Weft keeps). */
export interface ExecutionResult {
  status: Exclude<ExecutionStatus, 'running'>;
  mode: ExecutionMode;
  startedAt: string;
  stoppedAt: string;
  /**
   * When a `waiting` execution should be resumed (ISO 8601, as n8n's `waitTill`): the earliest time one of its
   * parked nodes may pass its output on. Only set when `status` is `waiting`.
   */
  waitTill?: string;
  data: {
    resultData: {
      runData: RunData;
      lastNodeExecuted?: string;
      error?: SerializedError;
      /** The execution's custom data (`$execution.customData`), when a node set some. */
      metadata?: Record<string, string>;
    };
  };
}

/** Settings of one execution that the scheduler enforces. */
export interface SchedulerOptions {
  /** Name of the node the execution starts from (a trigger). */
  readonly startNode: string;
  /** Items the start node receives; n8n's manual run gives one empty item. */
  readonly startItems?: Item[];
  /** At most this many nodes of this execution run at once. */
  readonly maxParallelNodes?: number;
  /** Bound on node runs in one execution; a runaway loop ends with an error when it is reached. */
  readonly maxNodeRuns?: number;
  /** Whole-execution timeout in ms (clock time); none when undefined. */
  readonly timeoutMs?: number;
  readonly mode?: ExecutionMode;
  /** Outputs that replace node execution (n8n pinData). */
  readonly pinData?: Readonly<Record<string, Item[]>>;
}

/**
 * Everything that can happen to an execution. The scheduler is a fold over these.
 *
 * - `nodeSucceeded.waitTill` (epoch ms): the node asked to park the execution until then (a long Wait). Its
 *   outputs are held until an event at or after that time; when nothing else can run the execution ends with
 *   status `waiting`. Being part of the event, the park is checkpointed with the node's output.
 * - `resumed`: a new attempt picks up a `waiting` execution at `at`. Parks due by then are lifted and their
 *   successors run; if none is due yet (an early redelivery), the execution parks again with the same waitTill.
 * - `nodeSucceeded.customData` / `nodeFailed.customData`: the whole `$execution.customData` as it was when the
 *   run ended, present only when it changed while the run ran (most events carry none). The latest one replaces
 *   the execution's custom data, so a replay (resume after a park or a crash) restores it.
 */
export type SchedulerEvent =
  | { type: 'start'; at: number }
  | {
      type: 'nodeSucceeded';
      runId: number;
      at: number;
      outputs: Item[][];
      nodeState?: Record<string, unknown>;
      hints?: string[];
      waitTill?: number;
      customData?: Record<string, string>;
    }
  | { type: 'nodeFailed'; runId: number; at: number; error: SerializedError; nodeState?: Record<string, unknown>; customData?: Record<string, string> }
  | { type: 'timerFired'; timerId: number; at: number }
  | { type: 'cancel'; at: number; reason: 'canceled' | 'timeout' }
  | { type: 'resumed'; at: number };

/** What the scheduler asks the runtime to do. */
export type SchedulerCommand =
  | {
      type: 'runNode';
      runId: number;
      nodeName: string;
      runIndex: number;
      attempt: number;
      inputs: Item[][];
      source: (RunSource | null)[];
      nodeState: Record<string, unknown>;
    }
  | { type: 'abortRun'; runId: number }
  | { type: 'setTimer'; timerId: number; at: number }
  | { type: 'clearTimer'; timerId: number }
  | { type: 'finished'; result: ExecutionResult };
