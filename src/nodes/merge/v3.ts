import type { Item } from '../../core/model/types.js';
import type { NodeContext, NodeOutput } from '../../core/node-api/index.js';
import { combineByPositionV3 } from './by-position.js';
import { clashOptionsOf } from './clash.js';
import { combineAll } from './combine-all.js';
import { combineByFields } from './combine-by-fields.js';
import { combineBySql } from './combine-by-sql.js';
import { failFor } from './errors.js';
import { checkMatchPairs, matchPairsParameter } from './match-fields.js';
import { pairAll, tagInputs } from './paired.js';
import { mergeV3InputCount } from './inputs.js';

/** Merge v3, v3.1, v3.2: append, combine (by fields, by position, all combinations), SQL query, choose branch. */
export async function executeMergeV3(ctx: NodeContext, rawInputs: readonly (readonly Item[])[]): Promise<NodeOutput> {
  const count = Math.max(mergeV3InputCount(ctx.node.parameters ?? {}), rawInputs.length);
  const inputs = tagInputs(Array.from({ length: count }, (_unused, index) => rawInputs[index] ?? []));
  const [input1 = [], input2 = []] = inputs;
  const mode = ctx.getParameter<string>('mode', 0, 'append');
  const operation = mode === 'combine' ? ctx.getParameter<string>('combineBy', 0, 'combineByFields') : mode;
  const options = (): Record<string, unknown> => ctx.getParameter<Record<string, unknown>>('options', 0, {}) ?? {};

  switch (operation) {
    case 'append':
      return [inputs.flat()];
    case 'combineAll':
      return [combineAll(input1, input2, clashOptionsOf(options()))];
    case 'combineByPosition': {
      const settings = options();
      const includeUnpaired = settings.includeUnpaired === true;
      const output = combineByPositionV3(inputs, clashOptionsOf(settings), includeUnpaired);
      if (output.length === 0 && !includeUnpaired) {
        ctx.logger.info('Consider enabling "Include Any Unpaired Items" in options or check your inputs');
      }
      return [output];
    }
    case 'combineByFields':
      return [combineByFieldsV3(ctx, input1, input2, options())];
    case 'combineBySql':
      return [await combineBySql(ctx, inputs)];
    case 'chooseBranch':
      return [chooseBranch(ctx, inputs)];
    default:
      return [[]];
  }
}

function combineByFieldsV3(ctx: NodeContext, input1: Item[], input2: Item[], options: Record<string, unknown>): Item[] {
  const fail = failFor(ctx.node.name);
  const advanced = ctx.getParameter<boolean>('advanced', 0, false) === true;
  const values = advanced
    ? matchPairsParameter(ctx)
    : String(ctx.getParameter('fieldsToMatchString', 0, '') ?? '')
        .split(',')
        .map((part) => ({ field1: part.trim(), field2: part.trim() }));
  return combineByFields({
    input1,
    input2,
    pairs: checkMatchPairs(values, fail),
    joinMode: ctx.getParameter<string>('joinMode', 0, 'keepMatches'),
    outputDataFrom: ctx.getParameter<string>('outputDataFrom', 0, 'both'),
    options,
    typeVersion: ctx.typeVersion,
    preferSecond: 'preferLast',
    fail,
  });
}

function chooseBranch(ctx: NodeContext, inputs: Item[][]): Item[] {
  if (ctx.getParameter<string>('chooseBranchMode', 0, 'waitForAll') !== 'waitForAll') return [];
  const output = ctx.getParameter<string>('output', 0, 'specifiedInput');
  if (output === 'specifiedInput') {
    const chosen = Number(ctx.getParameter('useDataOfInput', 0, 1));
    if (chosen > inputs.length) {
      failFor(ctx.node.name)(`Input ${chosen} doesn't exist`, {
        description: `The node has only ${inputs.length} inputs, so selecting input ${chosen} is not possible.`,
      });
    }
    return inputs[chosen - 1] ?? [];
  }
  // Like n8n, the empty item pairs with the items of the first two inputs only.
  if (output === 'empty') return [{ json: {}, pairedItem: pairAll(inputs.slice(0, 2)) }];
  return [];
}
