import type { Item } from '../../../core/model/types.js';
import type { NodeContext } from '../../../core/node-api/index.js';
import { addBinaries, aggregateAllItemData, aggregateIndividualFields, type AggregateAllOptions, type AggregateFieldsOptions, type FieldToAggregate } from './aggregate.js';
import { aggregateByGroups, groupIndexes, type GroupedAggregation } from './aggregate-group.js';
import { failFor, type Fail } from './fail.js';
import { parseFieldList } from './fields.js';
import { collectionEntries, entryString, flagParam, stringParam } from './params.js';

/** Version differences of the aggregate operation. */
export interface AggregateBehaviour {
  /** Item Lists before v2.1: blank or missing fields fail. */
  readonly requireFields: boolean;
  /** The Aggregate node's "Group By Fields" option (Item Lists has none). */
  readonly groupBy?: boolean;
}

/**
 * Runs "Aggregate" / Item Lists "Concatenate Items" with the node's parameters: one output item, or one per group
 * with the Aggregate node's "Group By Fields".
 */
export function runAggregate(ctx: NodeContext, items: readonly Item[], behaviour: AggregateBehaviour): Item[] {
  const fail = failFor(ctx.node.name);
  const aggregation = readAggregation(ctx, behaviour, fail);
  // n8n always runs the plain aggregation first, so its checks apply with grouping too.
  let result =
    aggregation.mode === 'aggregateAllItemData'
      ? aggregateAllItemData(items, aggregation.options)
      : aggregateIndividualFields(items, aggregation.options, fail);
  const includeBinaries = flagParam(ctx, 'options.includeBinaries');
  const keepOnlyUnique = flagParam(ctx, 'options.keepOnlyUnique');
  const groupBy = behaviour.groupBy === true ? parseFieldList(ctx.getParameter('options.groupByFields', 0, ''), 'Group By Fields', fail) : [];
  if (groupBy.length > 0) {
    const grouped = aggregateByGroups(items, groupBy, aggregation, fail);
    if (!includeBinaries) return grouped;
    const indexes = groupIndexes(items, groupBy, fail);
    return grouped.map((item, group) => addBinaries(item, (indexes[group] ?? []).map((index) => items[index]).filter(isItem), keepOnlyUnique));
  }
  if (includeBinaries) {
    const paired = Array.isArray(result.pairedItem) ? result.pairedItem : [];
    result = addBinaries(result, paired.map(({ item }) => items[item]).filter(isItem), keepOnlyUnique);
  }
  return [result];
}

function isItem(item: Item | undefined): item is Item {
  return item !== undefined;
}

/** The aggregation the parameters ask for: "All Item Data" or "Individual Fields", with their settings. */
function readAggregation(ctx: NodeContext, behaviour: AggregateBehaviour, fail: Fail): GroupedAggregation {
  const mode = stringParam(ctx, 'aggregate', 'aggregateIndividualFields');
  if (mode === 'aggregateAllItemData') {
    const include = stringParam(ctx, 'include', 'allFields');
    const options: AggregateAllOptions = {
      destinationFieldName: stringParam(ctx, 'destinationFieldName', 'data'),
      fieldsToInclude: include === 'specifiedFields' ? parseFieldList(ctx.getParameter('fieldsToInclude', 0), 'Fields To Include', fail) : [],
      fieldsToExclude: include === 'allFieldsExcept' ? parseFieldList(ctx.getParameter('fieldsToExclude', 0), 'Fields To Exclude', fail) : [],
    };
    return { mode, options };
  }
  const fields: FieldToAggregate[] = collectionEntries(ctx, 'fieldsToAggregate', 'fieldToAggregate', [
    { fieldToAggregate: '', renameField: false },
  ]).map((entry) => ({
    fieldToAggregate: entryString(entry, 'fieldToAggregate'),
    renameField: entry.renameField === true,
    outputFieldName: entryString(entry, 'outputFieldName'),
  }));
  const options: AggregateFieldsOptions = {
    fields,
    disableDotNotation: flagParam(ctx, 'options.disableDotNotation'),
    mergeLists: flagParam(ctx, 'options.mergeLists'),
    keepMissing: flagParam(ctx, 'options.keepMissing'),
    requireFields: behaviour.requireFields,
  };
  return { mode: 'aggregateIndividualFields', options };
}
