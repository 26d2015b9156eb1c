import { NodeExecutionError, errorMessage } from '../../core/errors/index.js';
import type { Item } from '../../core/model/types.js';
import type { NodeContext, NodeTypeSpec } from '../../core/node-api/index.js';
import { seededRandom } from './seeded-random.js';
import { randomDataTypes, randomRecordFactory, type RandomDataType } from './random-data.js';

/** Kinds n8n emits as bare values: in a single array they stay bare, as items they get a key (see random-data). */
const scalarKinds = new Set<string>(['uuid', 'macAddress', 'ipv4', 'ipv6', 'latLong', 'semver', 'url', 'nanoid']);

const defaultAlphabet = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

/**
 * Debug Helper: fails on purpose (`throwError`, n8n's default category), emits random test data (`randomData`,
 * repeatable with `randomDataSeed`) or does nothing (`doNothing`, which in n8n emits no items at all). Like n8n it
 * works item by item, so with continue-on-fail each failing item becomes `{ error }` paired to its input. The
 * out-of-memory category is refused: Weft does not let a workflow crash its process on purpose.
 */
export const debugHelper: NodeTypeSpec = {
  type: 'n8n-nodes-base.debugHelper',
  versions: [1],
  displayName: 'DebugHelper',
  inputs: 1,
  outputs: 1,
  mayStopFlow: true,
  parameters: {
    category: 'options',
    throwErrorType: 'options',
    throwErrorMessage: 'string',
    memorySizeValue: 'number',
    randomDataType: 'options',
    nanoidAlphabet: 'string',
    nanoidLength: 'any',
    randomDataSeed: 'string',
    randomDataCount: 'number',
    randomDataSingleArray: 'boolean',
  },
  execute(ctx, inputs) {
    const items = inputs[0] ?? [];
    const category = ctx.getParameter<string>('category', 0, 'throwError');
    const output: Item[] = [];
    items.forEach((_item, itemIndex) => {
      try {
        output.push(...runCategory(ctx, category, itemIndex));
      } catch (error) {
        if (!ctx.continueOnFail) throw error;
        output.push({ json: { error: errorMessage(error) }, pairedItem: { item: itemIndex } });
      }
    });
    return [output];
  },
};

function runCategory(ctx: NodeContext, category: string, itemIndex: number): Item[] {
  switch (category) {
    case 'doNothing':
      return [];
    case 'throwError':
      throwConfiguredError(ctx);
      return refuseOutOfMemory(ctx);
    case 'oom':
      return refuseOutOfMemory(ctx);
    case 'randomData':
      return randomItems(ctx, itemIndex);
    default:
      // n8n ignores an unknown category and emits nothing for the item.
      return [];
  }
}

/** Throws the error type asked for. An unknown type falls through to the out-of-memory branch, as in n8n. */
function throwConfiguredError(ctx: NodeContext): void {
  const type = ctx.getParameter<string>('throwErrorType', 0, 'NodeApiError');
  const message = String(ctx.getParameter('throwErrorMessage', 0, 'Node has thrown an error'));
  if (type === 'NodeApiError') {
    const error = new NodeExecutionError(ctx.node.name, message);
    error.name = 'NodeApiError';
    throw error;
  }
  if (type === 'NodeOperationError') throw new NodeExecutionError(ctx.node.name, message);
  if (type === 'Error') throw new Error(message);
}

function refuseOutOfMemory(ctx: NodeContext): never {
  throw new NodeExecutionError(ctx.node.name, 'Debug Helper category "oom" is not available in Weft', {
    description: 'Weft does not let a workflow exhaust its memory on purpose; use doNothing, throwError or randomData.',
  });
}

/** One input item's share of random data: `randomDataCount` records as items, or one item holding them all. */
function randomItems(ctx: NodeContext, itemIndex: number): Item[] {
  const type = ctx.getParameter<string>('randomDataType', 0, 'user');
  if (!randomDataTypes.has(type)) throw new NodeExecutionError(ctx.node.name, `Unknown random data type "${type}"`);
  const count = Math.max(0, Math.floor(Number(ctx.getParameter('randomDataCount', 0, 10)) || 0));
  const seed = String(ctx.getParameter('randomDataSeed', 0, ''));
  const singleArray = ctx.getParameter<boolean>('randomDataSingleArray', 0, false) === true;
  const options = {
    nanoidAlphabet: String(ctx.getParameter('nanoidAlphabet', 0, defaultAlphabet)),
    nanoidLength: Math.max(0, Number.parseInt(String(ctx.getParameter('nanoidLength', 0, '16')), 10) || 0),
  };
  // n8n reseeds for every input item, so a seeded run gives each input item the same records.
  const random = seededRandom(seed === '' ? `${Date.now()}:${Math.random()}:${itemIndex}` : seed);
  const next = randomRecordFactory(type as RandomDataType, random, options);
  const records = Array.from({ length: count }, () => next());
  const pairedItem = { item: itemIndex };
  if (!singleArray) return records.map((json) => ({ json, pairedItem }));
  const generatedItems = scalarKinds.has(type) ? records.map((record) => Object.values(record)[0]) : records;
  return [{ json: { generatedItems }, pairedItem }];
}
