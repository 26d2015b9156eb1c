import type { Item, WorkflowDocument } from '../core/model/types.js';
import { validateWorkflow } from '../core/validation/index.js';
import type { NodeRegistry } from '../core/node-api/index.js';
import type { ExecutionResult } from '../core/scheduler/index.js';
import { firstDifference } from './diff.js';

/** The outcome of checking one fixture. */
export type FixtureOutcome = { ok: true } | { ok: false; reason: string };

/** Runs a workflow without its pin data and returns the result; supplied by the caller (engine + virtual clock). */
export type FixtureExecutor = (workflow: WorkflowDocument) => Promise<ExecutionResult>;

/**
 * Checks one n8n fixture the way n8n checks itself: pinData is the expectation; every pinned node must have run
 * exactly once, without error, and its output 0 must deep-equal the pinned items (pairedItem and binary ignored);
 * the execution must end in success (or waiting).
 */
export async function checkFixture(document: WorkflowDocument, registry: NodeRegistry, execute: FixtureExecutor): Promise<FixtureOutcome> {
  const expectation = document.pinData ?? {};
  const workflow: WorkflowDocument = { ...document };
  delete workflow.pinData;
  const problems = validateWorkflow(workflow, registry);
  if (problems.length > 0) return { ok: false, reason: `invalid: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}` };
  const result = await execute(workflow);
  const runData = result.data.resultData.runData;
  for (const [nodeName, pinned] of Object.entries(expectation)) {
    const runs = runData[nodeName] ?? [];
    if (runs.length !== 1) {
      const error = result.data.resultData.error;
      const why = error ? ` (execution error at "${error.node ?? '?'}": ${error.message})` : '';
      return { ok: false, reason: `node "${nodeName}" ran ${runs.length} times, expected once${why}` };
    }
    const run = runs[0]!;
    if (run.executionStatus === 'error' || run.error) {
      return { ok: false, reason: `node "${nodeName}" failed: ${run.error?.message ?? 'error'}` };
    }
    const expected = normalise((pinned as unknown[]).map(wrapItem));
    const actual = normalise(run.data.main[0] ?? []);
    const difference = firstDifference(expected, actual);
    if (difference) return { ok: false, reason: `node "${nodeName}" item${difference}` };
  }
  if (result.status !== 'success' && result.status !== 'waiting') {
    const error = result.data.resultData.error;
    return { ok: false, reason: `execution ${result.status}${error ? ` at "${error.node ?? '?'}": ${error.message}` : ''}` };
  }
  return { ok: true };
}

/** Items in pinData without a `json` wrapper are wrapped first. */
function wrapItem(entry: unknown): Item {
  if (entry !== null && typeof entry === 'object' && 'json' in entry) return entry as Item;
  return { json: (entry ?? {}) as Record<string, unknown> };
}

/** Keeps what is compared (json only, as JSON would carry it: dates as strings, undefined fields dropped). */
function normalise(items: readonly Item[]): unknown {
  return items.map((item) => JSON.parse(JSON.stringify(item.json ?? {})) as unknown);
}
