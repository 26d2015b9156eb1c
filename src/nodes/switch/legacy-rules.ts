import type { NodeContext } from '../../core/node-api/index.js';
import { legacyCompare, legacyDateToMillis } from '../shared/conditions/index.js';

type DataType = 'boolean' | 'dateTime' | 'number' | 'string';

/** Defaults n8n fills into Switch v1–v2 rules and `value1` when the saved workflow omits them. */
const defaults: Readonly<Record<DataType, { value1: unknown; value2: unknown; operation: string }>> = {
  boolean: { value1: false, value2: false, operation: 'equal' },
  dateTime: { value1: '', value2: 0, operation: 'after' },
  number: { value1: 0, value2: 0, operation: 'smaller' },
  string: { value1: '', value2: '', operation: 'equal' },
};

/** One Switch v1–v2 rule with defaults applied. */
export interface LegacyRule {
  readonly operation: string;
  readonly value2: unknown;
  /** Target output (v1); v2 routes to the rule's own position but still range-checks a saved `output`. */
  readonly output: unknown;
}

/** The data type the rules compare as (read for item 0 only, as n8n does). */
export function legacyDataType(ctx: NodeContext): DataType {
  const value = ctx.getParameter<unknown>('dataType', 0, 'number');
  return value === 'boolean' || value === 'dateTime' || value === 'string' ? value : 'number';
}

/** `value1` for item `itemIndex`, converted to milliseconds for dateTime rules. */
export function legacyValue1(ctx: NodeContext, itemIndex: number, dataType: DataType): unknown {
  const value1 = ctx.getParameter<unknown>('value1', itemIndex, defaults[dataType].value1);
  return dataType === 'dateTime' ? legacyDateToMillis(value1, ctx.node.name) : value1;
}

/** `rules.rules` for item `itemIndex`, with defaults filled in. */
export function legacyRules(ctx: NodeContext, itemIndex: number, dataType: DataType, outputDefault: unknown): LegacyRule[] {
  const raw = ctx.getParameter<unknown>('rules.rules', itemIndex, []);
  if (!Array.isArray(raw)) return [];
  return (raw as unknown[]).map((entry) => {
    const fields: Record<string, unknown> = typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>) : {};
    return {
      operation: typeof fields.operation === 'string' ? fields.operation : defaults[dataType].operation,
      value2: 'value2' in fields ? fields.value2 : defaults[dataType].value2,
      output: 'output' in fields ? fields.output : outputDefault,
    };
  });
}

/** Whether `value1` satisfies `rule`. */
export function legacyRuleMatches(ctx: NodeContext, dataType: DataType, value1: unknown, rule: LegacyRule): boolean {
  const value2 = dataType === 'dateTime' ? legacyDateToMillis(rule.value2, ctx.node.name) : rule.value2;
  return legacyCompare(rule.operation, value1, value2);
}
