import type { Item } from '../../core/model/types.js';
import type { NodeTypeSpec } from '../../core/node-api/index.js';
import { evaluateLegacyConditions, routedItem } from '../shared/conditions/index.js';

/**
 * Filter v1: keeps the items that pass legacy conditions (`conditions.boolean|dateTime|number|string`) combined
 * with `combineConditions` AND/OR. Discarded items are dropped: the node has one output.
 */
export const filterV1: NodeTypeSpec = {
  type: 'n8n-nodes-base.filter',
  versions: [1],
  displayName: 'Filter',
  description: 'Remove items matching a condition',
  inputs: 1,
  outputs: 1,
  mayStopFlow: true,
  parameters: { conditions: 'object', combineConditions: 'options' },
  execute(ctx, inputs) {
    const kept: Item[] = [];
    (inputs[0] ?? []).forEach((item, itemIndex) => {
      const combine = ctx.getParameter<unknown>('combineConditions', itemIndex, 'AND');
      if (evaluateLegacyConditions(ctx, itemIndex, { value: String(combine), all: 'AND', any: 'OR' })) {
        kept.push(routedItem(item, itemIndex));
      }
    });
    return [kept];
  },
};
