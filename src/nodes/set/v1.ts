import lodash from 'lodash';
import type { Item, JsonObject } from '../../core/model/types.js';
import type { NodeContext, NodeTypeSpec } from '../../core/node-api/index.js';
import { deepCopy } from './deep-copy.js';

/** One entry of v1/v2 `values.boolean|number|string`; n8n fills a missing name or value with the defaults. */
interface ValueEntry {
  name?: unknown;
  value?: unknown;
}

/** The value kinds of v1/v2, in the order n8n applies them (so a string set on the same path wins). */
const kinds = [
  { key: 'boolean', fallback: false },
  { key: 'number', fallback: 0 },
  { key: 'string', fallback: '' },
] as const;

/**
 * Set v1 / v2: writes `values.boolean`, `values.number` then `values.string` entries onto a copy of each item
 * (or onto an empty item with `keepOnlySet`). Names are lodash paths unless `options.dotNotation` is false.
 * Booleans are coerced with `!!`; v2 also turns numeric strings of number entries into numbers. String entries
 * keep whatever their expression returned.
 */
export const setV1: NodeTypeSpec = {
  type: 'n8n-nodes-base.set',
  versions: [1, 2],
  displayName: 'Set',
  description: 'Sets values on items and optionally remove other values',
  inputs: 1,
  outputs: 1,
  parameters: { keepOnlySet: 'boolean', values: 'object', options: 'object' },
  execute(ctx, inputs) {
    const received = inputs[0] ?? [];
    // n8n runs v1/v2 on one empty item when it gets none.
    const items: readonly Item[] = received.length === 0 ? [{ json: {} }] : received;
    return [items.map((item, itemIndex) => setValues(ctx, item, itemIndex))];
  },
};

function setValues(ctx: NodeContext, item: Item, itemIndex: number): Item {
  const keepOnlySet = Boolean(ctx.getParameter<unknown>('keepOnlySet', itemIndex, false));
  const options = asObject(ctx.getParameter<unknown>('options', itemIndex, {}));
  const dotNotation = options.dotNotation !== false;
  const output: Item = { json: {}, pairedItem: { item: itemIndex } };
  if (!keepOnlySet) {
    if (item.binary !== undefined) output.binary = { ...item.binary };
    output.json = deepCopy(item.json);
  }
  for (const kind of kinds) {
    for (const entry of entriesOf(ctx.getParameter<unknown>(`values.${kind.key}`, itemIndex, []))) {
      const name = entry.name === undefined ? 'propertyName' : String(entry.name);
      let value = entry.value === undefined ? kind.fallback : entry.value;
      if (kind.key === 'boolean') value = Boolean(value);
      if (kind.key === 'number' && ctx.typeVersion >= 2 && typeof value === 'string' && !Number.isNaN(Number(value))) {
        value = Number(value);
      }
      writeValue(output.json, name, value, dotNotation);
    }
  }
  return output;
}

function writeValue(json: JsonObject, name: string, value: unknown, dotNotation: boolean): void {
  if (dotNotation) lodash.set(json, name, value);
  // defineProperty so a field called `__proto__` stays data.
  else Object.defineProperty(json, name, { value, enumerable: true, writable: true, configurable: true });
}

function entriesOf(raw: unknown): ValueEntry[] {
  if (!Array.isArray(raw)) return [];
  return raw.filter((entry): entry is ValueEntry => entry !== null && typeof entry === 'object');
}

function asObject(raw: unknown): Record<string, unknown> {
  return raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
}
