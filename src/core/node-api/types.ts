import type { ExecutionMode, Item, NodeParameters, WorkflowDocument, WorkflowNode } from '../model/types.js';

/** A time source. The runtime passes a real one; tests and `weft compat` pass a virtual one so waits cost no time. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms` of this clock's time; rejects with the signal's reason when aborted. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** Log lines a node writes (Code node `console.log`, hints). They go to the execution's log, never to stdout. */
export interface NodeLogger {
  debug(message: string, data?: Record<string, unknown>): void;
  info(message: string, data?: Record<string, unknown>): void;
  warn(message: string, data?: Record<string, unknown>): void;
}

/** Read-only view of what ran so far in this execution, for expressions (`$('Node')`) and nodes. */
export interface RunDataView {
  /** Output `outputIndex` of run `runIndex` (default: the last run) of `nodeName`, or undefined when it has not run. */
  getOutput(nodeName: string, outputIndex?: number, runIndex?: number): readonly Item[] | undefined;
  /** How many times `nodeName` ran so far. */
  runCount(nodeName: string): number;
  /** The per-node state of `nodeName` (`$node["Loop"].context`). */
  nodeState(nodeName: string): Readonly<Record<string, unknown>>;
  /** The source of run `runIndex` of `nodeName`: which node fed each of its inputs. */
  getSource(nodeName: string, runIndex?: number): readonly (RunSource | null)[] | undefined;
  /** The input items run `runIndex` of `nodeName` received on input `inputIndex`. */
  getInput(nodeName: string, inputIndex?: number, runIndex?: number): readonly Item[] | undefined;
}

/** Which node output fed an input of a run. */
export interface RunSource {
  previousNode: string;
  previousNodeOutput?: number;
  previousNodeRun?: number;
}

/** Gives nodes the decrypted data of the credentials their workflow names (`node.credentials[type] = {id, name}`). */
export interface CredentialsProvider {
  /** The credential of `type` configured on the node, decrypted; fails with a clear error when absent. */
  get(node: Readonly<WorkflowNode>, type: string): Promise<Record<string, unknown>>;
}

/** Runs another workflow and returns its last node's output (executeWorkflow node). */
export interface SubWorkflowRunner {
  run(workflow: WorkflowDocument, items: Item[], options: { signal: AbortSignal; parentExecutionId?: string }): Promise<Item[][]>;
  /** A stored workflow by id (Execute Workflow with source `database`); present only where a store is (the server). */
  loadWorkflow?(id: string): Promise<WorkflowDocument | undefined>;
}

/**
 * Everything a node may use while it runs. Passed explicitly (no `this`), so a node is a plain function of its
 * context and inputs.
 */
export interface NodeContext {
  readonly node: Readonly<WorkflowNode>;
  readonly typeVersion: number;
  /** 0 for the node's first run in this execution, 1 for the second (loops), … */
  readonly runIndex: number;
  readonly mode: ExecutionMode;
  readonly executionId: string;
  readonly workflow: Readonly<WorkflowDocument>;
  /** Aborted when the execution is canceled or times out: long-running nodes must stop. */
  readonly signal: AbortSignal;
  readonly clock: Clock;
  readonly logger: NodeLogger;
  /** The input items of this run, per input. */
  readonly inputs: readonly (readonly Item[])[];
  /** Which node output fed each input of this run (null where nothing arrived). */
  readonly source: readonly (RunSource | null)[];
  readonly runData: RunDataView;
  /** True when the node should turn item errors into `{json: {error}}` items instead of failing (continueOnFail / onError). */
  readonly continueOnFail: boolean;
  /**
   * State kept across this node's runs within one execution (Loop Over Items keeps its queue here).
   * Expressions see it as `$node["Name"].context`.
   */
  readonly nodeState: Record<string, unknown>;
  /** The workflow's time zone (IANA name). */
  readonly timezone: string;
  /**
   * The execution's custom data (`$execution.customData` in n8n): string pairs shared by every node of one
   * execution and kept with its result as `resultData.metadata`.
   */
  readonly customData: Record<string, string>;
  /**
   * The workflow's static data for this execution (n8n's `getWorkflowStaticData`), one object shared by its nodes,
   * laid out as n8n stores it: `global`, and `node:<Node name>` per node. Nodes change it in place; production
   * executions save it afterwards when it changed. Absent where nothing loads or saves it (workflows that never
   * use it, `weft run`, sub-workflows): nodes then read `workflow.staticData`, and their changes are not kept.
   *
   * @example
   * const scope = (ctx.staticData?.['global'] ?? {}) as { lastId?: number };
   */
  readonly staticData?: Record<string, unknown>;
  /**
   * A parameter for item `itemIndex`, with expressions resolved against that item. `path` is dotted
   * (`options.reset`, `rules.values`). Returns `fallback` when the parameter is absent.
   */
  getParameter<T = unknown>(path: string, itemIndex: number, fallback?: T): T;
  /** A parameter as saved, expressions unresolved. */
  getRawParameter<T = unknown>(path: string, fallback?: T): T;
  /**
   * Evaluates an expression (`={{ … }}` or plain value) for item `itemIndex` of input 0. `additionalKeys` adds
   * node-specific `$` variables (`$response`, `$pageCount`).
   */
  evaluate(expression: unknown, itemIndex: number, additionalKeys?: Readonly<Record<string, unknown>>): unknown;
  /** Present where sub-workflows can run. */
  readonly subWorkflows?: SubWorkflowRunner;
  /** Present where credentials are stored (the server); absent in `weft run` without a store. */
  readonly credentials?: CredentialsProvider;
  /** Present when an HTTP caller waits for this execution's answer (webhook `responseNode` mode): Respond to Webhook hands it over here. */
  readonly respond?: (response: WebhookResponse) => void;
  /**
   * Asks to park the execution until `until` (epoch ms) once this run finishes, as n8n's `putExecutionToWait`:
   * the run's output is kept and passed on when the execution resumes at that time, and the process holds
   * nothing meanwhile. Returns false when this execution does not park a wait that long (never parks, or the
   * wait is below its threshold): the node must then wait itself, e.g. `await ctx.clock.sleep(...)`.
   *
   * @example
   * if (!ctx.putExecutionToWait(until)) await ctx.clock.sleep(until - ctx.clock.now(), ctx.signal);
   * return [[...inputs[0]]];
   */
  putExecutionToWait(until: number): boolean;
}

/**
 * A file sent as a webhook answer. Kept as base64 text so that an answer stays plain JSON while it travels between
 * processes (queue mode); the HTTP edge turns it back into bytes.
 */
export interface WebhookBinaryBody {
  /** The file's bytes, base64. */
  readonly data: string;
  readonly mimeType: string;
}

/** The HTTP answer a Respond to Webhook node gives to the caller that started the execution. */
export interface WebhookResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** A JSON value, or a string sent as is. Ignored when `binary` is set. */
  readonly body: unknown;
  /** A file to send instead of `body` (Respond to Webhook "Binary File"). */
  readonly binary?: WebhookBinaryBody;
}

/** What `execute` returns: items per output (`outputs[0]` is the first output). */
export type NodeOutput = Item[][];

/** Static facts about a node type that the engine needs to schedule and validate it. */
export interface NodeTypeSpec {
  /** n8n's type name, e.g. `n8n-nodes-base.merge`. */
  readonly type: string;
  /** The typeVersions this implementation serves, e.g. `[2, 2.1]`. */
  readonly versions: readonly number[];
  readonly displayName: string;
  readonly description?: string;
  /** True for nodes that start executions (manual trigger, webhook, schedule). */
  readonly trigger?: boolean;
  /**
   * Which kind of start this trigger serves: `manual` (a run from the editor or `weft run`), `subWorkflow` (a call
   * from an Execute Workflow node), `error` (another workflow failed: Error Trigger) or `event` (webhooks,
   * schedules…). Default `event`.
   */
  readonly triggerKind?: TriggerKind;
  /** Nodes the engine never runs (sticky notes). */
  readonly ignored?: boolean;
  /** Number of main inputs; may depend on the parameters (Merge `numberInputs`). */
  readonly inputs: number | ((parameters: NodeParameters, typeVersion: number) => number);
  /**
   * Number of main outputs; may depend on parameters (Switch rules). Excludes the extra error output that
   * `onError: continueErrorOutput` adds: the engine adds it.
   */
  readonly outputs: number | ((parameters: NodeParameters, typeVersion: number) => number);
  /**
   * Which inputs must have data before the node runs when some inputs receive none (v1 order).
   * A number means "at least this many inputs"; a list means "each of these". Default: every input.
   */
  readonly requiredInputs?: number | readonly number[] | ((parameters: NodeParameters, typeVersion: number) => number | readonly number[]);
  /**
   * True when the node may pass nothing on (If, Switch, Filter, loops, Code…). A cycle made only of nodes without
   * this flag can never end and is rejected by validation.
   */
  readonly mayStopFlow?: boolean;
  /** Top-level parameter kinds, checked by validation (expressions are accepted for every kind). */
  readonly parameters?: Readonly<Record<string, ParameterKind>>;
  /** Runs the node once for this run's inputs. */
  execute(ctx: NodeContext, inputs: readonly (readonly Item[])[]): Promise<NodeOutput> | NodeOutput;
}

/** What starts an execution at a trigger node. */
export type TriggerKind = 'manual' | 'subWorkflow' | 'event' | 'error';

/** The JSON kind a parameter must have when it is not an expression. */
export type ParameterKind = 'string' | 'number' | 'boolean' | 'object' | 'array' | 'options' | 'any';
