import { NodeExecutionError } from '../../core/errors/index.js';
import { convertToType, describeValue } from './type-conversion.js';

/** One field to write: its name and the value it will hold. */
export interface FieldEntry {
  name: string;
  value: unknown;
}

/** Where an entry is checked: the node, item and version decide n8n's null handling and error wording. */
export interface EntryContext {
  nodeName: string;
  itemIndex: number;
  typeVersion: number;
  ignoreConversionErrors: boolean;
}

/**
 * Converts a Set (v3+) field value to its declared type with n8n's rules per version:
 * - v3.2+: null / undefined give `null` for every type;
 * - v3.1: a null / undefined string is an error (or `null` when conversion errors are ignored);
 * - v3.0: a null string becomes the text `"null"`, undefined the text `"undefined"`.
 * Strings are always stringified (objects as JSON). A value that does not convert fails with n8n's message, or
 * is kept unconverted when `ignoreConversionErrors` is on.
 */
export function validateEntry(name: string, type: string, value: unknown, context: EntryContext): FieldEntry {
  const { typeVersion, itemIndex, ignoreConversionErrors } = context;
  if (typeVersion >= 3.2 && (value === undefined || value === null)) return { name, value: null };
  const description = `To fix the error try to change the type for the field "${name}" or activate the option “Ignore Type Conversion Errors” to apply a less strict type validation`;
  let candidate = value;
  if (type === 'string') {
    if (typeVersion > 3 && (value === undefined || value === null)) {
      if (ignoreConversionErrors) return { name, value: null };
      // n8n raises this one without an item index in the error context.
      throw new NodeExecutionError(context.nodeName, `'${name}' expects a ${type} but we got ${describeValue(value)} [item ${itemIndex}]`, {
        description,
      });
    }
    candidate = typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
  const result = convertToType(name, candidate, type);
  if (!result.valid) {
    if (ignoreConversionErrors) return { name, value: candidate ?? null };
    throw new NodeExecutionError(context.nodeName, `${result.message} [item ${itemIndex}]`, { description, itemIndex });
  }
  return { name, value: result.value ?? null };
}
