import { NodeExecutionError, errorMessage } from '../../core/errors/index.js';
import type { Item, NodeParameters } from '../../core/model/types.js';
import type { NodeContext, NodeTypeSpec } from '../../core/node-api/index.js';
import { asNodeError, evaluateFilterValue, routedItem, type FilterNodeOptions, type FilterNodeSettings } from '../shared/conditions/index.js';
import { checkIndex, emptyOutputs, errorItem, outputAt } from './outputs.js';

/** Switch 3.1 moved "convert types where required" out of `options`; 3.2 made loose booleans stricter; 3.3 only
 * changed the editor; 3.4 reads empty values as missing. */
const settings: FilterNodeSettings = { topLevelLooseFrom: 3.1, engineV2From: 3.2, engineV3From: 3.4 };

/** What n8n puts in a Switch v3 without saved rules: one rule comparing '' with '' (which always matches). */
const defaultRules = {
  values: [
    {
      conditions: {
        options: { caseSensitive: true, leftValue: '', typeValidation: 'strict' },
        conditions: [{ leftValue: '', rightValue: '', operator: { type: 'string', operation: 'equals' } }],
        combinator: 'and',
      },
    },
  ],
};

interface SwitchV3Options extends FilterNodeOptions {
  fallbackOutput?: unknown;
  allMatchingOutputs?: boolean;
  renameFallbackOutput?: string;
}

/** Outputs of Switch v3: `numberOutputs` in expression mode; one per rule, plus the extra fallback, in rules mode. */
function outputCount(parameters: NodeParameters): number {
  if (parameters.mode === 'expression') {
    const count = parameters.numberOutputs ?? 4;
    return typeof count === 'number' && Number.isInteger(count) && count >= 0 ? count : 4;
  }
  const rules = (parameters.rules === undefined ? defaultRules : (parameters.rules as { values?: unknown })).values;
  const fallback = (parameters.options as SwitchV3Options | undefined)?.fallbackOutput;
  return (Array.isArray(rules) ? rules.length : 0) + (fallback === 'extra' ? 1 : 0);
}

/**
 * Switch v3 to v3.4. Rules mode: each rule is a filter-type condition set; an item goes to the first matching
 * rule's output (or every matching one with `allMatchingOutputs`), else to `options.fallbackOutput` (`none`,
 * `extra` for an added last output, or a rule's index). Expression mode: `output` names the output among
 * `numberOutputs`. With continueOnFail a failing item becomes `{error}` on output 0.
 */
export const switchV3: NodeTypeSpec = {
  type: 'n8n-nodes-base.switch',
  versions: [3, 3.1, 3.2, 3.3, 3.4],
  displayName: 'Switch',
  description: 'Route items depending on defined expression or rules',
  inputs: 1,
  outputs: (parameters) => outputCount(parameters),
  mayStopFlow: true,
  parameters: { mode: 'options', numberOutputs: 'any', output: 'any', rules: 'object', looseTypeValidation: 'boolean', options: 'object' },
  execute(ctx, inputs) {
    const mode = ctx.getParameter<unknown>('mode', 0, 'rules');
    const state: { outputs: Item[][] } = { outputs: [] };
    (inputs[0] ?? []).forEach((item, itemIndex) => {
      try {
        if (mode === 'expression') routeByExpression(ctx, state, item, itemIndex);
        else if (mode === 'rules') routeByRules(ctx, state, item, itemIndex);
      } catch (error) {
        if (!ctx.continueOnFail) throw asNodeError(ctx.node.name, error, itemIndex);
        if (state.outputs.length === 0) state.outputs = [[]];
        state.outputs[0]!.push(errorItem(errorMessage(error), itemIndex));
      }
    });
    return state.outputs.length === 0 ? [[]] : state.outputs;
  },
};

function routeByExpression(ctx: NodeContext, state: { outputs: Item[][] }, item: Item, itemIndex: number): void {
  const numberOutputs = ctx.getParameter<unknown>('numberOutputs', itemIndex, 4);
  if (itemIndex === 0) state.outputs = emptyOutputs(Number(numberOutputs));
  const index = outputIndexParameter(ctx, itemIndex);
  checkIndex(ctx.node.name, state.outputs.length, index, itemIndex);
  outputAt(state.outputs, index).push(routedItem(item, itemIndex));
}

/** The `output` parameter, converted to a number as n8n validates it (`"2"` is 2, `"two"` fails). */
function outputIndexParameter(ctx: NodeContext, itemIndex: number): unknown {
  const value = ctx.getParameter<unknown>('output', itemIndex, undefined);
  if (value === null || value === undefined) return value;
  const number = Number(value);
  if (Number.isNaN(number)) {
    throw new NodeExecutionError(ctx.node.name, `Invalid input for 'Output Index' [item ${itemIndex}]`, {
      itemIndex,
      description: `'output' expects a number but we got ${describeValue(value)}`,
    });
  }
  return number;
}

function describeValue(value: unknown): string {
  if (typeof value === 'object') return value === null ? "'null'" : Array.isArray(value) ? 'array' : 'object';
  return `'${String(value)}'`;
}

function routeByRules(ctx: NodeContext, state: { outputs: Item[][] }, item: Item, itemIndex: number): void {
  const rules = ctx.getParameter<unknown>('rules.values', itemIndex, ctx.getRawParameter('rules') === undefined ? defaultRules.values : []);
  if (!Array.isArray(rules) || rules.length === 0) return;
  const options = ctx.getParameter<SwitchV3Options>('options', itemIndex, {}) ?? {};
  const fallback = options.fallbackOutput;
  if (itemIndex === 0) {
    state.outputs = emptyOutputs(rules.length);
    if (fallback === 'extra') state.outputs.push([]);
  }
  let matched = false;
  for (const [ruleIndex, entry] of (rules as unknown[]).entries()) {
    const rule = typeof entry === 'object' && entry !== null ? (entry as { conditions?: unknown; output?: unknown }) : {};
    if (!evaluateFilterValue(ctx, rule.conditions ?? {}, itemIndex, options, settings)) continue;
    matched = true;
    checkIndex(ctx.node.name, state.outputs.length, rule.output, itemIndex);
    outputAt(state.outputs, ruleIndex).push(routedItem(item, itemIndex));
    if (!options.allMatchingOutputs) return;
  }
  if (matched || fallback === undefined || fallback === 'none') return;
  if (fallback === 'extra') {
    state.outputs[state.outputs.length - 1]!.push(routedItem(item, itemIndex));
    return;
  }
  checkIndex(ctx.node.name, state.outputs.length, fallback, itemIndex);
  outputAt(state.outputs, fallback).push(routedItem(item, itemIndex));
}
