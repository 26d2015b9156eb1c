/**
 * The workflow model, in n8n's shapes so that n8n exports load unchanged. Everything here is plain data:
 * serialisable, structurally cloneable, no behaviour.
 */

/** Any JSON value. Items may also hold values a node produced that JSON cannot (dates), hence `unknown` inside. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** The `json` of an item: a plain object. */
export type JsonObject = Record<string, unknown>;

/** Binary attachment of an item, as n8n stores it (base64 data inline). */
export interface BinaryData {
  data: string;
  mimeType: string;
  fileName?: string;
  fileExtension?: string;
  fileSize?: string;
  directory?: string;
  id?: string;
  [key: string]: unknown;
}

/** Which input item an output item came from: `item` index on `input` (default 0). */
export interface PairedItem {
  item: number;
  input?: number;
  sourceOverwrite?: { previousNode: string; previousNodeOutput?: number; previousNodeRun?: number };
}

/** One unit of data flowing between nodes. */
export interface Item {
  json: JsonObject;
  binary?: Record<string, BinaryData>;
  pairedItem?: PairedItem | PairedItem[] | number;
  /** Set on items that carry an error through an error output. */
  error?: unknown;
}

/** Node parameters as the editor saved them: nested plain values; strings starting with `=` are expressions. */
export type NodeParameters = Record<string, unknown>;

/** What a node does when it fails. */
export type OnErrorMode = 'stopWorkflow' | 'continueRegularOutput' | 'continueErrorOutput';

/** A node of a workflow, as in an n8n export. */
export interface WorkflowNode {
  id?: string;
  name: string;
  type: string;
  typeVersion: number;
  parameters: NodeParameters;
  position?: [number, number];
  disabled?: boolean;
  continueOnFail?: boolean;
  onError?: OnErrorMode;
  retryOnFail?: boolean;
  maxTries?: number;
  waitBetweenTries?: number;
  alwaysOutputData?: boolean;
  executeOnce?: boolean;
  notes?: string;
  credentials?: Record<string, unknown>;
  webhookId?: string;
  /** Unknown fields of the export, kept for round-tripping. */
  [key: string]: unknown;
}

/** One edge end: the destination node, the connection type (`main`), and the destination input index. */
export interface ConnectionTarget {
  node: string;
  type: string;
  index: number;
}

/** `connections[sourceName][type][outputIndex]` = the targets fed by that output (null when n8n left a hole). */
export type Connections = Record<string, Record<string, Array<ConnectionTarget[] | null>>>;

/** Which of n8n's two execution orders the workflow asked for. Only outputs of multi-input nodes differ. */
export type ExecutionOrder = 'v0' | 'v1';

export interface WorkflowSettings {
  executionOrder?: ExecutionOrder;
  timezone?: string;
  errorWorkflow?: string;
  executionTimeout?: number;
  saveDataErrorExecution?: string;
  saveDataSuccessExecution?: string;
  saveManualExecutions?: boolean;
  saveExecutionProgress?: boolean;
  /** Weft: keep this workflow's executions on the shard it was first routed to, even when shards are added. */
  weftStateful?: boolean;
  /** Weft: at most this many executions of the workflow run at once; the rest wait, first in first out. */
  weftConcurrencyLimit?: number;
  /** Weft: queue priority 0..9 of its executions (default 4; 6 when a caller waits for the result). */
  weftPriority?: number;
  [key: string]: unknown;
}

/** A whole workflow document as exported by n8n (one object; exports may hold an array of them). */
export interface WorkflowDocument {
  id?: string;
  name?: string;
  nodes: WorkflowNode[];
  connections: Connections;
  settings?: WorkflowSettings;
  pinData?: Record<string, Item[]>;
  staticData?: unknown;
  active?: boolean;
  /** Unknown top-level fields are kept for round-trip export. */
  [key: string]: unknown;
}

/** How an execution was started (n8n's WorkflowExecuteMode subset). */
export type ExecutionMode = 'manual' | 'trigger' | 'webhook' | 'retry' | 'integrated' | 'cli' | 'error' | 'internal';
