import type { Item } from '../../../core/model/types.js';
import type { NodeContext } from '../../../core/node-api/index.js';
import { failFor } from './fail.js';
import { parseFieldList } from './fields.js';
import { flagParam, stringParam } from './params.js';
import { removeDuplicates, type CompareMode } from './remove-duplicates.js';

/** Version differences of Remove Duplicates. */
export interface RemoveDuplicatesBehaviour {
  readonly lenientNulls: boolean;
  readonly orderByType: boolean;
}

/** Runs "Remove Duplicates" (within the input) with the node's parameters. */
export function runRemoveDuplicates(ctx: NodeContext, items: readonly Item[], behaviour: RemoveDuplicatesBehaviour): Item[] {
  const fail = failFor(ctx.node.name);
  const compare = stringParam(ctx, 'compare', 'allFields') as CompareMode;
  return removeDuplicates(
    items,
    {
      compare,
      fieldsToExclude: compare === 'allFieldsExcept' ? parseFieldList(ctx.getParameter('fieldsToExclude', 0), 'Fields To Exclude', fail) : [],
      fieldsToCompare: compare === 'selectedFields' ? parseFieldList(ctx.getParameter('fieldsToCompare', 0), 'Fields To Compare', fail) : [],
      disableDotNotation: flagParam(ctx, 'options.disableDotNotation'),
      removeOtherFields: flagParam(ctx, 'options.removeOtherFields'),
      lenientNulls: behaviour.lenientNulls,
      orderByType: behaviour.orderByType,
    },
    fail,
  );
}
