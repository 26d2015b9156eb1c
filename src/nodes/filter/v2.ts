import type { Item } from '../../core/model/types.js';
import type { NodeTypeSpec } from '../../core/node-api/index.js';
import { asNodeError, evaluateFilterParameter, routedItem, type FilterNodeOptions, type FilterNodeSettings } from '../shared/conditions/index.js';

/** Filter 2.1 moved "convert types where required" out of `options`; 2.2 made loose booleans stricter; 2.3 reads empty values as missing. */
const settings: FilterNodeSettings = { topLevelLooseFrom: 2.1, engineV2From: 2.2, engineV3From: 2.3 };

/**
 * Filter v2 to v2.3: keeps the items that pass filter-type `conditions`. n8n shows discarded items in the
 * editor only; they reach no output (and must not leak into an error output), so the node returns kept items.
 * With continueOnFail an item whose conditions fail to evaluate is discarded.
 */
export const filterV2: NodeTypeSpec = {
  type: 'n8n-nodes-base.filter',
  versions: [2, 2.1, 2.2, 2.3],
  displayName: 'Filter',
  description: 'Remove items matching a condition',
  inputs: 1,
  outputs: 1,
  mayStopFlow: true,
  parameters: { conditions: 'object', looseTypeValidation: 'boolean', options: 'object' },
  execute(ctx, inputs) {
    const kept: Item[] = [];
    (inputs[0] ?? []).forEach((item, itemIndex) => {
      try {
        const options = ctx.getParameter<FilterNodeOptions>('options', itemIndex, {});
        if (evaluateFilterParameter(ctx, 'conditions', itemIndex, options ?? {}, settings)) kept.push(routedItem(item, itemIndex));
      } catch (error) {
        if (!ctx.continueOnFail) throw asNodeError(ctx.node.name, error, itemIndex);
      }
    });
    return [kept];
  },
};
