import type { BinaryData, Item, JsonObject, NodeParameters, PairedItem, WorkflowDocument, WorkflowNode } from '../model/types.js';
import type { RunSource } from '../node-api/types.js';
import { expressionError } from './errors.js';
import type { ExpressionScope } from './types.js';

/** `$prevNode`: which node output fed input 0 of the current run. */
export interface PrevNodeInfo {
  readonly name: string;
  readonly outputIndex: number;
  readonly runIndex: number;
}

/** How a paired-item lookup was asked for; appears in n8n's error messages. */
export type PairedItemMethod = 'item' | 'itemMatching' | 'pairedItem' | '$getPairedItem';

/**
 * Host-side access to the data an expression (or a Code node) may read, for one item of one node run. Plain
 * functions over plain data, so that the expression interpreter and the Code node's sandbox bridge share them.
 * Items are returned as stored: callers that let user code mutate them must copy first.
 */
export interface WorkflowData {
  /** The current item of input 0, or undefined when the run has no input items. */
  currentItem(): Item | undefined;
  /** `$json`: the current item's json (`{}` when there is none). */
  json(): JsonObject;
  /** `$binary`: the current item's binary attachments (`{}` when none). */
  binary(): Record<string, BinaryData>;
  /** `$input.all()`: the items of one input of the current run (input 0 by default). */
  inputAll(inputIndex?: number): readonly Item[];
  /** `$input.first()` / `.last()` / `.item`. */
  inputFirst(inputIndex?: number): Item | undefined;
  inputLast(inputIndex?: number): Item | undefined;
  inputItem(): Item | undefined;
  /** `$input.params`: the parameters of the node that fed input 0. */
  inputParams(): NodeParameters;
  /** True when a node named `name` exists in the workflow. */
  nodeExists(name: string): boolean;
  /** `$('Node').isExecuted`. */
  isExecuted(name: string): boolean;
  /** `$('Node').all(branchIndex?, runIndex?)`. Throws n8n's errors for unknown or unexecuted nodes. */
  nodeAll(name: string, branchIndex?: number, runIndex?: number): readonly Item[];
  nodeFirst(name: string, branchIndex?: number, runIndex?: number): Item | undefined;
  nodeLast(name: string, branchIndex?: number, runIndex?: number): Item | undefined;
  /** `$('Node').item` (itemIndex omitted) or `.itemMatching(i)` / `.pairedItem(i)`: follows paired items back. */
  pairedItem(name: string, itemIndex?: number, method?: PairedItemMethod): Item;
  /** `$('Node').params` / `$node["Node"].parameter`: the node's saved parameters. */
  nodeParams(name: string): NodeParameters;
  /** `$node["Node"].context`: the per-node state. */
  nodeContext(name: string): Readonly<Record<string, unknown>>;
  /** `$node["Node"].json` (legacy): the item of `name`'s output with the current item's index. */
  legacyNodeItem(name: string): Item;
  /** `$items(node?, output?, run?)`: a node's output items, or the current input without a node. */
  items(nodeName?: string, outputIndex?: number, runIndex?: number): readonly Item[];
  /** `$prevNode`. Undefined when the run has no input source (a trigger). */
  prevNode(): PrevNodeInfo | undefined;
  /** The same data access for another item index of the same run (`$item(i)`). */
  forItem(itemIndex: number): WorkflowData;
  readonly scope: ExpressionScope;
}

const EMPTY_ITEMS: readonly Item[] = Object.freeze([]);
/** A chain of paired items longer than this is a cycle in bad data; stop instead of spinning. */
const MAX_PAIRED_HOPS = 10_000;

/**
 * Builds the data access for one evaluation. Cheap: nothing is computed until asked for.
 *
 * @example
 * const data = createWorkflowData(scope);
 * data.pairedItem('Customers').json.name;
 */
export function createWorkflowData(scope: ExpressionScope): WorkflowData {
  const { runData, itemIndex } = scope;
  const context = { itemIndex, runIndex: scope.runIndex };

  const input = (inputIndex = 0): readonly Item[] => scope.inputs[inputIndex] ?? EMPTY_ITEMS;
  const currentItem = (): Item | undefined => scope.inputs[0]?.[itemIndex];

  const nodeByName = (name: string): WorkflowNode | undefined => nodeIndex(scope.workflow).get(name);

  const requireNode = (name: string): WorkflowNode => {
    const node = nodeByName(name);
    if (node === undefined) {
      throw expressionError(`Referenced node doesn't exist`, {
        ...context,
        nodeCause: name,
        description: `The node '${name}' doesn't exist, but it's used in an expression here.`,
      });
    }
    return node;
  };

  const requireExecuted = (name: string): void => {
    requireNode(name);
    if (runData.runCount(name) === 0) {
      throw expressionError('Referenced node is unexecuted', {
        ...context,
        nodeCause: name,
        description: `An expression references the node '${name}', but it hasn't been executed yet. Either change the expression, or re-wire your workflow to make sure that node executes first.`,
      });
    }
  };

  const nodeAll = (name: string, branchIndex?: number, runIndex?: number): readonly Item[] => {
    requireExecuted(name);
    const output = branchIndex ?? defaultOutputIndex(scope.workflow, name, scope.node.name);
    // As n8n: asking for a run or branch the node never had is an error (workflows loop over runs until it throws).
    if (runIndex !== undefined && runIndex >= runData.runCount(name)) {
      throw expressionError(`Run ${runIndex} of node "${name}" not found`, { ...context, nodeCause: name });
    }
    const items = runData.getOutput(name, output, runIndex);
    if (items === undefined && branchIndex !== undefined) {
      throw expressionError(`Node "${name}" has no branch with index ${branchIndex}.`, { ...context, nodeCause: name });
    }
    return items ?? EMPTY_ITEMS;
  };

  /** The output items `source` points at; n8n's "Can’t get data for expression" when they are gone. */
  const outputOf = (source: RunSource): readonly Item[] => {
    const outputIndex = source.previousNodeOutput ?? 0;
    const items = runData.getOutput(source.previousNode, outputIndex, source.previousNodeRun ?? 0);
    if (items === undefined) {
      throw expressionError('Can’t get data for expression', {
        ...context,
        nodeCause: source.previousNode,
        description: `Expected output #${outputIndex} from node ${source.previousNode}`,
      });
    }
    return items;
  };

  /**
   * The pairing of an output item. n8n's runtime fills in missing pairings when it can tell them apart: the
   * same index when the node kept the item count, item 0 when it had one input item.
   */
  const pairingOf = (item: Item, source: RunSource, outputIndexOfItem: number, outputLength: number): Item['pairedItem'] => {
    if (item.pairedItem !== undefined) return item.pairedItem;
    const inputItems = runData.getInput(source.previousNode, 0, source.previousNodeRun ?? 0);
    if (inputItems === undefined) return undefined;
    if (inputItems.length === 1) return { item: 0 };
    if (inputItems.length === outputLength) return { item: outputIndexOfItem };
    return undefined;
  };

  const missingPairedItem = (nodeCause: string, method: PairedItemMethod) =>
    expressionError(`Paired item data for ${method} from node '${nodeCause}' is unavailable. Ensure '${nodeCause}' is providing the required output.`, {
      ...context,
      nodeCause,
      description: `An expression here won't work because it uses .item and n8n can't figure out the matching item. (Missing pairedItem data: node '${nodeCause}' probably didn't supply it.)`,
    });

  /** Walks back from `start` (an item index on the output `source` names) until `target`'s output is reached. */
  const resolvePaired = (target: string, source: RunSource | null, start: PairedItem, method: PairedItemMethod, hops: number): Item => {
    let pairing = start;
    let current: RunSource | null = pairing.sourceOverwrite ?? source;
    let nodeBefore: string | undefined;
    while (current !== null && current.previousNode !== target) {
      if (hops++ > MAX_PAIRED_HOPS) throw missingPairedItem(current.previousNode, method);
      const output = outputOf(current);
      const item = output[pairing.item];
      const sources = (runData.getSource(current.previousNode, current.previousNodeRun ?? 0) ?? []).filter(
        (entry): entry is RunSource => entry !== null,
      );
      const next = item === undefined ? undefined : pairingOf(item, current, pairing.item, output.length);
      if (next === undefined) throw missingPairedItem(current.previousNode, method);
      if (Array.isArray(next)) return resolveMany(target, next, sources, method, pairing.item, hops);
      pairing = typeof next === 'number' ? { item: next } : next;
      const inputIndex = pairing.input ?? 0;
      if (pairing.sourceOverwrite === undefined && inputIndex >= sources.length) {
        if (sources.length === 0) {
          throw expressionError('Invalid expression', {
            ...context,
            nodeCause: target,
            description: `No path back to referenced node: there is no connection back to the node '${target}', but it's used in an expression here.`,
          });
        }
        throw expressionError('Branch not found', {
          ...context,
          nodeCause: nodeBefore,
          description: `Item ${pairing.item} in node ${current.previousNode} references a branch that doesn't exist.`,
        });
      }
      nodeBefore = current.previousNode;
      current = pairing.sourceOverwrite ?? sources[inputIndex] ?? null;
    }
    if (current === null) {
      throw expressionError('Paired item resolution failed', {
        ...context,
        nodeCause: nodeBefore,
        description: `Could not trace back to node '${target}'`,
      });
    }
    const finalOutput = outputOf(current);
    const found = finalOutput[pairing.item];
    if (found === undefined) {
      throw expressionError("Can't get data for expression", {
        ...context,
        nodeCause: current.previousNode,
        description: `Item ${pairing.item} of node '${current.previousNode}' does not exist (the paired item information is invalid).`,
      });
    }
    return found;
  };

  const resolveMany = (
    target: string,
    pairings: readonly (PairedItem | number)[],
    sources: readonly RunSource[],
    method: PairedItemMethod,
    fromItem: number,
    hops: number,
  ): Item => {
    const results: Item[] = [];
    for (const entry of pairings) {
      const pairing = typeof entry === 'number' ? { item: entry } : entry;
      const source = sources[pairing.input ?? 0];
      if (source === undefined && pairing.sourceOverwrite === undefined) continue;
      try {
        const found = resolvePaired(target, source ?? null, pairing, method, hops);
        if (!results.includes(found)) results.push(found);
      } catch {
        // A pairing that leads elsewhere is not a match; n8n skips it the same way.
      }
    }
    const [first] = results;
    if (first !== undefined && results.length === 1) return first;
    if (first === undefined) {
      throw expressionError('Paired item resolution failed', {
        ...context,
        nodeCause: target,
        description: `Could not trace back to node '${target}'`,
      });
    }
    throw expressionError('Multiple matching items for expression', {
      ...context,
      nodeCause: target,
      description: `An expression here won't work because it uses .item and n8n can't figure out the matching item (item ${fromItem} has several matches in '${target}'). You can either add the missing information to the node '${target}', or use .first(), .last() or .all()[index] instead of .item.`,
    });
  };

  const data: WorkflowData = {
    scope,
    currentItem,
    json: () => currentItem()?.json ?? {},
    binary: () => currentItem()?.binary ?? {},
    inputAll: (inputIndex) => input(inputIndex),
    inputFirst: (inputIndex) => input(inputIndex)[0],
    inputLast: (inputIndex) => {
      const items = input(inputIndex);
      return items[items.length - 1];
    },
    inputItem: currentItem,
    inputParams: () => {
      const source = scope.source[0];
      return (source ? nodeByName(source.previousNode)?.parameters : undefined) ?? {};
    },
    nodeExists: (name) => nodeByName(name) !== undefined,
    isExecuted: (name) => runData.runCount(name) > 0,
    nodeAll,
    nodeFirst: (name, branchIndex, runIndex) => nodeAll(name, branchIndex, runIndex)[0],
    nodeLast: (name, branchIndex, runIndex) => {
      const items = nodeAll(name, branchIndex, runIndex);
      return items[items.length - 1];
    },
    pairedItem: (name, index, method = 'item') => {
      requireExecuted(name);
      const startIndex = index ?? itemIndex;
      const source = scope.source[0] ?? null;
      if (source === null) {
        if (name === scope.node.name) return nodeAll(name)[startIndex] ?? missingItem(name, startIndex);
        throw expressionError('Can’t get data for expression', {
          ...context,
          nodeCause: name,
          description: `There is no input connection back to the node '${name}', so the matching item cannot be found.`,
        });
      }
      return resolvePaired(name, source, { item: startIndex }, method, 0);
    },
    nodeParams: (name) => requireNode(name).parameters ?? {},
    nodeContext: (name) => runData.nodeState(name),
    legacyNodeItem: (name) => {
      requireNode(name);
      if (runData.runCount(name) === 0) {
        throw expressionError(`Node '${name}' hasn't been executed`, {
          ...context,
          nodeCause: name,
          description: `An expression references the node '${name}', but it hasn't been executed yet.`,
        });
      }
      const items = runData.getOutput(name, defaultOutputIndex(scope.workflow, name, scope.node.name)) ?? EMPTY_ITEMS;
      const item = items[itemIndex];
      if (item === undefined) throw expressionError(`No data found for item-index: "${itemIndex}"`, context);
      return item;
    },
    items: (nodeName, outputIndex, runIndex) => {
      if (nodeName === undefined) return input(0);
      requireExecuted(nodeName);
      return runData.getOutput(nodeName, outputIndex ?? 0, runIndex) ?? EMPTY_ITEMS;
    },
    prevNode: () => {
      const source = scope.source[0];
      if (!source) return undefined;
      return { name: source.previousNode, outputIndex: source.previousNodeOutput ?? 0, runIndex: source.previousNodeRun ?? 0 };
    },
    forItem: (index) => createWorkflowData({ ...scope, itemIndex: index }),
  };

  const missingItem = (name: string, index: number): never => {
    throw expressionError(`"${name}" node has no item ${index}`, { ...context, nodeCause: name });
  };

  return data;
}

const nodeIndexes = new WeakMap<WorkflowDocument, Map<string, WorkflowNode>>();

/** Node lookup by name, built once per workflow document. */
function nodeIndex(workflow: Readonly<WorkflowDocument>): Map<string, WorkflowNode> {
  let index = nodeIndexes.get(workflow);
  if (index === undefined) {
    index = new Map(workflow.nodes.map((node) => [node.name, node]));
    nodeIndexes.set(workflow, index);
  }
  return index;
}

const outputIndexes = new WeakMap<WorkflowDocument, Map<string, number>>();

/**
 * The output of `from` through which `to` is reached, as n8n picks it for `$('Node').all()` and `$node[…]`:
 * the first output with a path to the current node, else output 0.
 */
function defaultOutputIndex(workflow: Readonly<WorkflowDocument>, from: string, to: string): number {
  let cache = outputIndexes.get(workflow);
  if (cache === undefined) {
    cache = new Map();
    outputIndexes.set(workflow, cache);
  }
  const key = `${from}\u0000${to}`;
  const known = cache.get(key);
  if (known !== undefined) return known;
  const outputs = workflow.connections[from]?.['main'] ?? [];
  let found = 0;
  for (let index = 0; index < outputs.length; index++) {
    const targets = outputs[index] ?? [];
    if (targets.some((target) => target.node === to || reaches(workflow, target.node, to))) {
      found = index;
      break;
    }
  }
  cache.set(key, found);
  return found;
}

/** Whether `to` can be reached from `from` by following main connections. */
function reaches(workflow: Readonly<WorkflowDocument>, from: string, to: string): boolean {
  const seen = new Set<string>([from]);
  const queue = [from];
  while (queue.length > 0) {
    const name = queue.shift() as string;
    for (const targets of workflow.connections[name]?.['main'] ?? []) {
      for (const target of targets ?? []) {
        if (target.node === to) return true;
        if (!seen.has(target.node)) {
          seen.add(target.node);
          queue.push(target.node);
        }
      }
    }
  }
  return false;
}
