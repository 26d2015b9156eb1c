import type { NodeContext } from '../../../core/node-api/index.js';
import { legacyCompare, legacyDateToMillis } from './legacy-compare.js';

/** The value types of legacy conditions, in the order n8n checks them. */
export const legacyDataTypes = ['boolean', 'dateTime', 'number', 'string'] as const;
export type LegacyDataType = (typeof legacyDataTypes)[number];

/** Defaults n8n fills into a saved condition that omits a field (the editor drops default values). */
export const legacyDefaults: Readonly<Record<LegacyDataType, { operation: string; value: unknown }>> = {
  boolean: { operation: 'equal', value: false },
  dateTime: { operation: 'after', value: '' },
  number: { operation: 'smaller', value: 0 },
  string: { operation: 'equal', value: '' },
};

/** The words a node uses for "every condition" and "any condition" (`all`/`any` for If, `AND`/`OR` for Filter). */
export interface LegacyCombine {
  readonly value: string;
  readonly all: string;
  readonly any: string;
}

/**
 * Evaluates the legacy `conditions` parameter (`{boolean: [...], dateTime: [...], number: [...], string: [...]}`)
 * for one item. Conditions are checked type by type in n8n's order and stop at the first decisive one.
 * A combine value that is neither word checks everything and fails, as in n8n.
 */
export function evaluateLegacyConditions(ctx: NodeContext, itemIndex: number, combine: LegacyCombine): boolean {
  for (const dataType of legacyDataTypes) {
    const entries = ctx.getParameter<unknown>(`conditions.${dataType}`, itemIndex, []);
    if (!Array.isArray(entries)) continue;
    for (const entry of entries as unknown[]) {
      const passed = evaluateLegacyCondition(ctx.node.name, dataType, entry);
      if (passed && combine.value === combine.any) return true;
      if (!passed && combine.value === combine.all) return false;
    }
  }
  return combine.value === combine.all;
}

function evaluateLegacyCondition(nodeName: string, dataType: LegacyDataType, entry: unknown): boolean {
  const fields: Record<string, unknown> = typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>) : {};
  const defaults = legacyDefaults[dataType];
  let value1 = 'value1' in fields ? fields.value1 : defaults.value;
  let value2 = 'value2' in fields ? fields.value2 : defaults.value;
  const operation = typeof fields.operation === 'string' ? fields.operation : defaults.operation;
  if (dataType === 'dateTime') {
    value1 = legacyDateToMillis(value1, nodeName);
    value2 = legacyDateToMillis(value2, nodeName);
  }
  return legacyCompare(operation, value1, value2);
}
