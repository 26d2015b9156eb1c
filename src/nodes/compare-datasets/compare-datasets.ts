import lodash from 'lodash';
import type { Item } from '../../core/model/types.js';
import type { NodeContext, NodeOutput, NodeTypeSpec } from '../../core/node-api/index.js';
import { failFor, type Fail } from '../merge/errors.js';
import { checkFieldsPresent, checkMatchPairs, matchPairsParameter } from '../merge/match-fields.js';
import { tagInputs } from '../merge/paired.js';
import { compareDatasets } from './compare.js';
import type { CompareSettings } from './settings.js';

/** Items with an empty json take no part in the comparison. */
function withoutEmpty(items: readonly Item[]): Item[] {
  return items.filter((item) => !lodash.isEmpty(item.json));
}

/** Before v2.2 every match field must occur in some item of a non-empty input. */
function checkedInput(items: readonly Item[], fields: string[], settings: CompareSettings, label: string, fail: Fail): Item[] {
  const kept = withoutEmpty(items);
  if (settings.typeVersion < 2.2 && kept.length > 0) checkFieldsPresent(kept, fields, settings.disableDotNotation, label, fail);
  return kept;
}

function readSettings(ctx: NodeContext): CompareSettings {
  const version = ctx.typeVersion;
  const options = ctx.getParameter<Record<string, unknown>>('options', 0, {}) ?? {};
  const resolve = String(ctx.getParameter('resolve', 0, version >= 2.1 ? 'includeBoth' : 'preferInput2'));
  const fuzzy = version >= 2 ? ctx.getParameter('fuzzyCompare', 0, false) : options.fuzzyCompare;
  const skipFields = typeof options.skipFields === 'string' && options.skipFields !== '' ? options.skipFields : '';
  return {
    typeVersion: version,
    resolve,
    preferWhenMix: resolve === 'mix' ? String(ctx.getParameter('preferWhenMix', 0, 'input1')) : '',
    exceptWhenMix: resolve === 'mix' ? String(ctx.getParameter('exceptWhenMix', 0, '') ?? '') : '',
    fuzzyCompare: fuzzy === true,
    disableDotNotation: options.disableDotNotation === true,
    multipleMatches: typeof options.multipleMatches === 'string' && options.multipleMatches !== '' ? options.multipleMatches : 'first',
    skipFields: skipFields.split(',').map((field) => field.trim()),
  };
}

/** Compare Datasets: sorts the items of two inputs into "in A only", "same", "different" and "in B only". */
function executeCompareDatasets(ctx: NodeContext, rawInputs: readonly (readonly Item[])[]): NodeOutput {
  const fail = failFor(ctx.node.name);
  const pairs = checkMatchPairs(matchPairsParameter(ctx), fail);
  const settings = readSettings(ctx);
  const [input1 = [], input2 = []] = tagInputs(rawInputs);
  const itemsA = checkedInput(input1, pairs.map((pair) => pair.field1), settings, 'Input A', fail);
  const itemsB = checkedInput(input2, pairs.map((pair) => pair.field2), settings, 'Input B', fail);
  return compareDatasets(itemsA, itemsB, pairs, settings, fail);
}

/** Compare Datasets v1–v2.3 (n8n-nodes-base.compareDatasets). */
export const compareDatasetsNode: NodeTypeSpec = {
  type: 'n8n-nodes-base.compareDatasets',
  versions: [1, 2, 2.1, 2.2, 2.3],
  displayName: 'Compare Datasets',
  description: 'Compare two inputs for changes',
  inputs: 2,
  outputs: 4,
  requiredInputs: 1,
  mayStopFlow: true,
  parameters: {
    mergeByFields: 'object',
    resolve: 'options',
    fuzzyCompare: 'boolean',
    preferWhenMix: 'options',
    exceptWhenMix: 'string',
    options: 'object',
  },
  execute: executeCompareDatasets,
};
