/** Which helper set and calling convention the sandbox prepares for the user's code. */
export type SandboxKind =
  /** Code node, "Run Once for All Items": `items`, `$input.all()`; runs once. */
  | 'all'
  /** Code node, "Run Once for Each Item": `item`, `$json`, `$input.item`; runs once per item. */
  | 'each'
  /** Legacy Function node: `items`, `getNodeParameter`…; runs once. */
  | 'function'
  /** Legacy Function Item node: `item` is the item's json; runs once per item. */
  | 'functionItem';

/** An item as it enters the sandbox (plain JSON; Function nodes also see `index`). */
export interface SandboxItem {
  json: unknown;
  binary?: unknown;
  pairedItem?: unknown;
  index?: number;
}

/** The run's facts the sandbox's helpers expose (`$workflow`, `$execution`, `$now`, …). */
export interface SandboxPayload {
  kind: SandboxKind;
  items: SandboxItem[];
  continueOnFail: boolean;
  node: { name: string; type: string; typeVersion: number; id?: string; webhookId?: string; parameters: unknown };
  nodeContext: Record<string, unknown>;
  workflow: { id?: string; name?: string; active: boolean };
  prevNode?: { name: string; outputIndex: number; runIndex: number };
  runIndex: number;
  executionId: string;
  executionMode: string;
  timezone: string;
  /** Current time, ms since the epoch, from the execution's clock. */
  now: number;
  /** The static data scopes the code may ask for (`global`, `node:<this node>`), as JSON copies. */
  staticData?: Record<string, unknown>;
  resumeUrl?: string;
  resumeFormUrl?: string;
}

/** What the sandbox could tell about a value the user's code threw. */
export interface ThrownInfo {
  /** `typeof` of the thrown value ('object' for errors). */
  thrown: string;
  name?: string;
  message?: string;
  description?: string;
  stack?: string;
  /** Line of the user's code the error came from, when the stack shows it. */
  line?: number;
}

/** Result of one invocation of the user's code (one per item in per-item kinds). */
export type SandboxOutcome =
  | { i: number; ok: true; undef: boolean; value?: unknown; binary?: unknown }
  | { i: number; ok: false; error: ThrownInfo };

/** Log line level and text, from `console.*`. */
export type SandboxLogLine = [level: 'info' | 'debug' | 'warn', message: string];

/** Everything a sandbox run produced. */
export interface SandboxResult {
  outcomes: SandboxOutcome[];
  logs: SandboxLogLine[];
  /** The static data scopes the code asked for (`$getWorkflowStaticData`), as they were when it ended. */
  staticData?: Record<string, unknown>;
}

/** One request to run user code. */
export interface SandboxRequest {
  code: string;
  payload: SandboxPayload;
  /** Answers the sandbox's workflow-data calls (`$('Node')`, `$jmespath`, …): JSON in, JSON `{value}|{error}` out. */
  bridge: (op: string, argsJson: string) => string;
  /** Overrides the pool's wall-time limit for this run, in ms. */
  timeoutMs?: number;
}
