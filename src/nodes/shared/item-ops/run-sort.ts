import type { Item } from '../../../core/model/types.js';
import type { NodeContext } from '../../../core/node-api/index.js';
import { failFor } from './fail.js';
import { collectionEntries, entryString, flagParam, stringParam } from './params.js';
import { checkSortCode, sortByFields, sortRandomly, type SortField } from './sort.js';
import { sortByCode } from './sort-code.js';

/** Runs "Sort" / Item Lists "Sort" with the node's parameters: simple (by fields), random, or by code. */
export async function runSort(ctx: NodeContext, items: readonly Item[]): Promise<Item[]> {
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
  return sortByCode(ctx, items, code, fail);
}
