import type { ExecutionMode, Item, WorkflowDocument, WorkflowNode } from '../model/types.js';
import type { RunDataView, RunSource } from '../node-api/types.js';

/**
 * What an expression can see while it is evaluated for one item of one node run. Built by the runtime; the
 * evaluator turns it into `$json`, `$input`, `$('Node')`, `$now`…
 */
export interface ExpressionScope {
  readonly node: Readonly<WorkflowNode>;
  readonly workflow: Readonly<WorkflowDocument>;
  readonly runIndex: number;
  readonly itemIndex: number;
  /** The current run's input items, per input. `$json` is `inputs[0][itemIndex].json`. */
  readonly inputs: readonly (readonly Item[])[];
  /** Which node output fed each input of the current run (for `$prevNode` and paired-item lookups). */
  readonly source: readonly (RunSource | null)[];
  readonly runData: RunDataView;
  readonly executionId: string;
  readonly mode: ExecutionMode;
  /** IANA time zone for `$now` / `$today`. */
  readonly timezone: string;
  /** Current time in ms since the epoch, from the execution's (possibly virtual) clock. */
  readonly now: number;
  /** The execution's custom data, read by `$execution.customData` (a copy: expressions cannot change it). */
  readonly customData?: Readonly<Record<string, string>>;
  /**
   * Extra `$` variables a node offers to its own expressions (HTTP Request pagination's `$response`,
   * `$pageCount`), like n8n's `additionalKeys`. Built-in names take precedence.
   */
  readonly additionalKeys?: Readonly<Record<string, unknown>>;
}

/**
 * Evaluates n8n expressions safely: no expression reaches the host (process, require, globals, prototypes).
 *
 * @example
 * evaluator.resolve('={{ $json.a + 1 }}', scope); // 2 when $json.a is 1
 */
export interface ExpressionEvaluator {
  /**
   * Resolves a parameter value: a string starting with `=` is an expression; objects and arrays are resolved
   * recursively; anything else is returned as it is. `parameter` (the parameter's path, optional) is named in
   * errors.
   */
  resolve(value: unknown, scope: ExpressionScope, parameter?: string): unknown;
}
