import { buildPlan } from '../graph/index.js';
import type { ExecutionOrder, Item, WorkflowDocument, WorkflowNode } from '../model/types.js';
import { NodeRegistry, type NodeTypeSpec } from '../node-api/index.js';
import { Scheduler } from './scheduler.js';
import type { ExecutionResult, SchedulerCommand, SchedulerEvent, SchedulerOptions } from './types.js';

const noExecute = (): never => {
  throw new Error('scheduler tests drive nodes through events');
};

/** Fake node types: the scheduler only reads their shape. */
export const testRegistry = NodeRegistry.of([
  { type: 't.trigger', versions: [1], displayName: 'Trigger', trigger: true, inputs: 0, outputs: 1, execute: noExecute },
  { type: 't.pass', versions: [1], displayName: 'Pass', inputs: 1, outputs: 1, execute: noExecute },
  { type: 't.branch', versions: [1], displayName: 'Branch', inputs: 1, outputs: 2, mayStopFlow: true, execute: noExecute },
  { type: 't.join', versions: [1], displayName: 'Join', inputs: 2, outputs: 1, requiredInputs: 1, execute: noExecute },
  { type: 't.joinAll', versions: [1], displayName: 'JoinAll', inputs: 2, outputs: 1, requiredInputs: [0, 1], execute: noExecute },
] satisfies NodeTypeSpec[]);

type NodeShorthand = [name: string, type: string, extra?: Partial<WorkflowNode>];
type EdgeShorthand = [from: string, to: string, output?: number, input?: number];

/** Builds a workflow from compact node and edge lists. */
export function workflow(nodes: NodeShorthand[], edges: EdgeShorthand[], order?: ExecutionOrder): WorkflowDocument {
  const connections: WorkflowDocument['connections'] = {};
  for (const [from, to, output = 0, input = 0] of edges) {
    const outputs = ((connections[from] ??= { main: [] }).main ??= []);
    while (outputs.length <= output) outputs.push([]);
    outputs[output]!.push({ node: to, type: 'main', index: input });
  }
  return {
    name: 'test',
    nodes: nodes.map(([name, type, extra]) => ({ name, type: `t.${type}`, typeVersion: 1, parameters: {}, ...extra })),
    connections,
    settings: order ? { executionOrder: order } : {},
  };
}

export const items = (...values: Record<string, unknown>[]): Item[] => values.map((json) => ({ json }));

type RunCommand = Extract<SchedulerCommand, { type: 'runNode' }>;

/**
 * Drives a scheduler by hand: keeps a clock, records every event (for replay tests) and the runNode commands
 * not yet answered.
 */
export class Driver {
  readonly scheduler: Scheduler;
  readonly events: SchedulerEvent[] = [];
  readonly commands: SchedulerCommand[] = [];
  now = 1_000;

  constructor(
    readonly doc: WorkflowDocument,
    readonly options: Partial<SchedulerOptions> = {},
  ) {
    this.scheduler = new Scheduler(buildPlan(doc, testRegistry), { startNode: 'Start', ...options });
  }

  private readonly openRuns = new Map<number, RunCommand>();

  private send(event: SchedulerEvent): SchedulerCommand[] {
    this.events.push(event);
    if (event.type === 'nodeSucceeded' || event.type === 'nodeFailed') this.openRuns.delete(event.runId);
    const produced = this.scheduler.handle(event);
    this.commands.push(...produced);
    for (const command of produced) {
      if (command.type === 'runNode') this.openRuns.set(command.runId, command);
      if (command.type === 'abortRun') this.openRuns.delete(command.runId);
    }
    return produced;
  }

  start(): SchedulerCommand[] {
    return this.send({ type: 'start', at: this.now });
  }

  /** runNode commands issued and not yet answered, oldest first. */
  open(): RunCommand[] {
    return [...this.openRuns.values()];
  }

  /** The open run of `nodeName` (throws when there is none). */
  run(nodeName: string): RunCommand {
    const command = this.open().find((candidate) => candidate.nodeName === nodeName);
    if (!command) throw new Error(`no open run of ${nodeName}; open: ${this.open().map((c) => c.nodeName).join(', ')}`);
    return command;
  }

  succeed(nodeName: string, ...outputs: Item[][]): SchedulerCommand[] {
    this.now += 5;
    return this.send({ type: 'nodeSucceeded', runId: this.run(nodeName).runId, at: this.now, outputs });
  }

  /** Succeeds with the node's input 0 on output 0. */
  pass(nodeName: string): SchedulerCommand[] {
    const command = this.run(nodeName);
    return this.succeed(nodeName, command.inputs[0] ?? []);
  }

  /** Succeeds with the node's input 0 on output 0, the event carrying `extra` fields (custom data, a park…). */
  passWith(nodeName: string, extra: Partial<Extract<SchedulerEvent, { type: 'nodeSucceeded' }>>): SchedulerCommand[] {
    const command = this.run(nodeName);
    this.now += 5;
    return this.send({ type: 'nodeSucceeded', runId: command.runId, at: this.now, outputs: [command.inputs[0] ?? []], ...extra });
  }

  /** Fails the node's open run, the event carrying `extra` fields (custom data…). */
  failWith(nodeName: string, extra: Partial<Extract<SchedulerEvent, { type: 'nodeFailed' }>>): SchedulerCommand[] {
    this.now += 5;
    return this.send({ type: 'nodeFailed', runId: this.run(nodeName).runId, at: this.now, error: { name: 'NodeOperationError', message: 'boom' }, ...extra });
  }

  /** Succeeds with the node's input 0 on output 0 and asks to park the execution until `until`. */
  park(nodeName: string, until: number): SchedulerCommand[] {
    const command = this.run(nodeName);
    this.now += 5;
    return this.send({ type: 'nodeSucceeded', runId: command.runId, at: this.now, outputs: [command.inputs[0] ?? []], waitTill: until });
  }

  /** A new attempt picks the parked execution up at `at`. */
  resume(at: number): SchedulerCommand[] {
    this.now = at;
    return this.send({ type: 'resumed', at });
  }

  fail(nodeName: string, message = 'boom'): SchedulerCommand[] {
    this.now += 5;
    return this.send({ type: 'nodeFailed', runId: this.run(nodeName).runId, at: this.now, error: { name: 'NodeOperationError', message } });
  }

  fireTimer(timerId: number, at: number): SchedulerCommand[] {
    this.now = at;
    return this.send({ type: 'timerFired', timerId, at });
  }

  cancel(reason: 'canceled' | 'timeout' = 'canceled'): SchedulerCommand[] {
    return this.send({ type: 'cancel', at: this.now, reason });
  }

  /** Answers every open run with a pass-through until nothing is open. */
  passAll(limit = 1000): void {
    for (let step = 0; step < limit; step++) {
      const next = this.open()[0];
      if (!next) return;
      this.pass(next.nodeName);
    }
  }

  get result(): ExecutionResult {
    const result = this.scheduler.finalResult;
    if (!result) throw new Error('execution has not finished');
    return result;
  }

  outputOf(nodeName: string, runIndex = 0, output = 0): Record<string, unknown>[] {
    return (this.result.data.resultData.runData[nodeName]?.[runIndex]?.data.main[output] ?? []).map((item) => item.json);
  }
}
