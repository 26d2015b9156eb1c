import { WeftError } from '../core/errors/index.js';
import { createExpressionEvaluator, type ExpressionEvaluator } from '../core/expression/index.js';
import type { ExecutionPlan } from '../core/graph/index.js';
import type { ExecutionMode, Item, WorkflowDocument } from '../core/model/types.js';
import type { Clock, CredentialsProvider, NodeContext, NodeRegistry, SubWorkflowRunner, TriggerKind } from '../core/node-api/index.js';
import { Scheduler, type ExecutionResult, type SchedulerCommand, type SchedulerEvent } from '../core/scheduler/index.js';
import { createSilentLogger, type Logger } from '../logging/logger.js';
import { systemClock } from './clock.js';
import { ExecutionCustomData } from './custom-data.js';
import { createNodeContext } from './node-context.js';
import { planOf } from './plan-cache.js';
import { RunStop } from './run-stop.js';
import { createRunDataView } from './run-data-view.js';
import type { Semaphore } from './semaphore.js';
import { serializeNodeError } from './serialize-error.js';
import { validateNodeOutput } from './validate-output.js';

/**
 * Abort reasons made once: aborting without a reason makes a DOMException (with a stack trace) per call, and every
 * execution aborts its wake-up and timers when it finishes.
 */
const EXECUTION_FINISHED = new Error('The execution finished');
const TIMER_CLEARED = new Error('The timer was cleared');

/** n8n's default workflow time zone (its GENERIC_TIMEZONE), used when neither the workflow nor the caller names one. */
export const defaultTimezone = 'America/New_York';

/** How to run one execution. Only `registry` is required. */
export interface ExecuteOptions {
  readonly registry: NodeRegistry;
  readonly evaluator?: ExpressionEvaluator;
  readonly clock?: Clock;
  readonly logger?: Logger;
  /** Process-wide bound on concurrently running nodes, shared by every execution of the process. */
  readonly processSlots?: Semaphore;
  readonly executionId?: string;
  readonly mode?: ExecutionMode;
  /** Start node name; default: the first trigger of `startKind`, else the first trigger. */
  readonly startNode?: string;
  /** Which kind of trigger to start from when `startNode` is not given (default `manual`). */
  readonly startKind?: TriggerKind;
  readonly startItems?: Item[];
  readonly maxParallelNodes?: number;
  readonly maxNodeRuns?: number;
  readonly timeoutMs?: number;
  /** Time zone for workflows whose settings name none (n8n's default is America/New_York). */
  readonly defaultTimezone?: string;
  /** Aborting cancels the execution; running nodes see their signal abort. */
  readonly signal?: AbortSignal;
  readonly pinData?: Readonly<Record<string, Item[]>>;
  readonly subWorkflows?: SubWorkflowRunner;
  /** Where nodes get their credentials' data (the server's store). */
  readonly credentials?: CredentialsProvider;
  /** Where a Respond to Webhook node hands its HTTP answer (webhook executions whose caller waits for it). */
  readonly respond?: NodeContext['respond'];
  /**
   * The workflow's static data for this execution (`NodeContext.staticData`): nodes change it in place, and the
   * caller that loaded it saves it afterwards. Absent: nodes fall back to `workflow.staticData`, changes are dropped.
   */
  readonly staticData?: Record<string, unknown>;
  /** Every scheduler event, in order: the execution's log, from which it can be replayed. */
  readonly onEvent?: (event: SchedulerEvent) => void;
  /**
   * Continues an execution from its recorded event log (as `onEvent` reported it, `start` first) instead of
   * starting afresh: the scheduler replays the log, so nodes that finished are not run again; runs that were
   * dispatched but not finished run again and pending timers are set again. `onEvent` sees only the new
   * events. The other options must be those of the recorded run (same start node, items, limits), or the
   * replay diverges. An empty log starts afresh.
   */
  readonly resumeFrom?: readonly SchedulerEvent[];
  /**
   * Lets waits of at least this many ms leave the process (n8n parks waits of 65 s and more): a node calling
   * `putExecutionToWait` finishes at once, its successors are held back, and the execution ends with status
   * `waiting` and `waitTill` once nothing else can run. Only for executions whose events are stored and that
   * something resumes (with `resumeFrom`) at waitTill. Undefined (the default): waits are slept in memory.
   */
  readonly parkWaitsLongerThanMs?: number;
}

/**
 * Runs a validated workflow to completion and returns the result in n8n's shape. This is the thin, effectful
 * shell around the pure {@link Scheduler}: it runs nodes, keeps timers and feeds outcomes back as events.
 *
 * @example
 * const result = await executeWorkflow(workflow, { registry: createBuiltinRegistry() });
 * result.status; // 'success'
 */
export async function executeWorkflow(workflow: WorkflowDocument, options: ExecuteOptions): Promise<ExecutionResult> {
  const plan = planOf(workflow, options.registry);
  return new ExecutionRunner(plan, options).run();
}

/**
 * Picks the node an execution starts from: the first enabled trigger of the wanted kind, else the first enabled
 * trigger of any kind.
 */
export function findStartNode(plan: ExecutionPlan, kind: TriggerKind = 'manual'): string | undefined {
  const triggers = plan.nodes.filter((node) => node.spec.trigger === true && node.node.disabled !== true);
  return (triggers.find((node) => (node.spec.triggerKind ?? 'event') === kind) ?? triggers[0])?.name;
}

class ExecutionRunner {
  private readonly scheduler: Scheduler;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly evaluator: ExpressionEvaluator;
  private readonly executionId: string;
  private readonly runStops = new Map<number, RunStop>();
  private readonly timerControllers = new Map<number, AbortController>();
  /**
   * Aborts the in-memory wait of a resumed execution whose park is not quite over (see {@link resumeParked}). Made
   * only for such a wait: an AbortController per execution is measurable work on the webhook hot path.
   */
  private wakeController: AbortController | undefined;
  private readonly inputsByRun = new Map<string, readonly (readonly Item[])[]>();
  /** `$execution.customData`: one object for the whole execution, shared by its nodes; changes go into the event log. */
  private readonly customData = new ExecutionCustomData();
  private readonly runDataView;
  private resolveResult: ((result: ExecutionResult) => void) | undefined;
  private finished = false;

  constructor(
    private readonly plan: ExecutionPlan,
    private readonly options: ExecuteOptions,
  ) {
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? createSilentLogger();
    this.evaluator = options.evaluator ?? createExpressionEvaluator();
    this.executionId = options.executionId ?? 'local';
    const startNode = options.startNode ?? findStartNode(plan, options.startKind) ?? '';
    this.scheduler = new Scheduler(plan, {
      startNode,
      startItems: options.startItems,
      maxParallelNodes: options.maxParallelNodes,
      maxNodeRuns: options.maxNodeRuns,
      timeoutMs: options.timeoutMs,
      mode: options.mode ?? 'manual',
      pinData: options.pinData,
    });
    this.runDataView = createRunDataView(this.scheduler, (node, runIndex) => this.inputsByRun.get(`${node}#${runIndex}`));
  }

  run(): Promise<ExecutionResult> {
    return new Promise<ExecutionResult>((resolve) => {
      this.resolveResult = resolve;
      const signal = this.options.signal;
      if (signal) {
        const onAbort = (): void => this.dispatch({ type: 'cancel', at: this.clock.now(), reason: 'canceled' });
        if (signal.aborted) queueMicrotask(onAbort);
        else signal.addEventListener('abort', onAbort, { once: true });
      }
      if (this.options.resumeFrom !== undefined && this.options.resumeFrom.length > 0) this.resume(this.options.resumeFrom);
      else this.dispatch({ type: 'start', at: this.clock.now() });
    });
  }

  /**
   * Replays a recorded log without running anything, keeping what the replayed commands tell us (each run's
   * inputs for `$input`-style lookups, the timers still pending), then re-issues what was in flight.
   */
  private resume(events: readonly SchedulerEvent[]): void {
    if (events[0]?.type !== 'start') {
      throw new WeftError('WEFT_E_INVALID_ARGUMENT', `Cannot resume execution ${this.executionId}: its event log must begin with the start event, not "${events[0]?.type ?? 'nothing'}"`);
    }
    const pendingTimers = new Map<number, number>();
    for (const event of events) {
      if (event.type === 'timerFired') pendingTimers.delete(event.timerId);
      for (const command of this.scheduler.handle(event)) {
        if (command.type === 'runNode') this.inputsByRun.set(`${command.nodeName}#${command.runIndex}`, command.inputs);
        else if (command.type === 'setTimer') pendingTimers.set(command.timerId, command.at);
        else if (command.type === 'clearTimer') pendingTimers.delete(command.timerId);
      }
    }
    const customData = this.scheduler.currentCustomData;
    if (customData !== undefined) this.customData.restore(customData);
    const result = this.scheduler.finalResult;
    if (result?.status === 'waiting') {
      this.resumeParked(result);
      return;
    }
    if (result) {
      this.perform({ type: 'finished', result });
      return;
    }
    for (const [timerId, at] of pendingTimers) this.setTimer(timerId, at);
    for (const command of this.scheduler.outstandingRuns()) this.perform(command);
  }

  /**
   * Picks up a parked execution: tells the scheduler it resumed now. A park not yet over is parked again when
   * the time left is one this run would park anyway (so an early redelivery holds no memory); a shorter rest is
   * slept here first, so that a job arriving a little early (clocks differ) does not park it again for seconds.
   */
  private resumeParked(parked: ExecutionResult): void {
    const left = Date.parse(parked.waitTill ?? parked.stoppedAt) - this.clock.now();
    if (left <= 0 || this.mayPark(left)) {
      this.dispatch({ type: 'resumed', at: this.clock.now() });
      return;
    }
    this.wakeController = new AbortController();
    this.clock.sleep(left, this.wakeController.signal).then(
      () => this.dispatch({ type: 'resumed', at: this.clock.now() }),
      () => undefined, // canceled while sleeping: the cancel event ended the execution
    );
  }

  /** True when a wait of `waitMs` leaves the process instead of being slept here. */
  private mayPark(waitMs: number): boolean {
    const threshold = this.options.parkWaitsLongerThanMs;
    return threshold !== undefined && waitMs >= threshold;
  }

  /** Feeds one event to the scheduler and carries out the commands. Events are handled one at a time. */
  private dispatch(event: SchedulerEvent): void {
    if (this.finished) return;
    this.options.onEvent?.(event);
    const commands = this.scheduler.handle(event);
    for (const command of commands) this.perform(command);
  }

  private perform(command: SchedulerCommand): void {
    switch (command.type) {
      case 'runNode':
        void this.runNode(command);
        break;
      case 'abortRun':
        this.runStops.get(command.runId)?.abort(new Error('The execution stopped before this node finished'));
        this.runStops.delete(command.runId);
        break;
      case 'setTimer':
        this.setTimer(command.timerId, command.at);
        break;
      case 'clearTimer':
        this.timerControllers.get(command.timerId)?.abort(TIMER_CLEARED);
        this.timerControllers.delete(command.timerId);
        break;
      case 'finished':
        this.finished = true;
        for (const controller of this.timerControllers.values()) controller.abort(EXECUTION_FINISHED);
        this.timerControllers.clear();
        this.wakeController?.abort(EXECUTION_FINISHED);
        this.logger.debug({ executionId: this.executionId, status: command.result.status }, 'execution finished');
        if (!this.customData.isEmpty) command.result.data.resultData.metadata = this.customData.snapshot();
        this.resolveResult?.(command.result);
        break;
    }
  }

  private setTimer(timerId: number, at: number): void {
    const controller = new AbortController();
    this.timerControllers.set(timerId, controller);
    this.clock.sleep(Math.max(0, at - this.clock.now()), controller.signal).then(
      () => {
        if (!this.timerControllers.delete(timerId)) return;
        this.dispatch({ type: 'timerFired', timerId, at: this.clock.now() });
      },
      () => undefined, // cleared
    );
  }

  private async runNode(command: Extract<SchedulerCommand, { type: 'runNode' }>): Promise<void> {
    const planNode = this.plan.byName.get(command.nodeName)!;
    const stop = new RunStop();
    this.runStops.set(command.runId, stop);
    // The node may change its state in place; most nodes keep none, and cloning an empty object is not free.
    const nodeState = isEmpty(command.nodeState) ? {} : structuredClone(command.nodeState);
    // Custom data the run changes goes into its finish event (see ExecutionCustomData); a number, no allocation.
    const customDataVersion = this.customData.version;
    // Set when the node parks the execution (a long Wait); recorded in its nodeSucceeded event.
    let waitTill: number | undefined;
    const putExecutionToWait = (until: number): boolean => {
      if (!this.mayPark(until - this.clock.now())) return false;
      waitTill = until;
      return true;
    };
    let release: (() => void) | undefined;
    try {
      const slots = this.options.processSlots;
      // Only a wait for a slot needs the signal (to give up waiting); a free slot is taken at once.
      if (slots !== undefined && !stop.aborted) release = await (slots.free > 0 ? slots.acquire() : slots.acquire(stop.signal));
      // Yield once so that a burst of ready nodes is started before any of them runs synchronously.
      await Promise.resolve();
      if (stop.aborted) return;
      this.inputsByRun.set(`${command.nodeName}#${command.runIndex}`, command.inputs);
      const context = createNodeContext({
        node: planNode.node,
        workflow: this.plan.workflow,
        runIndex: command.runIndex,
        inputs: command.inputs,
        source: command.source,
        runData: this.runDataView,
        nodeState,
        evaluator: this.evaluator,
        clock: this.clock,
        signal: () => stop.signal,
        logger: nodeLogger(this.logger, this.executionId, command.nodeName),
        executionId: this.executionId,
        mode: this.options.mode ?? 'manual',
        timezone: this.plan.workflow.settings?.timezone ?? this.options.defaultTimezone ?? defaultTimezone,
        customData: this.customData.values,
        staticData: this.options.staticData,
        subWorkflows: this.options.subWorkflows,
        credentials: this.options.credentials,
        respond: this.options.respond,
        putExecutionToWait,
      });
      const raw = await planNode.spec.execute(context, command.inputs);
      const outputs = validateNodeOutput(raw, command.nodeName);
      if (stop.aborted) return;
      this.runStops.delete(command.runId);
      this.dispatch({ type: 'nodeSucceeded', runId: command.runId, at: this.clock.now(), outputs, nodeState, ...(waitTill !== undefined ? { waitTill } : {}), ...this.customData.changesSince(customDataVersion) });
    } catch (error) {
      if (stop.aborted && this.finished) return;
      this.runStops.delete(command.runId);
      this.dispatch({ type: 'nodeFailed', runId: command.runId, at: this.clock.now(), error: serializeNodeError(error, command.nodeName), nodeState, ...this.customData.changesSince(customDataVersion) });
    } finally {
      release?.();
    }
  }
}

function isEmpty(value: Readonly<Record<string, unknown>>): boolean {
  for (const _key in value) return false;
  return true;
}

/** A node's logger; the child logger with the execution and node names is made on the first line logged (most runs log none). */
function nodeLogger(logger: Logger, executionId: string, node: string) {
  let child: Logger | undefined;
  const lines = (): Logger => (child ??= logger.child({ executionId, node }));
  return {
    debug: (message: string, data?: Record<string, unknown>) => lines().debug(data ?? {}, message),
    info: (message: string, data?: Record<string, unknown>) => lines().info(data ?? {}, message),
    warn: (message: string, data?: Record<string, unknown>) => lines().warn(data ?? {}, message),
  };
}
