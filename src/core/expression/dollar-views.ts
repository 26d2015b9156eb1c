import type { BinaryData, Item } from '../model/types.js';
import { expressionError } from './errors.js';
import { HostView } from './guard.js';
import type { WorkflowData } from './workflow-data.js';

/** How views hand data to expression code: as stored, or as a private copy when the code may mutate it. */
export type Own = <T>(value: T) => T;

function optionalIndex(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

function itemView(item: Item | undefined, own: Own): unknown {
  if (item === undefined) return undefined;
  const out: Record<string, unknown> = { json: own(item.json) };
  if (item.binary !== undefined) out['binary'] = own(item.binary);
  if (item.pairedItem !== undefined) out['pairedItem'] = own(item.pairedItem);
  return out;
}

function itemsView(items: readonly Item[], own: Own): unknown[] {
  return items.map((item) => itemView(item, own));
}

/** `$input`: the current run's input. */
export class InputView extends HostView {
  readonly #data: WorkflowData;
  readonly #own: Own;

  constructor(data: WorkflowData, own: Own) {
    super();
    this.#data = data;
    this.#own = own;
  }

  read(key: string): unknown {
    const data = this.#data;
    const own = this.#own;
    switch (key) {
      case 'item':
        return itemView(data.inputItem(), own);
      case 'all':
        return (inputIndex?: unknown) => itemsView(data.inputAll(optionalIndex(inputIndex)), own);
      case 'first':
        return (inputIndex?: unknown) => itemView(data.inputFirst(optionalIndex(inputIndex)), own);
      case 'last':
        return (inputIndex?: unknown) => itemView(data.inputLast(optionalIndex(inputIndex)), own);
      case 'params':
        return own(data.inputParams());
      case 'context':
        return own(data.nodeContext(data.scope.node.name));
      default:
        return undefined;
    }
  }

  toPlain(): unknown {
    return { item: this.read('item') };
  }
}

/** `$('Node')`: another node's data, with paired-item lookups. */
export class NodeView extends HostView {
  readonly #data: WorkflowData;
  readonly #name: string;
  readonly #own: Own;

  constructor(data: WorkflowData, name: string, own: Own) {
    super();
    this.#data = data;
    this.#name = name;
    this.#own = own;
  }

  read(key: string): unknown {
    const data = this.#data;
    const name = this.#name;
    const own = this.#own;
    switch (key) {
      case 'item':
        return itemView(data.pairedItem(name, undefined, 'item'), own);
      case 'itemMatching':
        return (index: unknown) => itemView(data.pairedItem(name, requireIndex(index, 'itemMatching'), 'itemMatching'), own);
      case 'pairedItem':
        return (index?: unknown) => itemView(data.pairedItem(name, optionalIndex(index), 'pairedItem'), own);
      case 'first':
        return (branch?: unknown, run?: unknown) => itemView(data.nodeFirst(name, optionalIndex(branch), optionalIndex(run)), own);
      case 'last':
        return (branch?: unknown, run?: unknown) => itemView(data.nodeLast(name, optionalIndex(branch), optionalIndex(run)), own);
      case 'all':
        return (branch?: unknown, run?: unknown) => itemsView(data.nodeAll(name, optionalIndex(branch), optionalIndex(run)), own);
      case 'isExecuted':
        return data.isExecuted(name);
      case 'params':
        return own(data.nodeParams(name));
      case 'context':
        return own(data.nodeContext(name));
      default:
        return undefined;
    }
  }

  toPlain(): unknown {
    return { isExecuted: this.#data.isExecuted(this.#name) };
  }
}

function requireIndex(value: unknown, method: string): number {
  if (typeof value !== 'number') throw expressionError(`${method}() needs an item index (a number)`);
  return value;
}

/** Binary metadata as `$node[…].binary` shows it: everything but the (large) data. */
function binaryMetadata(binary: Record<string, BinaryData> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(binary ?? {})) {
    const { data: _data, ...rest } = value;
    out[key] = rest;
  }
  return out;
}

/** `$node["Node"]` (legacy): a node's item with the current item's index, its parameters and state. */
export class LegacyNodeView extends HostView {
  readonly #data: WorkflowData;
  readonly #name: string;
  readonly #own: Own;

  constructor(data: WorkflowData, name: string, own: Own) {
    super();
    this.#data = data;
    this.#name = name;
    this.#own = own;
  }

  read(key: string): unknown {
    const data = this.#data;
    const name = this.#name;
    const own = this.#own;
    switch (key) {
      case 'json':
      case 'data':
        return own(data.legacyNodeItem(name).json);
      case 'binary':
        return binaryMetadata(data.legacyNodeItem(name).binary);
      case 'parameter':
        return own(data.nodeParams(name));
      case 'context':
        return own(data.nodeContext(name));
      case 'runIndex':
        return Math.max(0, data.scope.runData.runCount(name) - 1);
      default:
        return undefined;
    }
  }

  toPlain(): unknown {
    return { json: this.read('json') };
  }
}

/** `$node`: legacy access to every node by name. */
export class NodeMapView extends HostView {
  readonly #data: WorkflowData;
  readonly #own: Own;

  constructor(data: WorkflowData, own: Own) {
    super();
    this.#data = data;
    this.#own = own;
  }

  read(key: string): unknown {
    if (!this.#data.nodeExists(key)) return undefined;
    return new LegacyNodeView(this.#data, key, this.#own);
  }

  toPlain(): unknown {
    return {};
  }
}

/** `$item(i)`: the legacy per-item accessor. */
export class ItemView extends HostView {
  readonly #data: WorkflowData;
  readonly #own: Own;

  constructor(data: WorkflowData, own: Own) {
    super();
    this.#data = data;
    this.#own = own;
  }

  read(key: string): unknown {
    switch (key) {
      case '$json':
        return this.#own(this.#data.json());
      case '$binary':
        return this.#own(this.#data.binary());
      case '$node':
        return new NodeMapView(this.#data, this.#own);
      default:
        return undefined;
    }
  }

  toPlain(): unknown {
    return { $json: this.read('$json') };
  }
}
