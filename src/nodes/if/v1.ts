import type { Item } from '../../core/model/types.js';
import type { NodeTypeSpec } from '../../core/node-api/index.js';
import { evaluateLegacyConditions, routedItem } from '../shared/conditions/index.js';

/**
 * If v1: legacy conditions grouped by type (`conditions.boolean|dateTime|number|string`), combined with
 * `combineOperation` all/any. Output 0 gets the items that pass, output 1 the others. A failing comparison fails
 * the node (with continueOnFail the engine passes the input on, as n8n does for this version).
 */
export const ifV1: NodeTypeSpec = {
  type: 'n8n-nodes-base.if',
  versions: [1],
  displayName: 'If',
  description: 'Route items to different branches (true/false)',
  inputs: 1,
  outputs: 2,
  mayStopFlow: true,
  parameters: { conditions: 'object', combineOperation: 'options' },
  execute(ctx, inputs) {
    const trueItems: Item[] = [];
    const falseItems: Item[] = [];
    (inputs[0] ?? []).forEach((item, itemIndex) => {
      const combine = ctx.getParameter<unknown>('combineOperation', itemIndex, 'all');
      const pass = evaluateLegacyConditions(ctx, itemIndex, { value: String(combine), all: 'all', any: 'any' });
      (pass ? trueItems : falseItems).push(routedItem(item, itemIndex));
    });
    return [trueItems, falseItems];
  },
};
