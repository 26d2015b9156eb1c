import type { BinaryData, Item, JsonObject, PairedItem } from '../../../core/model/types.js';
import { DOT_NOTATION_HINT, type Fail } from './fail.js';
import { hasField, readField, writeField, type FieldAccess } from './fields.js';

/** One entry of "Fields To Aggregate". */
export interface FieldToAggregate {
  readonly fieldToAggregate: string;
  readonly renameField: boolean;
  readonly outputFieldName: string;
}

/** Settings of "Individual Fields" aggregation. */
export interface AggregateFieldsOptions extends FieldAccess {
  readonly fields: readonly FieldToAggregate[];
  readonly mergeLists: boolean;
  readonly keepMissing: boolean;
  /** Item Lists before v2.1 refuse blank field names and fields no item has. */
  readonly requireFields: boolean;
}

/**
 * Collects the values of each field over all items into one list per field, in one output item
 * (Aggregate "Individual Fields", Item Lists "Concatenate Items").
 */
export function aggregateIndividualFields(items: readonly Item[], options: AggregateFieldsOptions, fail: Fail): Item {
  const { fields } = options;
  if (fields.length === 0) fail('No fields specified', { description: 'Please add a field to aggregate' });
  if (options.requireFields) checkFieldsExist(items, options, fail);

  const values = new Map<string, unknown[]>();
  const outputFields: string[] = [];
  for (const entry of fields) {
    const outputName = entry.renameField ? entry.outputFieldName : '';
    const uniqueName = entry.renameField ? outputName : entry.fieldToAggregate;
    if (outputFields.includes(uniqueName)) {
      fail(`The '${uniqueName}' output field is used more than once`, {
        description: 'Please make sure each output field name is unique',
      });
    }
    outputFields.push(uniqueName);
    if (entry.fieldToAggregate === '') continue;
    values.set(outputName || defaultOutputName(entry.fieldToAggregate, options), collect(items, entry.fieldToAggregate, options));
  }

  const json: JsonObject = {};
  for (const [key, list] of values) writeField(json, key, list, options);
  return { json, pairedItem: items.map((_item, index) => ({ item: index })) };
}

/** Without a rename, a dotted path aggregates into its last segment (`a.b.id` -> `id`). */
function defaultOutputName(field: string, access: FieldAccess): string {
  if (access.disableDotNotation || !field.includes('.')) return field;
  return field.split('.').pop() ?? field;
}

function collect(items: readonly Item[], field: string, options: AggregateFieldsOptions): unknown[] {
  const list: unknown[] = [];
  for (const item of items) {
    let value = readField(item.json, field, options);
    if (!options.keepMissing) {
      if (Array.isArray(value)) value = value.filter((entry) => entry !== null);
      else if (value === null || value === undefined) continue;
    }
    if (Array.isArray(value) && options.mergeLists) list.push(...(value as unknown[]));
    else list.push(value);
  }
  return list;
}

function checkFieldsExist(items: readonly Item[], options: AggregateFieldsOptions, fail: Fail): void {
  for (const { fieldToAggregate: field } of options.fields) {
    if (items.length > 0 && field === '') {
      fail('Field to aggregate is blank', { description: 'Please add a field to aggregate' });
    }
    const found = items.some((item) => hasField(item.json, field, options));
    if (found) continue;
    if (options.disableDotNotation && field.includes('.')) {
      fail(`Couldn't find the field '${field}' in the input data`, { description: DOT_NOTATION_HINT });
    }
    if (!options.keepMissing) fail(`Couldn't find the field '${field}' in the input data`);
  }
}

/** Which fields "All Item Data" keeps of each item. */
export interface AggregateAllOptions {
  readonly destinationFieldName: string;
  /** Top-level keys to keep; empty keeps all. */
  readonly fieldsToInclude: readonly string[];
  /** Top-level keys to drop. */
  readonly fieldsToExclude: readonly string[];
}

/**
 * Puts the json of every item into one list in one output item. With include/exclude lists, items left without
 * any field are dropped (and not paired).
 */
export function aggregateAllItemData(items: readonly Item[], options: AggregateAllOptions): Item {
  const { fieldsToInclude, fieldsToExclude } = options;
  const filtering = fieldsToInclude.length > 0 || fieldsToExclude.length > 0;
  const list: JsonObject[] = [];
  const pairedItem: PairedItem[] = [];
  items.forEach((item, index) => {
    if (!filtering) {
      list.push(item.json);
      pairedItem.push({ item: index });
      return;
    }
    const kept: JsonObject = {};
    for (const key of Object.keys(item.json)) {
      if (fieldsToExclude.includes(key)) continue;
      if (fieldsToInclude.length > 0 && !fieldsToInclude.includes(key)) continue;
      kept[key] = item.json[key];
    }
    if (Object.keys(kept).length === 0) return;
    list.push(kept);
    pairedItem.push({ item: index });
  });
  return { json: { [options.destinationFieldName]: list }, pairedItem };
}

/**
 * Copies the binaries of the items an aggregate item was made from onto it. A key already taken gets a suffix
 * (`data_1`, `data_2`, …); with `uniqueOnly`, a binary whose mime type, file type, size and extension match an
 * earlier one is skipped.
 */
export function addBinaries(target: Item, sources: readonly Item[], uniqueOnly: boolean): Item {
  const seen: BinaryData[] = [];
  let binary: Record<string, BinaryData> | undefined = target.binary ? { ...target.binary } : undefined;
  for (const source of sources) {
    for (const [key, data] of Object.entries(source.binary ?? {})) {
      binary ??= {};
      if (uniqueOnly) {
        if (seen.some((other) => sameBinaryShape(other, data))) continue;
        seen.push(data);
      }
      let slot = key;
      for (let suffix = 1; binary[slot] !== undefined; suffix++) slot = `${key}_${suffix}`;
      binary[slot] = data;
    }
  }
  return binary ? { ...target, binary } : target;
}

function sameBinaryShape(a: BinaryData, b: BinaryData): boolean {
  return a.mimeType === b.mimeType && a.fileType === b.fileType && a.fileSize === b.fileSize && a.fileExtension === b.fileExtension;
}
