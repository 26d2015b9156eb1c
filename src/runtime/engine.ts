import { createExpressionEvaluator, type ExpressionEvaluator } from '../core/expression/index.js';
import { WeftError } from '../core/errors/index.js';
import type { Item, WorkflowDocument } from '../core/model/types.js';
import type { Clock, NodeRegistry, SubWorkflowRunner } from '../core/node-api/index.js';
import { replayProgress, type ExecutionProgress, type ExecutionResult, type SchedulerEvent } from '../core/scheduler/index.js';
import { validateWorkflow } from '../core/validation/index.js';
import type { WeftConfig } from '../config/config.js';
import type { Logger } from '../logging/logger.js';
import { createBuiltinRegistry } from '../nodes/index.js';
import { closeCodeSandboxPool, setCodeSandboxPool } from '../nodes/code/sandbox-pool.js';
import { configureOutboundGuard } from '../nodes/http-request/outbound-guard.js';
import { ProcessPool } from './sandbox/process-pool.js';
import { systemClock } from './clock.js';
import { executeWorkflow, findStartNode, type ExecuteOptions } from './execute-workflow.js';
import { planOf } from './plan-cache.js';
import { Semaphore } from './semaphore.js';

/** Per-execution choices a caller makes; the rest comes from the engine's configuration. */
export type RunOptions = Pick<ExecuteOptions, 'startItems' | 'startNode' | 'pinData' | 'mode' | 'signal' | 'executionId' | 'onEvent' | 'timeoutMs' | 'resumeFrom' | 'respond' | 'parkWaitsLongerThanMs' | 'staticData'> & {
  /** Where Execute Workflow nodes (and their sub-workflows) find stored workflows by id; the server passes its store's. */
  readonly loadWorkflow?: SubWorkflowRunner['loadWorkflow'];
};

/** A configured engine: node registry, expression evaluator, process-wide limits. */
export interface Engine {
  readonly registry: NodeRegistry;
  /** The evaluator executions use (with the `$env` allowlist); the HTTP layer evaluates webhook options with it. */
  readonly evaluator: ExpressionEvaluator;
  /** Time zone of workflows whose settings name none (WEFT_DEFAULT_TIMEZONE), for `$now` outside executions. */
  readonly defaultTimezone: string;
  execute(workflow: WorkflowDocument, options?: RunOptions): Promise<ExecutionResult>;
  /**
   * How far a stored execution got, rebuilt from its recorded events with this engine's limits (as a resume would
   * replay them) without running a node: e.g. the run data of a `waiting` execution. `options` is the recorded
   * run's start (its stored input).
   *
   * @example
   * const progress = engine.replay(workflow.definition, replayableEvents(await store.loadCheckpoints(id)), start);
   */
  replay(workflow: WorkflowDocument, events: readonly SchedulerEvent[], options?: Pick<RunOptions, 'startItems' | 'startNode'>): ExecutionProgress;
  /** Releases pooled resources. Idempotent. */
  close(): Promise<void>;
}

/**
 * Builds the in-process engine from configuration.
 *
 * @example
 * const engine = createEngine(loadConfig(process.env), logger);
 * const result = await engine.execute(workflow);
 */
export function createEngine(config: WeftConfig, logger: Logger, overrides: { clock?: Clock; registry?: NodeRegistry } = {}): Engine {
  const registry = overrides.registry ?? createBuiltinRegistry();
  const clock = overrides.clock ?? systemClock;
  const env = Object.fromEntries(config.expressionEnvAllow.map((name) => [name, process.env[name] ?? '']));
  const evaluator: ExpressionEvaluator = createExpressionEvaluator(config.expressionEnvAllow.length > 0 ? { env } : {});
  const processSlots = new Semaphore(config.processNodeSlots);
  // User code (Code nodes, sort code, Merge SQL) runs in one process-wide pool of sandbox child processes, so that
  // code that crashes V8 takes down a child, not Weft.
  setCodeSandboxPool(
    new ProcessPool({ timeoutMs: config.codeTimeoutMs, memoryLimitMb: config.codeMemoryMb, ...(config.codeProcesses > 0 ? { size: config.codeProcesses } : {}) }),
  );
  // The HTTP Request node's outbound policy is process-wide, like the sandbox pool.
  configureOutboundGuard({ allowPrivate: config.httpAllowPrivate, allowHosts: [...config.httpAllowHosts] });
  let closed = false;
  let executionCounter = 0;

  // The same for every execution: made once (an execution's options are spread over it).
  const base: Omit<ExecuteOptions, 'subWorkflows'> = {
    registry,
    evaluator,
    clock,
    logger,
    processSlots,
    maxParallelNodes: config.maxParallelNodes,
    maxNodeRuns: config.maxNodeRuns,
    defaultTimezone: config.defaultTimezone,
    timeoutMs: config.executionTimeoutSeconds > 0 ? config.executionTimeoutSeconds * 1000 : undefined,
  };

  // One runner per way of loading stored workflows, so nested sub-workflows can load by id like their parent.
  const subWorkflowsWith = (loadWorkflow: SubWorkflowRunner['loadWorkflow']): SubWorkflowRunner => {
    const subWorkflows: SubWorkflowRunner = {
      ...(loadWorkflow ? { loadWorkflow } : {}),
      async run(workflow, items, options) {
        const problems = validateWorkflow(workflow, registry);
        if (problems.length > 0) {
          throw new WeftError('WEFT_E_INVALID_WORKFLOW', `The sub-workflow is invalid: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
        }
        // Sub-executions do not take process slots: the parent already holds one while it waits, and sharing
        // the pool could deadlock nested calls.
        const result = await executeWorkflow(workflow, {
          ...base,
          processSlots: undefined,
          subWorkflows,
          startKind: 'subWorkflow',
          startItems: items,
          signal: options.signal,
          mode: 'integrated',
          executionId: `${options.parentExecutionId ?? 'sub'}.${++executionCounter}`,
        });
        if (result.status !== 'success') {
          const error = result.data.resultData.error;
          throw new WeftError('WEFT_E_NODE_FAILED', error?.message ?? `The sub-workflow ended with status ${result.status}`, { node: error?.node });
        }
        const last = result.data.resultData.lastNodeExecuted;
        const runs = last ? result.data.resultData.runData[last] : undefined;
        return (runs?.[runs.length - 1]?.data.main ?? [[]]) as Item[][];
      },
    };
    return subWorkflows;
  };
  const storelessSubWorkflows = subWorkflowsWith(undefined);
  // Callers pass the same loader on every run (the worker's store lookup): one runner each, not one per execution.
  const runnersByLoader = new WeakMap<NonNullable<SubWorkflowRunner['loadWorkflow']>, SubWorkflowRunner>();
  const subWorkflowsFor = (loadWorkflow: NonNullable<SubWorkflowRunner['loadWorkflow']>): SubWorkflowRunner => {
    let runner = runnersByLoader.get(loadWorkflow);
    if (runner === undefined) {
      runner = subWorkflowsWith(loadWorkflow);
      runnersByLoader.set(loadWorkflow, runner);
    }
    return runner;
  };

  return {
    registry,
    evaluator,
    defaultTimezone: config.defaultTimezone,
    execute: (workflow, { loadWorkflow, ...options } = {}) =>
      executeWorkflow(workflow, {
        ...base,
        subWorkflows: loadWorkflow ? subWorkflowsFor(loadWorkflow) : storelessSubWorkflows,
        executionId: options.executionId ?? `run-${++executionCounter}`,
        ...stripUndefined(options),
      }),
    replay: (workflow, events, options = {}) => {
      const plan = planOf(workflow, registry);
      return replayProgress(plan, {
        // As executeWorkflow picks it, so the replay starts where the recorded run did.
        startNode: options.startNode ?? findStartNode(plan) ?? '',
        startItems: options.startItems,
        maxParallelNodes: base.maxParallelNodes,
        maxNodeRuns: base.maxNodeRuns,
        timeoutMs: base.timeoutMs,
      }, events);
    },
    close: async () => {
      if (closed) return;
      closed = true;
      closeCodeSandboxPool();
    },
  };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  const defined: Partial<T> = {};
  for (const key in value) {
    if (value[key] !== undefined) defined[key] = value[key];
  }
  return defined;
}
