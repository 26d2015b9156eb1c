import type { Item } from '../../core/model/types.js';
import type { NodeContext, NodeTypeSpec } from '../../core/node-api/index.js';
import {
  failFor,
  runAggregate,
  runLimit,
  runRemoveDuplicates,
  runSort,
  runSplitOut,
  runSummarize,
  type AggregateBehaviour,
  type RemoveDuplicatesBehaviour,
  type SplitOutBehaviour,
  type SummarizeBehaviour,
} from '../shared/item-ops/index.js';

/** How one Item Lists typeVersion behaves, per operation. */
export interface ItemListsBehaviour {
  readonly aggregate: AggregateBehaviour;
  readonly splitOut: SplitOutBehaviour;
  readonly removeDuplicates: RemoveDuplicatesBehaviour;
  readonly summarize: SummarizeBehaviour;
}

/** Runs the Item Lists operation named by the `operation` parameter (default "Split Out Items"). */
export async function runItemLists(ctx: NodeContext, items: readonly Item[], behaviour: ItemListsBehaviour): Promise<Item[]> {
  const operation = String(ctx.getParameter<unknown>('operation', 0, 'splitOutItems'));
  switch (operation) {
    case 'splitOutItems':
      return runSplitOut(ctx, items, behaviour.splitOut);
    // v3 renamed "aggregateItems" to "concatenateItems"; both names are accepted for every version.
    case 'aggregateItems':
    case 'concatenateItems':
      return runAggregate(ctx, items, behaviour.aggregate);
    case 'removeDuplicates':
      return runRemoveDuplicates(ctx, items, behaviour.removeDuplicates);
    case 'sort':
      return runSort(ctx, items);
    case 'limit':
      return runLimit(ctx, items);
    case 'summarize':
      return runSummarize(ctx, items, behaviour.summarize);
    default:
      return failFor(ctx.node.name)(`Operation '${operation}' is not recognized`);
  }
}

/** The parts every Item Lists spec shares. */
export const itemListsBase = {
  type: 'n8n-nodes-base.itemLists',
  displayName: 'Item Lists',
  description: 'Helper for working with lists of items and transforming arrays',
  inputs: 1,
  outputs: 1,
  // Split Out Items of empty lists, and Summarize with "ignore items without valid fields", can output nothing.
  mayStopFlow: true,
  parameters: {
    operation: 'options',
    fieldToSplitOut: 'string',
    include: 'options',
    fieldsToInclude: 'any',
    aggregate: 'options',
    fieldsToAggregate: 'object',
    destinationFieldName: 'string',
    fieldsToExclude: 'any',
    compare: 'options',
    fieldsToCompare: 'any',
    type: 'options',
    sortFieldsUi: 'object',
    code: 'string',
    maxItems: 'number',
    keep: 'options',
    fieldsToSummarize: 'object',
    fieldsToSplitBy: 'string',
    options: 'object',
  },
} as const satisfies Omit<NodeTypeSpec, 'versions' | 'execute'>;
