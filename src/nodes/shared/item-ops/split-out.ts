import lodash from 'lodash';
import type { BinaryData, Item, JsonObject } from '../../../core/model/types.js';
import { DOT_NOTATION_HINT, type Fail } from './fail.js';
import { readField, removeField, type FieldAccess } from './fields.js';

/** Which other fields of the source item a split item keeps. */
export type SplitInclude = 'noOtherFields' | 'allOtherFields' | 'selectedOtherFields';

/** How Split Out handles one input item; behaviour switches mirror n8n's typeVersions. */
export interface SplitOutOptions extends FieldAccess {
  /** Fields to split, split in parallel: the n-th output item takes the n-th element of each. */
  readonly fields: readonly string[];
  /** One destination name per field, or none. */
  readonly destinationFields: readonly string[];
  readonly include: SplitInclude;
  /** Read only when `include` is `selectedOtherFields` and there is something to output. */
  readonly fieldsToInclude: () => readonly string[];
  readonly includeBinary: boolean;
  /** What a missing field gives: an error (Item Lists v2.0) or nothing to split. */
  readonly missingField: 'error' | 'empty';
  /** What a non-object value gives: an error (Item Lists v2.0/v2.1) or one element. */
  readonly scalarValue: 'error' | 'wrap';
  /** `$binary` splits the item's binaries (Split Out, Item Lists v3). */
  readonly binaryField: boolean;
}

interface Entry {
  json: JsonObject;
  binary?: Record<string, BinaryData>;
}

/**
 * Splits the lists (or object values) in the named fields of one item into separate items (Split Out, Item Lists
 * "Split Out Items" from v2).
 */
export function splitOutItem(item: Item, itemIndex: number, options: SplitOutOptions, fail: Fail): Item[] {
  const { fields, destinationFields } = options;
  if (destinationFields.length > 0 && destinationFields.length !== fields.length) {
    fail('If multiple fields to split out are given, the same number of destination fields must be given');
  }
  const source: JsonObject = { ...item.json };
  const multiSplit = fields.length > 1;
  const entries: Entry[] = [];

  fields.forEach((field, fieldIndex) => {
    const destination = destinationFields[fieldIndex] ?? '';
    if (options.binaryField && field === '$binary') {
      Object.entries(item.binary ?? {}).forEach(([key, data], index) => {
        const entry = (entries[index] ??= { json: {} });
        entry.binary = { ...entry.binary, [key]: data };
      });
      return;
    }
    const elements = elementsToSplit(source, field, itemIndex, options, fail);
    elements.forEach((element, index) => {
      const entry = (entries[index] ??= { json: {} });
      const name = destination || field;
      const isObject = typeof element === 'object' && element !== null;
      if (isObject && options.include === 'noOtherFields' && destination === '' && !multiSplit) {
        entry.json = { ...entry.json, ...(element as JsonObject) };
      } else {
        entry.json[name] = element;
      }
    });
  });

  if (entries.length === 0) return [];
  const included = options.include === 'selectedOtherFields' ? fieldsToIncludeOrFail(options, fail) : [];
  return entries.map((entry) => {
    let json = entry.json;
    if (options.include === 'allOtherFields') {
      const rest = lodash.cloneDeep(source);
      for (const field of fields) removeField(rest, field, options);
      json = { ...rest, ...entry.json };
    } else if (options.include === 'selectedOtherFields') {
      for (const field of included) {
        const value = readField(source, field, options);
        // n8n writes the key even when the value is undefined; JSON drops it, so it is left out here.
        if (value !== undefined) json[field] = value;
      }
    }
    const out: Item = { json, pairedItem: { item: itemIndex } };
    const binary = entry.binary ?? (options.includeBinary ? item.binary : undefined);
    if (binary) out.binary = binary;
    return out;
  });
}

function fieldsToIncludeOrFail(options: SplitOutOptions, fail: Fail): readonly string[] {
  const fields = options.fieldsToInclude();
  if (fields.length === 0) fail('No fields specified', { description: 'Please add a field to include' });
  return fields;
}

function elementsToSplit(source: JsonObject, field: string, itemIndex: number, options: SplitOutOptions, fail: Fail): unknown[] {
  let value = readField(source, field, options);
  if (value === undefined) {
    if (options.missingField === 'error') {
      const message = `Couldn't find the field '${field}' in the input data`;
      if (field.includes('.') && options.disableDotNotation) fail(message, { description: DOT_NOTATION_HINT });
      fail(message, { itemIndex });
    }
    value = [];
  }
  if (typeof value !== 'object' || value === null) {
    if (options.scalarValue === 'error') fail(`The provided field '${field}' is not an array or object`, { itemIndex });
    return [value];
  }
  return Array.isArray(value) ? (value as unknown[]) : Object.values(value);
}
