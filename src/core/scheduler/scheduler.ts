import type { ExecutionPlan, PlanNode } from '../graph/index.js';
import type { Item } from '../model/types.js';
import type { RunSource } from '../node-api/types.js';
import { assignPairedItems, nodePolicy, routeErrorItems, type NodePolicy } from './node-policy.js';
import { ParkedOutputs } from './parked-outputs.js';
import type {
  ExecutionResult,
  ExecutionStatus,
  RunData,
  SchedulerCommand,
  SchedulerEvent,
  SchedulerOptions,
  SerializedError,
  TaskData,
} from './types.js';

/** Input data waiting to become a run: per input, the items (undefined = nothing arrived yet) and their source. */
interface PendingRun {
  readonly seq: number;
  readonly inputs: (Item[] | undefined)[];
  readonly source: (RunSource | null)[];
  /** Inputs for which v0 already forced upstream nodes to run. */
  readonly forced: Set<number>;
}

interface ReadyRun {
  readonly inputs: Item[][];
  readonly source: (RunSource | null)[];
}

interface ActiveRun {
  readonly runId: number;
  readonly node: PlanNode;
  readonly runIndex: number;
  readonly executionIndex: number;
  readonly inputs: Item[][];
  readonly source: (RunSource | null)[];
  readonly startedAt: number;
  attempt: number;
  retryTimer: number | undefined;
}

interface NodeProgress {
  /** Runs started so far: the next run's runIndex. */
  runsStarted: number;
  readonly ready: ReadyRun[];
  readonly pending: PendingRun[];
  running: number | undefined;
  state: Record<string, unknown>;
}

export const defaultSchedulerLimits = { maxParallelNodes: 16, maxNodeRuns: 100_000 } as const;

/**
 * The execution state machine: events in, commands out, time carried by the events. It never awaits, never
 * reads a clock and does no I/O, so an execution can be replayed from its event log (the basis of
 * checkpoint/resume) and tested by feeding events.
 *
 * Semantics are data flow: a node runs when data arrives on its single input, or when every input of a
 * multi-input node has data or can no longer get any. Every ready node is started at once, up to
 * `maxParallelNodes`. Where n8n's two execution orders differ (multi-input nodes whose inputs did not all
 * receive data), the workflow's `executionOrder` decides: v0 forces the upstream nodes of the missing input to
 * run, v1 runs the node with the missing input empty when its required inputs are met.
 *
 * Parking (durable waits): a `nodeSucceeded` whose `waitTill` lies after the event holds that run's outputs back
 * until an event at or after `waitTill`. When nothing else can run, the execution ends with status `waiting` and
 * the earliest park time as `waitTill`; a `resumed` event reopens it, lifting the parks due by then.
 *
 * @example
 * const scheduler = new Scheduler(plan, { startNode: 'Start' });
 * let commands = scheduler.handle({ type: 'start', at: Date.now() });
 * // run each `runNode` command, then feed back { type: 'nodeSucceeded', runId, outputs, at }
 */
export class Scheduler {
  private readonly options: Required<Omit<SchedulerOptions, 'timeoutMs' | 'pinData' | 'startItems'>> & SchedulerOptions;
  private readonly progress: NodeProgress[];
  private readonly policies: NodePolicy[];
  private readonly runs = new Map<number, ActiveRun>();
  private readonly timers = new Map<number, { kind: 'retry'; runId: number } | { kind: 'timeout' }>();
  private readonly runData: RunData = {};
  private readonly parked = new ParkedOutputs();
  /** Nodes that have ready runs, in the order they became ready (each listed once). */
  private readyNodes: number[] = [];
  private status: ExecutionStatus | 'new' = 'new';
  private startedAt = 0;
  private nextRunId = 1;
  private nextTimerId = 1;
  private nextExecutionIndex = 0;
  private nextPendingSeq = 0;
  /** Multi-input runs waiting for data, across all nodes (kept so the common case skips the starvation scan). */
  private pendingCount = 0;
  private totalRuns = 0;
  private lastNodeExecuted: string | undefined;
  /** `$execution.customData` as the latest event carrying it recorded it; undefined while no node set any. */
  private customData: Readonly<Record<string, string>> | undefined;
  private result: ExecutionResult | undefined;

  constructor(
    private readonly plan: ExecutionPlan,
    options: SchedulerOptions,
  ) {
    // Explicit `??` rather than spreading defaults: callers pass `undefined` for "not set".
    this.options = {
      ...options,
      maxParallelNodes: options.maxParallelNodes ?? defaultSchedulerLimits.maxParallelNodes,
      maxNodeRuns: options.maxNodeRuns ?? defaultSchedulerLimits.maxNodeRuns,
      mode: options.mode ?? 'manual',
    };
    this.progress = plan.nodes.map(() => ({ runsStarted: 0, ready: [], pending: [], running: undefined, state: {} }));
    this.policies = plan.nodes.map((node) => nodePolicy(node.node));
  }

  /** Rebuilds a scheduler from a recorded event log, returning it with the commands still outstanding. */
  static replay(plan: ExecutionPlan, options: SchedulerOptions, events: readonly SchedulerEvent[]): Scheduler {
    const scheduler = new Scheduler(plan, options);
    for (const event of events) scheduler.handle(event);
    return scheduler;
  }

  /** The run data recorded so far (live; do not mutate). */
  get currentRunData(): Readonly<RunData> {
    return this.runData;
  }

  get currentStatus(): ExecutionStatus | 'new' {
    return this.status;
  }

  /** The result once the execution finished. */
  get finalResult(): ExecutionResult | undefined {
    return this.result;
  }

  /** The execution's custom data as recorded by its events (undefined while none was set; do not mutate). */
  get currentCustomData(): Readonly<Record<string, string>> | undefined {
    return this.customData;
  }

  /**
   * The execution's result data as far as it got: what `finalResult` holds once it ended, and the same shape
   * while it runs (e.g. to show a running execution's progress rebuilt from its checkpoints). Live; do not mutate.
   */
  currentResultData(error?: SerializedError): ExecutionResult['data']['resultData'] {
    const resultData: ExecutionResult['data']['resultData'] = { runData: this.runData };
    if (this.lastNodeExecuted !== undefined) resultData.lastNodeExecuted = this.lastNodeExecuted;
    if (error) resultData.error = error;
    if (this.customData !== undefined) resultData.metadata = { ...this.customData };
    return resultData;
  }

  /** The state a node keeps across its runs (`$node["X"].context`). */
  nodeState(nodeName: string): Readonly<Record<string, unknown>> {
    const node = this.plan.byName.get(nodeName);
    return node ? this.progress[node.index]!.state : {};
  }

  /** Runs dispatched and not finished yet (with their current attempt), e.g. to re-issue after a resume. */
  outstandingRuns(): SchedulerCommand[] {
    return [...this.runs.values()]
      .filter((run) => run.retryTimer === undefined)
      .map((run) => this.runCommand(run));
  }

  /** Applies one event and returns what the runtime must do next. */
  handle(event: SchedulerEvent): SchedulerCommand[] {
    const commands: SchedulerCommand[] = [];
    if (!this.accepts(event)) return commands;
    switch (event.type) {
      case 'start':
        this.onStart(event.at, commands);
        break;
      case 'resumed':
        this.onResumed(event.at, commands);
        break;
      case 'nodeSucceeded':
        this.onSucceeded(event, commands);
        break;
      case 'nodeFailed':
        this.onFailed(event, commands);
        break;
      case 'timerFired':
        this.onTimer(event.timerId, event.at, commands);
        break;
      case 'cancel':
        this.finish(
          'canceled',
          event.at,
          commands,
          event.reason === 'timeout'
            ? { name: 'TimeoutExecutionCancelledError', code: 'WEFT_E_EXECUTION_TIMEOUT', message: 'The execution was cancelled because it timed out' }
            : { name: 'ManualExecutionCancelledError', code: 'WEFT_E_EXECUTION_CANCELED', message: 'The execution was cancelled' },
        );
        return commands;
    }
    if (this.status === 'running') this.advance(event.at, commands);
    return commands;
  }

  /** A new execution takes only `start`; a parked one only `resumed` or `cancel`; a running one anything but `start`/`resumed`. */
  private accepts(event: SchedulerEvent): boolean {
    if (this.status === 'new') return event.type === 'start';
    if (this.status === 'waiting') return event.type === 'resumed' || event.type === 'cancel';
    return this.status === 'running' && event.type !== 'start' && event.type !== 'resumed';
  }

  private onStart(at: number, commands: SchedulerCommand[]): void {
    this.status = 'running';
    this.startedAt = at;
    const start = this.plan.byName.get(this.options.startNode);
    if (!start) {
      this.finish('error', at, commands, { name: 'WorkflowOperationError', code: 'WEFT_E_INVALID_WORKFLOW', message: `Start node "${this.options.startNode}" does not exist` });
      return;
    }
    this.armTimeout(at, commands);
    const startItems = this.options.startItems ?? [{ json: {} }];
    this.enqueueReady(start.index, { inputs: [startItems], source: [] });
  }

  /**
   * A new attempt picks up the parked execution. `advance` then lifts the parks due by `at`, or parks again at
   * once (same waitTill) when none is due. As in n8n, every attempt gets the whole execution timeout: time spent
   * parked does not count.
   */
  private onResumed(at: number, commands: SchedulerCommand[]): void {
    this.status = 'running';
    this.result = undefined;
    if (this.parked.anyDue(at)) this.armTimeout(at, commands);
  }

  private armTimeout(at: number, commands: SchedulerCommand[]): void {
    if (this.options.timeoutMs === undefined) return;
    const timerId = this.nextTimerId++;
    this.timers.set(timerId, { kind: 'timeout' });
    commands.push({ type: 'setTimer', timerId, at: at + this.options.timeoutMs });
  }

  private onSucceeded(event: Extract<SchedulerEvent, { type: 'nodeSucceeded' }>, commands: SchedulerCommand[]): void {
    // Recorded even for a run retried below: the node did change the custom data before it ended.
    if (event.customData !== undefined) this.customData = event.customData;
    const run = this.runs.get(event.runId);
    if (!run || run.retryTimer !== undefined) return;
    const policy = this.policies[run.node.index]!;
    // n8n retries "soft" failures too: a node that returned an error item first (continueOnFail inside the node).
    const softFailure = event.outputs[0]?.[0]?.json?.error !== undefined;
    if (softFailure && run.attempt < policy.maxTries) {
      this.scheduleRetry(run, event.at, commands);
      return;
    }
    if (event.nodeState) this.progress[run.node.index]!.state = event.nodeState;
    const outputs = this.shapeOutputs(run, event.outputs);
    this.completeRun(run, event.at, { outputs, status: 'success', hints: event.hints, waitTill: event.waitTill });
  }

  private onFailed(event: Extract<SchedulerEvent, { type: 'nodeFailed' }>, commands: SchedulerCommand[]): void {
    if (event.customData !== undefined) this.customData = event.customData;
    const run = this.runs.get(event.runId);
    if (!run || run.retryTimer !== undefined) return;
    const policy = this.policies[run.node.index]!;
    if (run.attempt < policy.maxTries) {
      this.scheduleRetry(run, event.at, commands);
      return;
    }
    if (event.nodeState) this.progress[run.node.index]!.state = event.nodeState;
    const error: SerializedError = { ...event.error, node: event.error.node ?? run.node.name };
    if (policy.continueOnFail) {
      // As n8n: the failed node's input passes through on its first output and the workflow goes on.
      const passThrough = this.padOutputs(run.node, [run.inputs[0] ?? []]);
      this.completeRun(run, event.at, { outputs: passThrough, status: 'error', error });
      return;
    }
    this.recordTask(run, event.at, { main: [] }, 'error', error);
    this.lastNodeExecuted = run.node.name;
    this.runs.delete(run.runId);
    this.finish('error', event.at, commands, error);
  }

  private onTimer(timerId: number, at: number, commands: SchedulerCommand[]): void {
    const timer = this.timers.get(timerId);
    if (!timer) return;
    this.timers.delete(timerId);
    if (timer.kind === 'timeout') {
      this.handleTimeout(at, commands);
      return;
    }
    const run = this.runs.get(timer.runId);
    if (!run) return;
    run.retryTimer = undefined;
    run.attempt += 1;
    commands.push(this.runCommand(run));
  }

  private handleTimeout(at: number, commands: SchedulerCommand[]): void {
    commands.push(...this.handle({ type: 'cancel', at, reason: 'timeout' }));
  }

  private scheduleRetry(run: ActiveRun, at: number, commands: SchedulerCommand[]): void {
    const timerId = this.nextTimerId++;
    run.retryTimer = timerId;
    this.timers.set(timerId, { kind: 'retry', runId: run.runId });
    commands.push({ type: 'setTimer', timerId, at: at + this.policies[run.node.index]!.waitBetweenTriesMs });
  }

  /** Pads outputs to the node's output count, routes error items, applies alwaysOutputData and paired items. */
  private shapeOutputs(run: ActiveRun, raw: Item[][]): Item[][] {
    let outputs = this.padOutputs(run.node, raw);
    const errorOutput = run.node.errorOutput;
    if (errorOutput !== undefined) outputs = routeErrorItems(outputs, errorOutput, run.inputs);
    outputs = assignPairedItems(outputs, run.inputs);
    if (this.policies[run.node.index]!.alwaysOutputData && (outputs[0]?.length ?? 0) === 0) {
      const pairedItem = run.inputs.flatMap((items, input) => items.map((_item, item) => ({ item, input })));
      outputs[0] = [{ json: {}, pairedItem }];
    }
    return outputs;
  }

  private padOutputs(node: PlanNode, raw: Item[][]): Item[][] {
    const outputs: Item[][] = [];
    const count = Math.max(node.outputCount, raw.length);
    for (let index = 0; index < count; index++) outputs.push(raw[index] ?? []);
    return outputs;
  }

  private completeRun(
    run: ActiveRun,
    at: number,
    outcome: { outputs: Item[][]; status: 'success' | 'error'; error?: SerializedError; hints?: string[]; waitTill?: number },
  ): void {
    this.recordTask(run, at, { main: outcome.outputs }, outcome.status, outcome.error, outcome.hints);
    this.lastNodeExecuted = run.node.name;
    this.runs.delete(run.runId);
    const progress = this.progress[run.node.index]!;
    if (progress.running === run.runId) progress.running = undefined;
    if (progress.ready.length > 0 && !this.readyNodes.includes(run.node.index)) this.readyNodes.push(run.node.index);
    // A park time not after the event is no park: the wait is already over.
    if (outcome.waitTill !== undefined && outcome.waitTill > at) {
      this.parked.park({ nodeIndex: run.node.index, runIndex: run.runIndex, outputs: outcome.outputs, until: outcome.waitTill });
      return;
    }
    this.deliver(run.node, run.runIndex, outcome.outputs);
  }

  private recordTask(
    run: ActiveRun,
    at: number,
    data: { main: Item[][] },
    status: TaskData['executionStatus'],
    error?: SerializedError,
    hints?: string[],
  ): void {
    const task: TaskData = {
      startTime: run.startedAt,
      executionTime: Math.max(0, at - run.startedAt),
      executionIndex: run.executionIndex,
      executionStatus: status,
      source: run.source,
      data,
    };
    if (error) task.error = error;
    if (hints && hints.length > 0) task.hints = hints;
    (this.runData[run.node.name] ??= [])[run.runIndex] = task;
  }

  /** Sends a finished run's outputs along its connections. */
  private deliver(from: PlanNode, runIndex: number, outputs: Item[][]): void {
    outputs.forEach((items, output) => {
      for (const edge of from.outgoing[output] ?? []) {
        // An empty output ends the branch. n8n's legacy order (v0) still delivers it to a second or later
        // input, where it counts as "data arrived, none of it".
        if (items.length === 0 && !(this.plan.order === 'v0' && edge.input > 0)) continue;
        const source: RunSource = { previousNode: from.name };
        if (output !== 0) source.previousNodeOutput = output;
        if (runIndex !== 0) source.previousNodeRun = runIndex;
        const target = this.plan.nodes[edge.to]!;
        if (target.inputCount <= 1) {
          this.enqueueReady(target.index, { inputs: [items], source: [source] });
        } else {
          this.fillPending(target, edge.input, items, source);
        }
      }
    });
  }

  private fillPending(target: PlanNode, input: number, items: Item[], source: RunSource): void {
    const progress = this.progress[target.index]!;
    let pending = progress.pending.find((entry) => entry.inputs[input] === undefined);
    if (!pending) {
      pending = {
        seq: this.nextPendingSeq++,
        inputs: new Array<Item[] | undefined>(target.inputCount).fill(undefined),
        source: new Array<RunSource | null>(target.inputCount).fill(null),
        forced: new Set(),
      };
      progress.pending.push(pending);
      this.pendingCount += 1;
    }
    pending.inputs[input] = items;
    pending.source[input] = source;
    if (pending.inputs.every((entry) => entry !== undefined)) {
      progress.pending.splice(progress.pending.indexOf(pending), 1);
      this.pendingCount -= 1;
      this.enqueueReady(target.index, { inputs: pending.inputs as Item[][], source: pending.source });
    }
  }

  private enqueueReady(nodeIndex: number, run: ReadyRun): void {
    const progress = this.progress[nodeIndex]!;
    progress.ready.push(run);
    if (progress.running === undefined && !this.readyNodes.includes(nodeIndex)) this.readyNodes.push(nodeIndex);
  }

  /**
   * Lifts the parks due at `at`, starts ready runs up to the parallelism bound, resolves starved multi-input
   * nodes, and detects the end: `waiting` when only parked outputs are left, `success` when nothing is.
   */
  private advance(at: number, commands: SchedulerCommand[]): void {
    for (const released of this.parked.releaseDue(at)) this.deliver(this.plan.nodes[released.nodeIndex]!, released.runIndex, released.outputs);
    for (;;) {
      this.dispatchReady(at, commands);
      if (this.status !== 'running') return;
      if (this.runs.size > 0 && this.readyNodes.length > 0) return; // saturated; wait for completions
      if (!this.resolveStarvedPending()) break;
    }
    if (this.runs.size > 0 || this.readyNodes.length > 0) return;
    if (this.parked.size > 0) this.finish('waiting', at, commands);
    else if (!this.hasPending()) this.finish('success', at, commands);
  }

  private dispatchReady(at: number, commands: SchedulerCommand[]): void {
    let cursor = 0;
    while (this.status === 'running' && this.runs.size < this.options.maxParallelNodes && cursor < this.readyNodes.length) {
      const nodeIndex = this.readyNodes[cursor]!;
      const progress = this.progress[nodeIndex]!;
      if (progress.running !== undefined || progress.ready.length === 0) {
        // A node runs one run at a time; it is listed again when its current run completes.
        this.readyNodes.splice(cursor, 1);
        continue;
      }
      this.readyNodes.splice(cursor, 1);
      const ready = progress.ready.shift()!;
      this.startRun(this.plan.nodes[nodeIndex]!, ready, at, commands);
      cursor = 0;
    }
  }

  private startRun(node: PlanNode, ready: ReadyRun, at: number, commands: SchedulerCommand[]): void {
    this.totalRuns += 1;
    if (this.totalRuns > this.options.maxNodeRuns) {
      this.finish('error', at, commands, {
        name: 'WorkflowOperationError',
        code: 'WEFT_E_NODE_RUN_LIMIT',
        node: node.name,
        message: `The execution ran ${this.options.maxNodeRuns} nodes and was stopped at node "${node.name}": a loop that never ends? Raise WEFT_MAX_NODE_RUNS if the workflow really needs more.`,
      });
      return;
    }
    const progress = this.progress[node.index]!;
    const policy = this.policies[node.index]!;
    const inputs = policy.executeOnce ? ready.inputs.map((items) => items.slice(0, 1)) : ready.inputs;
    const run: ActiveRun = {
      runId: this.nextRunId++,
      node,
      runIndex: progress.runsStarted++,
      executionIndex: this.nextExecutionIndex++,
      inputs,
      source: ready.source,
      startedAt: at,
      attempt: 1,
      retryTimer: undefined,
    };
    this.runs.set(run.runId, run);
    const pinned = this.options.pinData?.[node.name];
    if (pinned) {
      this.completeRun(run, at, { outputs: this.padOutputs(node, [pinned]), status: 'success' });
      return;
    }
    if (policy.disabled) {
      // A disabled node passes its first input through untouched.
      this.completeRun(run, at, { outputs: this.padOutputs(node, [inputs[0] ?? []]), status: 'success' });
      return;
    }
    progress.running = run.runId;
    commands.push(this.runCommand(run));
  }

  private runCommand(run: ActiveRun): SchedulerCommand {
    return {
      type: 'runNode',
      runId: run.runId,
      nodeName: run.node.name,
      runIndex: run.runIndex,
      attempt: run.attempt,
      inputs: run.inputs,
      source: run.source,
      nodeState: this.progress[run.node.index]!.state,
    };
  }

  private hasPending(): boolean {
    return this.pendingCount > 0;
  }

  /**
   * Resolves multi-input runs whose missing inputs can no longer receive data: nothing upstream of them is
   * running, ready or retrying. Returns true when something changed.
   */
  private resolveStarvedPending(): boolean {
    if (this.pendingCount === 0) return false;
    const active = new Set<number>();
    for (const run of this.runs.values()) active.add(run.node.index);
    for (const nodeIndex of this.readyNodes) active.add(nodeIndex);
    // A parked node's outputs are still to come.
    for (const nodeIndex of this.parked.nodeIndexes()) active.add(nodeIndex);
    const pendingNodes = new Set<number>();
    this.progress.forEach((progress, index) => {
      if (progress.pending.length > 0) pendingNodes.add(index);
    });
    if (pendingNodes.size === 0) return false;

    const candidates = this.plan.nodes
      .flatMap((node) => this.progress[node.index]!.pending.map((pending) => ({ node, pending })))
      .sort((a, b) => a.pending.seq - b.pending.seq);

    const starved = candidates.filter(({ node, pending }) =>
      pending.inputs.every((items, input) => {
        if (items !== undefined) return true;
        const upstream = this.plan.upstream[node.index]![input]!;
        for (const other of upstream) {
          if (active.has(other)) return false;
          if (other !== node.index && pendingNodes.has(other)) return false;
        }
        return true;
      }),
    );
    // Pending nodes that wait on each other (through a loop) with nothing else running: take the oldest.
    const chosen = starved[0] ?? (active.size === 0 ? candidates[0] : undefined);
    if (!chosen) return false;
    this.resolvePending(chosen.node, chosen.pending);
    return true;
  }

  private resolvePending(node: PlanNode, pending: PendingRun): void {
    const progress = this.progress[node.index]!;
    if (this.plan.order === 'v0' && this.forceMissingInputs(node, pending)) return;
    progress.pending.splice(progress.pending.indexOf(pending), 1);
    this.pendingCount -= 1;
    if (!this.requiredInputsMet(node, pending)) return;
    this.enqueueReady(node.index, { inputs: pending.inputs.map((items) => items ?? []), source: pending.source });
  }

  private requiredInputsMet(node: PlanNode, pending: PendingRun): boolean {
    const rule = node.requiredInputs;
    if (typeof rule === 'number') return pending.inputs.filter((items) => items !== undefined).length >= rule;
    return rule.every((input) => pending.inputs[input] !== undefined);
  }

  /**
   * n8n's legacy order runs the nodes feeding a missing input even when nothing led to them: the highest
   * not-yet-run node on the way up gets one empty item. Returns true when it started something.
   */
  private forceMissingInputs(node: PlanNode, pending: PendingRun): boolean {
    let forcedAny = false;
    pending.inputs.forEach((items, input) => {
      if (items !== undefined || pending.forced.has(input)) return;
      pending.forced.add(input);
      for (const edge of node.incoming[input] ?? []) {
        const target = this.highestUnrunAncestor(edge.from);
        if (target === undefined) continue;
        const targetNode = this.plan.nodes[target]!;
        const inputs: Item[][] = [[{ json: {} }]];
        for (let index = 1; index < targetNode.inputCount; index++) inputs.push([]);
        this.enqueueReady(target, { inputs, source: [] });
        forcedAny = true;
      }
    });
    return forcedAny;
  }

  private highestUnrunAncestor(start: number): number | undefined {
    if (this.hasRun(start)) return undefined;
    let current = start;
    const visited = new Set<number>([start]);
    for (;;) {
      const parent = this.plan.nodes[current]!.incoming.flat().find((edge) => !this.hasRun(edge.from) && !visited.has(edge.from));
      if (!parent) return current;
      visited.add(parent.from);
      current = parent.from;
    }
  }

  private hasRun(nodeIndex: number): boolean {
    const progress = this.progress[nodeIndex]!;
    return progress.runsStarted > 0 || progress.ready.length > 0;
  }

  private finish(status: Exclude<ExecutionStatus, 'running'>, at: number, commands: SchedulerCommand[], error?: SerializedError): void {
    for (const run of this.runs.values()) {
      if (run.retryTimer === undefined) commands.push({ type: 'abortRun', runId: run.runId });
    }
    for (const timerId of this.timers.keys()) commands.push({ type: 'clearTimer', timerId });
    this.runs.clear();
    this.timers.clear();
    this.readyNodes = [];
    this.status = status;
    this.result = {
      status,
      mode: this.options.mode,
      startedAt: new Date(this.startedAt).toISOString(),
      stoppedAt: new Date(at).toISOString(),
      data: { resultData: this.currentResultData(error) },
    };
    const waitTill = this.parked.earliest();
    if (status === 'waiting' && waitTill !== undefined) this.result.waitTill = new Date(waitTill).toISOString();
    commands.push({ type: 'finished', result: this.result });
  }
}
