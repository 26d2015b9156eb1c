import type { Item } from '../../../core/model/types.js';
import type { NodeContext } from '../../../core/node-api/index.js';
import { limitItems, type LimitKeep } from './limit.js';
import { stringParam } from './params.js';

/** Runs "Limit" with the node's parameters (`maxItems` default 1, keep the first items). */
export function runLimit(ctx: NodeContext, items: readonly Item[]): Item[] {
  const maxItems = Number(ctx.getParameter<unknown>('maxItems', 0, 1));
  const keep = stringParam(ctx, 'keep', 'firstItems') as LimitKeep;
  return limitItems(items, maxItems, keep);
}
