import lodash from 'lodash';
import type { Item, JsonObject } from '../../../core/model/types.js';
import { aggregateAllItemData, aggregateIndividualFields, type AggregateAllOptions, type AggregateFieldsOptions } from './aggregate.js';
import type { Fail } from './fail.js';

/** What one group-by aggregation needs: either "All Item Data" or "Individual Fields" settings. */
export type GroupedAggregation =
  | { readonly mode: 'aggregateAllItemData'; readonly options: AggregateAllOptions }
  | { readonly mode: 'aggregateIndividualFields'; readonly options: AggregateFieldsOptions };

/** One group: the values of the group-by fields and the indexes of its items, in input order. */
interface Group {
  readonly values: unknown[];
  readonly indexes: number[];
}

/**
 * Aggregate's "Group By Fields" option: one output item per distinct combination of the group-by values (in order
 * of first appearance), holding those values and the aggregation of the group's items. Group-by fields are always
 * read as paths. No input items give no output items.
 */
export function aggregateByGroups(items: readonly Item[], groupBy: readonly string[], aggregation: GroupedAggregation, fail: Fail): Item[] {
  checkOutputConflicts(groupBy, aggregation, fail);
  return groupItems(items, groupBy, fail).map((group) => {
    const members = group.indexes.map((index) => items[index]).filter((item): item is Item => item !== undefined);
    const json: JsonObject = {};
    groupBy.forEach((field, index) => lodash.set(json, field, group.values[index]));
    const aggregated =
      aggregation.mode === 'aggregateAllItemData'
        ? aggregateAllItemData(members, aggregation.options)
        : aggregateIndividualFields(members, { ...aggregation.options, requireFields: false }, fail);
    for (const [key, value] of Object.entries(aggregated.json)) json[key] = value;
    return { json, pairedItem: { item: group.indexes[0] ?? 0 } };
  });
}

/** The input indexes of each group's items (for copying binaries onto the group items). */
export function groupIndexes(items: readonly Item[], groupBy: readonly string[], fail: Fail): number[][] {
  return groupItems(items, groupBy, fail).map((group) => group.indexes);
}

function groupItems(items: readonly Item[], groupBy: readonly string[], fail: Fail): Group[] {
  const groups = new Map<string, Group>();
  items.forEach((item, index) => {
    const values = groupBy.map((field) => {
      const value: unknown = lodash.get(item.json, field);
      if (typeof value === 'object' && value !== null) {
        fail(`Field "${field}" has a non-scalar value which cannot be used for grouping.`, {
          description: 'Only scalar values (string, number, boolean, null) can be used in "Group By Fields".',
        });
      }
      return value;
    });
    // A JSON key, as n8n builds it: a missing value and null fall into the same group.
    const key = JSON.stringify(values);
    const group = groups.get(key) ?? { values, indexes: [] };
    group.indexes.push(index);
    groups.set(key, group);
  });
  return [...groups.values()];
}

/** An output field may not overlap a group-by field (the same path, or one inside the other). */
function checkOutputConflicts(groupBy: readonly string[], aggregation: GroupedAggregation, fail: Fail): void {
  if (aggregation.mode === 'aggregateAllItemData') {
    const destination = aggregation.options.destinationFieldName;
    const conflict = groupBy.find((field) => pathsOverlap(destination, field));
    if (conflict !== undefined) {
      fail(`The destination field '${destination}' conflicts with a Group By field '${conflict}'`, {
        description: 'Please choose a different destination field name or Group By field',
      });
    }
    return;
  }
  const { fields, disableDotNotation } = aggregation.options;
  const seen: string[] = [];
  for (const entry of fields) {
    const lastSegment = !disableDotNotation && entry.fieldToAggregate.includes('.') ? (entry.fieldToAggregate.split('.').pop() ?? '') : entry.fieldToAggregate;
    const name = entry.renameField ? entry.outputFieldName : lastSegment;
    if (seen.includes(name)) {
      fail(`The '${name}' output field is used more than once`, { description: 'Please make sure each output field name is unique' });
    }
    const conflict = groupBy.find((field) => pathsOverlap(name, field));
    if (conflict !== undefined) {
      fail(`The output field '${name}' conflicts with a Group By field '${conflict}'`, {
        description: 'Please rename the aggregated field or choose a different Group By field',
      });
    }
    seen.push(name);
  }
}

/** Whether one dotted path equals the other or lies inside it (`user` and `user.name`). */
function pathsOverlap(a: string, b: string): boolean {
  const left = a.split('.');
  const right = b.split('.');
  const shorter = Math.min(left.length, right.length);
  for (let index = 0; index < shorter; index++) if (left[index] !== right[index]) return false;
  return true;
}
