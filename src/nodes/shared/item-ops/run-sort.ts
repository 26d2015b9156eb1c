import type { Item } from '../../../core/model/types.js';
import type { NodeContext } from '../../../core/node-api/index.js';
import { failFor } from './fail.js';
import { collectionEntries, entryString, flagParam, stringParam } from './params.js';
import { checkSortCode, sortByFields, sortRandomly, sortWithComparator, type ItemComparator, type SortField } from './sort.js';

/**
 * Builds the comparator of a "Code" sort: `code` is the body of `(a, b) => { … }`, run in the Code node's sandbox.
 * Absent while Weft has no sandbox for user code.
 */
export type SortCodeComparatorFactory = (ctx: NodeContext, code: string) => ItemComparator;

/** Runs "Sort" / Item Lists "Sort" with the node's parameters: simple (by fields), random, or by code. */
export async function runSort(ctx: NodeContext, items: readonly Item[], byCode?: SortCodeComparatorFactory): Promise<Item[]> {
  const fail = failFor(ctx.node.name);
  const type = stringParam(ctx, 'type', 'simple');
  if (type === 'random') return sortRandomly(items);
  if (type === 'simple') {
    const fields: SortField[] = collectionEntries(ctx, 'sortFieldsUi', 'sortField', []).map((entry) => ({
      fieldName: entryString(entry, 'fieldName'),
      order: entryString(entry, 'order', 'ascending') === 'descending' ? 'descending' : 'ascending',
    }));
    return sortByFields(items, fields, { disableDotNotation: flagParam(ctx, 'options.disableDotNotation') }, fail);
  }
  const code = stringParam(ctx, 'code', '');
  checkSortCode(code, fail);
  if (!byCode) {
    return fail('Sorting by code is not supported by Weft yet', {
      description: 'Weft has no sandbox for user code in this node yet; use the Simple sort or a Code node instead',
    });
  }
  return sortWithComparator(items, byCode(ctx, code));
}
