import lodash from 'lodash';
import type { Item, JsonObject } from '../../../core/model/types.js';
import { DOT_NOTATION_HINT, type Fail } from './fail.js';
import { readField, type FieldAccess } from './fields.js';
import type { SplitInclude } from './split-out.js';

/** Split Out as Item Lists v1 does it: one field, which must hold an array. */
export interface LegacySplitOutOptions extends FieldAccess {
  readonly field: string;
  readonly destinationFieldName: string;
  readonly include: SplitInclude;
  readonly fieldsToInclude: () => readonly string[];
}

/** Splits the array in one field of one item into separate items (Item Lists v1 "Split Out Items"). */
export function splitOutItemLegacy(item: Item, itemIndex: number, options: LegacySplitOutOptions, fail: Fail): Item[] {
  const { field, destinationFieldName, include } = options;
  const list = readField(item.json, field, options);
  if (list === undefined) {
    const message = `Couldn't find the field '${field}' in the input data`;
    if (field.includes('.') && options.disableDotNotation) fail(message, { description: DOT_NOTATION_HINT });
    fail(message, { itemIndex });
  }
  if (!Array.isArray(list)) fail(`The provided field '${field}' is not an array`, { itemIndex });

  return (list as unknown[]).map((element) => {
    let json: JsonObject = {};
    if (include === 'selectedOtherFields') {
      const fields = options.fieldsToInclude();
      if (fields.length === 0) fail('No fields specified', { description: 'Please add a field to include' });
      for (const name of fields) {
        const value = name === field ? undefined : readField(item.json, name, options);
        if (value !== undefined) json[name] = value;
      }
    } else if (include === 'allOtherFields') {
      json = lodash.cloneDeep(item.json);
      lodash.unset(json, field);
    }
    // v1 spreads any object element (arrays and null included) into the item when it goes to no named field.
    if (typeof element === 'object' && include === 'noOtherFields' && destinationFieldName === '') {
      json = { ...json, ...(element as JsonObject | null) };
    } else {
      json = { ...json, [destinationFieldName || field]: element };
    }
    return { json, pairedItem: { item: itemIndex } };
  });
}
