import type { Item } from '../../../core/model/types.js';
import type { NodeContext } from '../../../core/node-api/index.js';
import { addBinaries, aggregateAllItemData, aggregateIndividualFields, type FieldToAggregate } from './aggregate.js';
import { failFor } from './fail.js';
import { parseFieldList } from './fields.js';
import { collectionEntries, entryString, flagParam, stringParam } from './params.js';

/** Version differences of the aggregate operation. */
export interface AggregateBehaviour {
  /** Item Lists before v2.1: blank or missing fields fail. */
  readonly requireFields: boolean;
}

/** Runs "Aggregate" / Item Lists "Concatenate Items" with the node's parameters; one output item. */
export function runAggregate(ctx: NodeContext, items: readonly Item[], behaviour: AggregateBehaviour): Item[] {
  const fail = failFor(ctx.node.name);
  const mode = stringParam(ctx, 'aggregate', 'aggregateIndividualFields');
  let result: Item;
  if (mode === 'aggregateAllItemData') {
    const include = stringParam(ctx, 'include', 'allFields');
    result = aggregateAllItemData(items, {
      destinationFieldName: stringParam(ctx, 'destinationFieldName', 'data'),
      fieldsToInclude: include === 'specifiedFields' ? parseFieldList(ctx.getParameter('fieldsToInclude', 0), 'Fields To Include', fail) : [],
      fieldsToExclude: include === 'allFieldsExcept' ? parseFieldList(ctx.getParameter('fieldsToExclude', 0), 'Fields To Exclude', fail) : [],
    });
  } else {
    const fields: FieldToAggregate[] = collectionEntries(ctx, 'fieldsToAggregate', 'fieldToAggregate', [
      { fieldToAggregate: '', renameField: false },
    ]).map((entry) => ({
      fieldToAggregate: entryString(entry, 'fieldToAggregate'),
      renameField: entry.renameField === true,
      outputFieldName: entryString(entry, 'outputFieldName'),
    }));
    result = aggregateIndividualFields(
      items,
      {
        fields,
        disableDotNotation: flagParam(ctx, 'options.disableDotNotation'),
        mergeLists: flagParam(ctx, 'options.mergeLists'),
        keepMissing: flagParam(ctx, 'options.keepMissing'),
        requireFields: behaviour.requireFields,
      },
      fail,
    );
  }
  if (flagParam(ctx, 'options.includeBinaries')) {
    const paired = Array.isArray(result.pairedItem) ? result.pairedItem : [];
    const sources = paired.map(({ item }) => items[item]).filter((item): item is Item => item !== undefined);
    result = addBinaries(result, sources, flagParam(ctx, 'options.keepOnlyUnique'));
  }
  return [result];
}
