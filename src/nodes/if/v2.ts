import type { Item } from '../../core/model/types.js';
import type { NodeTypeSpec } from '../../core/node-api/index.js';
import { asNodeError, evaluateFilterParameter, routedItem, type FilterNodeOptions, type FilterNodeSettings } from '../shared/conditions/index.js';

/** If 2.1 moved "convert types where required" out of `options`; 2.2 made loose booleans stricter; 2.3 reads empty values as missing. */
const settings: FilterNodeSettings = { topLevelLooseFrom: 2.1, engineV2From: 2.2, engineV3From: 2.3 };

/**
 * If v2 to v2.3: filter-type `conditions` (n8n's condition engine). Output 0 gets passing items, output 1 the
 * others. With continueOnFail an item whose conditions fail to evaluate goes to the false output.
 */
export const ifV2: NodeTypeSpec = {
  type: 'n8n-nodes-base.if',
  versions: [2, 2.1, 2.2, 2.3],
  displayName: 'If',
  description: 'Route items to different branches (true/false)',
  inputs: 1,
  outputs: 2,
  mayStopFlow: true,
  parameters: { conditions: 'object', looseTypeValidation: 'boolean', options: 'object' },
  execute(ctx, inputs) {
    const trueItems: Item[] = [];
    const falseItems: Item[] = [];
    (inputs[0] ?? []).forEach((item, itemIndex) => {
      try {
        const options = ctx.getParameter<FilterNodeOptions>('options', itemIndex, {});
        const pass = evaluateFilterParameter(ctx, 'conditions', itemIndex, options ?? {}, settings);
        (pass ? trueItems : falseItems).push(routedItem(item, itemIndex));
      } catch (error) {
        if (!ctx.continueOnFail) throw asNodeError(ctx.node.name, error, itemIndex);
        falseItems.push(routedItem(item, itemIndex));
      }
    });
    return [trueItems, falseItems];
  },
};
