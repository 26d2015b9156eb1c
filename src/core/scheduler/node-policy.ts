import type { Item, WorkflowNode } from '../model/types.js';

/**
 * Per-node settings that change how the scheduler treats a run, read once from the node as n8n defines them.
 */
export interface NodePolicy {
  readonly maxTries: number;
  readonly waitBetweenTriesMs: number;
  /** continueOnFail or onError continueRegularOutput / continueErrorOutput: a failure passes the input on. */
  readonly continueOnFail: boolean;
  readonly alwaysOutputData: boolean;
  readonly executeOnce: boolean;
  readonly disabled: boolean;
}

/**
 * n8n clamps retries: with `retryOnFail`, `maxTries` is 2–5 (default 3) and `waitBetweenTries` 0–5000 ms
 * (default 1000). n8n reads both with `||`, so an explicit 0 means the default; Weft keeps that quirk so
 * imported workflows behave the same.
 */
export function nodePolicy(node: WorkflowNode): NodePolicy {
  const retry = node.retryOnFail === true;
  return {
    maxTries: retry ? Math.min(5, Math.max(2, Number(node.maxTries) || 3)) : 1,
    waitBetweenTriesMs: retry ? Math.min(5000, Math.max(0, Number(node.waitBetweenTries) || 1000)) : 0,
    continueOnFail: node.continueOnFail === true || node.onError === 'continueRegularOutput' || node.onError === 'continueErrorOutput',
    alwaysOutputData: node.alwaysOutputData === true,
    executeOnce: node.executeOnce === true,
    disabled: node.disabled === true,
  };
}

/** True when an item carries an error that `onError: continueErrorOutput` routes to the error output. */
export function isErrorItem(item: Item): boolean {
  if (item.error !== undefined && item.error !== null) return true;
  const json = item.json ?? {};
  if (json.error === undefined) return false;
  const keys = Object.keys(json);
  return keys.length === 1 || (keys.length === 2 && json.message !== undefined);
}

/**
 * Gives output items without `pairedItem` one, where it is unambiguous: when the run had a single input item,
 * every output item came from it (n8n does the same so `$('Node').item` works after nodes that do not pair).
 */
export function assignPairedItems(outputs: Item[][], inputs: readonly (readonly Item[])[]): Item[][] {
  const single = inputs.length === 1 && inputs[0]?.length === 1;
  if (!single) return outputs;
  return outputs.map((items) => items.map((item) => (item.pairedItem === undefined ? { ...item, pairedItem: { item: 0 } } : item)));
}
