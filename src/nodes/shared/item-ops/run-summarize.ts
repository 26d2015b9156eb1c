import type { Item } from '../../../core/model/types.js';
import type { NodeContext } from '../../../core/node-api/index.js';
import { failFor } from './fail.js';
import { collectionEntries, entryString, flagParam, stringParam } from './params.js';
import type { Aggregation, AggregationType } from './summarize/aggregations.js';
import { summarize, type SummarizeFlavour } from './summarize/summarize.js';

/** Version differences of Summarize. */
export interface SummarizeBehaviour {
  readonly flavour: SummarizeFlavour;
  /** Whether a field missing from every item fails the node, given the node's options. */
  readonly requireFields: (continueIfFieldNotFound: boolean) => boolean;
}

/** Runs "Summarize" / Item Lists "Summarize" with the node's parameters. */
export function runSummarize(ctx: NodeContext, items: readonly Item[], behaviour: SummarizeBehaviour): Item[] {
  const aggregations: Aggregation[] = collectionEntries(ctx, 'fieldsToSummarize', 'values', [{ aggregation: 'count', field: '' }]).map(
    (entry) => ({
      aggregation: entryString(entry, 'aggregation', 'count') as AggregationType,
      field: entryString(entry, 'field'),
      includeEmpty: entry.includeEmpty === true,
      separateBy: entryString(entry, 'separateBy', ','),
      customSeparator: entryString(entry, 'customSeparator'),
    }),
  );
  const splitKeys = stringParam(ctx, 'fieldsToSplitBy', '')
    .split(',')
    .map((field) => field.trim())
    .filter((field) => field !== '');
  return summarize(
    items,
    {
      aggregations,
      splitKeys,
      outputFormat: stringParam(ctx, 'options.outputFormat', 'separateItems') === 'singleItem' ? 'singleItem' : 'separateItems',
      skipEmptySplitFields: flagParam(ctx, 'options.skipEmptySplitFields'),
      disableDotNotation: flagParam(ctx, 'options.disableDotNotation'),
      flavour: behaviour.flavour,
      requireFields: behaviour.requireFields(flagParam(ctx, 'options.continueIfFieldNotFound')),
    },
    failFor(ctx.node.name),
  );
}
