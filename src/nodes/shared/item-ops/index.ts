/**
 * The item-list operations shared by Item Lists (every version) and its standalone successors (Aggregate,
 * Summarize, Split Out, Limit, Sort, Remove Duplicates). Each operation is a plain function of items and
 * settings; the `read-*` modules turn node parameters into those settings.
 */
export { failFor, type Fail } from './fail.js';
export { parseFieldList, readField, type FieldAccess } from './fields.js';
export { aggregateIndividualFields, aggregateAllItemData, addBinaries } from './aggregate.js';
export { splitOutItem } from './split-out.js';
export { splitOutItemLegacy } from './split-out-legacy.js';
export { removeDuplicates } from './remove-duplicates.js';
export { sortByFields, sortRandomly, checkSortCode } from './sort.js';
export { sortByCode } from './sort-code.js';
export { limitItems } from './limit.js';
export { summarize } from './summarize/summarize.js';
export { runAggregate, type AggregateBehaviour } from './run-aggregate.js';
export { runSplitOut, type SplitOutBehaviour } from './run-split-out.js';
export { runRemoveDuplicates, type RemoveDuplicatesBehaviour } from './run-remove-duplicates.js';
export { runSort } from './run-sort.js';
export { runLimit } from './run-limit.js';
export { runSummarize, type SummarizeBehaviour } from './run-summarize.js';
