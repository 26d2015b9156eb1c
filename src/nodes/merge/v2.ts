import type { Item } from '../../core/model/types.js';
import type { NodeContext, NodeOutput } from '../../core/node-api/index.js';
import { mergeByPositionV2 } from './by-position.js';
import { clashOptionsOf } from './clash.js';
import { combineAll } from './combine-all.js';
import { combineByFields } from './combine-by-fields.js';
import { failFor } from './errors.js';
import { checkMatchPairs, matchPairsParameter } from './match-fields.js';
import { pairAll, tagInputs } from './paired.js';

/** Merge v2 and v2.1: append, combine (by fields, by position, multiplex) and choose branch. */
export function executeMergeV2(ctx: NodeContext, rawInputs: readonly (readonly Item[])[]): NodeOutput {
  const inputs = tagInputs(rawInputs);
  const [input1 = [], input2 = []] = inputs;
  const mode = ctx.getParameter<string>('mode', 0, 'append');
  if (mode === 'append') return [[...input1, ...input2]];
  if (mode === 'chooseBranch') {
    if (ctx.getParameter<string>('chooseBranchMode', 0, 'waitForBoth') !== 'waitForBoth') return [[]];
    const output = ctx.getParameter<string>('output', 0, 'input1');
    if (output === 'input1') return [input1];
    if (output === 'input2') return [input2];
    if (output === 'empty') return [[{ json: {}, pairedItem: pairAll([input1, input2]) }]];
    return [[]];
  }
  if (mode !== 'combine') return [[]];

  const options = ctx.getParameter<Record<string, unknown>>('options', 0, {}) ?? {};
  const combinationMode = ctx.getParameter<string>('combinationMode', 0, 'mergeByFields');
  if (combinationMode === 'multiplex') return [combineAll(input1, input2, clashOptionsOf(options))];
  if (combinationMode === 'mergeByPosition') {
    return [mergeByPositionV2(input1, input2, clashOptionsOf(options), options.includeUnpaired === true)];
  }
  if (combinationMode !== 'mergeByFields') return [[]];
  const fail = failFor(ctx.node.name);
  const pairs = checkMatchPairs(matchPairsParameter(ctx), fail);
  return [
    combineByFields({
      input1,
      input2,
      pairs,
      joinMode: ctx.getParameter<string>('joinMode', 0, 'keepMatches'),
      outputDataFrom: ctx.getParameter<string>('outputDataFrom', 0, 'both'),
      options,
      typeVersion: ctx.typeVersion,
      preferSecond: 'preferInput2',
      fail,
    }),
  ];
}
