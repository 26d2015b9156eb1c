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
 * `onError: continueErrorOutput`: moves error items from the main outputs to the error output, as n8n does. An
 * error item is enriched with the input item it came from (found through its `pairedItem`), so the error branch
 * sees the original data plus `error`. What the node itself put on the error output is replaced.
 */
export function routeErrorItems(outputs: Item[][], errorOutput: number, inputs: readonly (readonly Item[])[]): Item[][] {
  const errors: Item[] = [];
  const routed = outputs.map((items, index) => {
    if (index >= errorOutput) return items;
    const kept: Item[] = [];
    for (const item of items) {
      if (!isErrorItem(item)) {
        kept.push(item);
        continue;
      }
      const { error: _error, ...rest } = item;
      const paired = Array.isArray(item.pairedItem) ? item.pairedItem[0] : item.pairedItem;
      const source = paired !== null && typeof paired === 'object' ? inputs[paired.input ?? 0]?.[paired.item] : undefined;
      errors.push(source ? { ...rest, json: { ...source.json, ...item.json } } : rest);
    }
    return kept;
  });
  routed[errorOutput] = errors;
  return routed;
}

/**
 * Gives output items without `pairedItem` one where it is unambiguous, as n8n does so that `$('Node').item` works
 * after nodes that do not pair: a run with a single input item pairs everything to it; a run with one input and
 * one output of the same length pairs by position. Otherwise items stay unpaired.
 */
export function assignPairedItems(outputs: Item[][], inputs: readonly (readonly Item[])[]): Item[][] {
  const single = inputs.length === 1 && inputs[0]?.length === 1;
  const sameCount = outputs.length === 1 && inputs.length === 1 && inputs[0]?.length === outputs[0]?.length;
  if (!single && !sameCount) return outputs;
  return outputs.map((items) => items.map((item, index) => (item.pairedItem === undefined ? { ...item, pairedItem: { item: single ? 0 : index } } : item)));
}
