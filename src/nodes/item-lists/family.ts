import type { NodeTypeSpec } from '../../core/node-api/index.js';
import { aggregate } from '../aggregate/aggregate.js';
import { limit } from '../limit/limit.js';
import { removeDuplicatesV1 } from '../remove-duplicates/v1.js';
import { removeDuplicatesV2 } from '../remove-duplicates/v2.js';
import { sort } from '../sort/sort.js';
import { splitOut } from '../split-out/split-out.js';
import { summarize } from '../summarize/summarize.js';
import { itemListsV1 } from './v1.js';
import { itemListsV2 } from './v2.js';
import { itemListsV3 } from './v3.js';

/**
 * Item Lists and the standalone nodes n8n split it into (they share `shared/item-ops`), registered together.
 */
export const itemListFamily: readonly NodeTypeSpec[] = [
  itemListsV1,
  itemListsV2,
  itemListsV3,
  aggregate,
  summarize,
  splitOut,
  limit,
  sort,
  removeDuplicatesV1,
  removeDuplicatesV2,
];
