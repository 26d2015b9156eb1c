import { errorMessage } from '../../core/errors/index.js';
import type { Item, NodeParameters } from '../../core/model/types.js';
import type { NodeTypeSpec } from '../../core/node-api/index.js';
import { asNodeError, routedItem } from '../shared/conditions/index.js';
import { legacyDataType, legacyRuleMatches, legacyRules, legacyValue1 } from './legacy-rules.js';
import { checkLegacyIndex, emptyOutputs, errorItem, outputAt } from './outputs.js';

/** Outputs of Switch v2: `outputsAmount` in expression mode, one per rule in rules mode. */
function outputCount(parameters: NodeParameters): number {
  if (parameters.mode === 'expression') return countOr(parameters.outputsAmount, 4);
  const rules = (parameters.rules as { rules?: unknown } | undefined)?.rules;
  return Array.isArray(rules) ? rules.length : 0;
}

/** A saved count, or `fallback` when it is missing or an expression (unknown until run time). */
function countOr(value: unknown, fallback: number): number {
  const count = typeof value === 'number' ? value : fallback;
  return Number.isInteger(count) && count >= 0 ? count : fallback;
}

/**
 * Switch v2: like v1, but the number of outputs follows the parameters (`outputsAmount` in expression mode, one
 * output per rule in rules mode) and a matching rule routes to its own position. The output list is sized from
 * the first item's parameters.
 */
export const switchV2: NodeTypeSpec = {
  type: 'n8n-nodes-base.switch',
  versions: [2],
  displayName: 'Switch',
  description: 'Route items depending on defined expression or rules',
  inputs: 1,
  outputs: (parameters) => outputCount(parameters),
  mayStopFlow: true,
  parameters: { mode: 'options', output: 'any', outputsAmount: 'number', dataType: 'options', value1: 'any', rules: 'object', fallbackOutput: 'any' },
  execute(ctx, inputs) {
    let outputs: Item[][] = [];
    (inputs[0] ?? []).forEach((item, itemIndex) => {
      try {
        const dataType = legacyDataType(ctx);
        const rules = legacyRules(ctx, itemIndex, dataType, undefined);
        const mode = ctx.getParameter<unknown>('mode', itemIndex, 'rules');
        if (mode === 'expression') {
          if (itemIndex === 0) outputs = emptyOutputs(Number(ctx.getParameter<unknown>('outputsAmount', itemIndex, 4)));
          const index = ctx.getParameter<unknown>('output', itemIndex, '');
          checkLegacyIndex(ctx.node.name, outputs.length, index);
          outputAt(outputs, index).push(routedItem(item, itemIndex));
          return;
        }
        if (mode !== 'rules') return;
        if (itemIndex === 0) outputs = emptyOutputs(rules.length);
        const value1 = legacyValue1(ctx, itemIndex, dataType);
        for (const [ruleIndex, rule] of rules.entries()) {
          if (!legacyRuleMatches(ctx, dataType, value1, rule)) continue;
          checkLegacyIndex(ctx.node.name, outputs.length, rule.output);
          outputAt(outputs, ruleIndex).push(routedItem(item, itemIndex));
          return;
        }
        const fallback = ctx.getParameter<unknown>('fallbackOutput', itemIndex, -1);
        if (fallback !== -1) {
          checkLegacyIndex(ctx.node.name, outputs.length, fallback);
          outputAt(outputs, fallback).push(routedItem(item, itemIndex));
        }
      } catch (error) {
        if (!ctx.continueOnFail) throw asNodeError(ctx.node.name, error, itemIndex);
        if (outputs.length === 0) outputs = [[]];
        outputs[0]!.push(errorItem(errorMessage(error), itemIndex));
      }
    });
    return outputs;
  },
};
