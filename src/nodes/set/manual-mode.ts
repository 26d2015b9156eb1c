import type { NodeContext } from '../../core/node-api/index.js';
import { fillJsonTemplate, parseJsonParameter } from './json-parameter.js';
import { validateEntry, type EntryContext } from './validate-entry.js';

/** The fields one item gets in manual mode: json fields in order, and (v3.3+) binary fields by name. */
export interface ManualFields {
  json: Record<string, unknown>;
  binary: Array<{ name: string; value: unknown }>;
}

/** A v3.0–3.2 `fields.values` entry: the value sits under the key its type names (`numberValue`…). */
type FieldEntry = Record<string, unknown>;

/** Values n8n gives v3.0–3.2 entries that leave a key out (the node's parameter defaults). */
const entryDefaults: Readonly<Record<string, unknown>> = {
  name: '',
  type: 'stringValue',
  stringValue: '',
  numberValue: '',
  booleanValue: 'true',
  arrayValue: '',
  objectValue: '={}',
};

/**
 * The JSON templates of v3.0–3.2 object fields saved as expressions, by field name (leading `=` removed). n8n
 * fills such a template `{{ }}` by `{{ }}` instead of evaluating it whole, so `{"a": {{ $json.obj }}}` works.
 */
export function objectTemplates(ctx: NodeContext): Record<string, string> {
  const templates: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const entry of entriesOf(ctx.getRawParameter<unknown>('fields.values', []))) {
    const value = entry.objectValue;
    if (entry.type === 'objectValue' && typeof value === 'string' && value.startsWith('=')) {
      templates[String(entry.name)] = value.replace(/^=+/, '');
    }
  }
  return templates;
}

/** Reads and converts the fields manual mode sets on item `itemIndex` (v3.0–3.2 `fields`, v3.3+ `assignments`). */
export function manualFields(ctx: NodeContext, itemIndex: number, templates: Record<string, string>, entry: EntryContext): ManualFields {
  const result: ManualFields = { json: Object.create(null) as Record<string, unknown>, binary: [] };
  if (ctx.typeVersion < 3.3) {
    for (const field of entriesOf(ctx.getParameter<unknown>('fields.values', itemIndex, []))) {
      const name = String(field.name);
      const type = String(field.type);
      let value = field[type];
      const template = templates[name];
      if (type === 'objectValue' && template !== undefined && value !== undefined && value !== null) {
        value = parseJsonParameter(ctx.node.name, fillJsonTemplate(ctx, template, itemIndex), itemIndex, name);
      }
      const checked = validateEntry(name, type.replace('Value', ''), value, entry);
      result.json[checked.name] = checked.value;
    }
    return result;
  }
  const collection = ctx.getParameter<unknown>('assignments', itemIndex, {});
  const assignments = collection !== null && typeof collection === 'object' ? (collection as { assignments?: unknown }).assignments : undefined;
  for (const assignment of Array.isArray(assignments) ? assignments : []) {
    if (assignment === null || typeof assignment !== 'object') continue;
    const { name, value, type } = assignment as { name?: unknown; value?: unknown; type?: unknown };
    const fieldName = String(name ?? '');
    const fieldType = typeof type === 'string' ? type : 'string';
    if (fieldType === 'binary') {
      result.binary.push({ name: fieldName, value });
      continue;
    }
    const checked = validateEntry(fieldName, fieldType, value, entry);
    result.json[checked.name] = checked.value;
  }
  return result;
}

/** The entries of a v3.0–3.2 field list, with n8n's defaults for missing keys. */
function entriesOf(raw: unknown): FieldEntry[] {
  if (!Array.isArray(raw)) return [];
  return raw
    .filter((entry): entry is FieldEntry => entry !== null && typeof entry === 'object')
    // Only keys left out get defaults: a key whose expression gave undefined stays undefined.
    .map((entry) => ({ ...entryDefaults, ...entry }));
}
