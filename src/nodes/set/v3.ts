import type { Item } from '../../core/model/types.js';
import type { NodeContext, NodeTypeSpec } from '../../core/node-api/index.js';
import { binaryFieldValue } from './binary-field.js';
import { composeItem } from './compose-item.js';
import { deepCopy } from './deep-copy.js';
import { toItemError } from './item-error.js';
import { manualFields, objectTemplates, type ManualFields } from './manual-mode.js';
import { jsonOutputTemplate, rawFields } from './raw-mode.js';

/** What a run prepares once, from the saved parameters, before going through the items. */
interface RunPlan {
  mode: 'manual' | 'raw';
  templates: Record<string, string>;
  jsonTemplate: string | undefined;
}

/**
 * Edit Fields (Set) v3–v3.4. Manual mode sets typed fields (v3.0–3.2 `fields.values`, v3.3+ `assignments`)
 * converted with n8n's type rules; raw mode sets the fields of a JSON object (`jsonOutput`). Input fields are kept
 * per `include` (v3.3+ only when `includeOtherFields` is on). Item failures become `{error}` items with
 * continueOnFail, in n8n's per-mode shape.
 */
export const setV3: NodeTypeSpec = {
  type: 'n8n-nodes-base.set',
  versions: [3, 3.1, 3.2, 3.3, 3.4],
  displayName: 'Edit Fields (Set)',
  description: 'Modify, add, or remove item fields',
  inputs: 1,
  outputs: 1,
  parameters: {
    mode: 'options',
    fields: 'object',
    assignments: 'object',
    jsonOutput: 'any',
    include: 'options',
    includeOtherFields: 'boolean',
    includeFields: 'string',
    excludeFields: 'string',
    duplicateItem: 'boolean',
    duplicateCount: 'number',
    options: 'object',
  },
  execute(ctx, inputs) {
    const items = inputs[0] ?? [];
    const mode = ctx.getParameter<unknown>('mode', 0, 'manual') === 'raw' ? 'raw' : 'manual';
    const plan: RunPlan = {
      mode,
      templates: mode === 'manual' ? objectTemplates(ctx) : {},
      jsonTemplate: mode === 'raw' ? jsonOutputTemplate(ctx) : undefined,
    };
    // Item duplication is a testing aid n8n honours only in manual executions.
    const copies = Boolean(ctx.getParameter<unknown>('duplicateItem', 0, false)) && ctx.mode === 'manual' ? duplicateCount(ctx) + 1 : 1;
    const output: Item[] = [];
    items.forEach((item, itemIndex) => {
      const result = setItem(ctx, item, itemIndex, plan);
      for (let copy = 0; copy < copies; copy++) output.push(copy === 0 ? result : copyItem(result));
    });
    return [output];
  },
};

function setItem(ctx: NodeContext, item: Item, itemIndex: number, plan: RunPlan): Item {
  const options = asObject(ctx.getParameter<unknown>('options', itemIndex, {}));
  const includeOtherFields = Boolean(ctx.getParameter<unknown>('includeOtherFields', itemIndex, false));
  const chosen = String(ctx.getParameter<unknown>('include', itemIndex, 'all'));
  const include = ctx.typeVersion >= 3.3 && !includeOtherFields ? 'none' : chosen;
  try {
    const fields: ManualFields =
      plan.mode === 'raw'
        ? { json: rawFields(ctx, itemIndex, plan.jsonTemplate), binary: [] }
        : manualFields(ctx, itemIndex, plan.templates, {
            nodeName: ctx.node.name,
            itemIndex,
            typeVersion: ctx.typeVersion,
            ignoreConversionErrors: Boolean(options.ignoreConversionErrors),
          });
    const output = composeItem(item, itemIndex, fields.json, {
      include,
      includeFields: include === 'selected' ? String(ctx.getParameter<unknown>('includeFields', itemIndex, '')) : '',
      excludeFields: include === 'except' ? String(ctx.getParameter<unknown>('excludeFields', itemIndex, '')) : '',
      dotNotation: options.dotNotation !== false,
      includeBinary: ctx.typeVersion >= 3.4 ? !options.stripBinary && include !== 'none' : Boolean(options.includeBinary),
    });
    if (fields.binary.length > 0) {
      const binary = { ...output.binary };
      for (const field of fields.binary) binary[field.name] = binaryFieldValue(ctx.node.name, item, field.value, itemIndex);
      output.binary = binary;
    }
    return output;
  } catch (error) {
    const failure = toItemError(ctx.node.name, error, itemIndex);
    if (!ctx.continueOnFail) throw failure;
    // n8n's manual mode puts pairedItem inside json (so such items stay on the main output even with an error
    // output); raw mode puts it on the item. Both shapes are kept for identical output.
    return plan.mode === 'manual'
      ? { json: { error: failure.message, pairedItem: { item: itemIndex } } }
      : { json: { error: failure.message }, pairedItem: { item: itemIndex } };
  }
}

function duplicateCount(ctx: NodeContext): number {
  const count = Number(ctx.getParameter<unknown>('duplicateCount', 0, 0));
  return Number.isFinite(count) && count > 0 ? Math.floor(count) : 0;
}

/** A separate copy of a duplicated item, so later nodes changing one copy leave the others alone. */
function copyItem(item: Item): Item {
  return { ...item, json: deepCopy(item.json), ...(item.binary === undefined ? {} : { binary: { ...item.binary } }) };
}

function asObject(raw: unknown): Record<string, unknown> {
  return raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
}
