import type { NodeTypeSpec } from '../../core/node-api/index.js';
import { asNodeError, routedItem } from '../shared/conditions/index.js';
import { legacyDataType, legacyRuleMatches, legacyRules, legacyValue1 } from './legacy-rules.js';
import { checkLegacyIndex, emptyOutputs, errorItem, outputAt } from './outputs.js';
import { errorMessage } from '../../core/errors/index.js';

/**
 * Switch v1: four fixed outputs. `mode: expression` sends each item to the output its `output` expression names;
 * `mode: rules` compares `value1` with each rule's `value2` (as `dataType`) and sends the item to the first
 * matching rule's `output`, else to `fallbackOutput` (-1: nowhere). With continueOnFail a failing item becomes
 * `{error}` on output 0.
 */
export const switchV1: NodeTypeSpec = {
  type: 'n8n-nodes-base.switch',
  versions: [1],
  displayName: 'Switch',
  description: 'Route items depending on defined expression or rules',
  inputs: 1,
  outputs: 4,
  mayStopFlow: true,
  parameters: { mode: 'options', output: 'any', dataType: 'options', value1: 'any', rules: 'object', fallbackOutput: 'options' },
  execute(ctx, inputs) {
    const outputs = emptyOutputs(4);
    (inputs[0] ?? []).forEach((item, itemIndex) => {
      try {
        const mode = ctx.getParameter<unknown>('mode', itemIndex, 'rules');
        if (mode === 'expression') {
          const index = ctx.getParameter<unknown>('output', itemIndex, 0);
          checkLegacyIndex(ctx.node.name, outputs.length, index);
          outputAt(outputs, index).push(routedItem(item, itemIndex));
          return;
        }
        if (mode !== 'rules') return;
        const dataType = legacyDataType(ctx);
        const value1 = legacyValue1(ctx, itemIndex, dataType);
        for (const rule of legacyRules(ctx, itemIndex, dataType, 0)) {
          if (!legacyRuleMatches(ctx, dataType, value1, rule)) continue;
          checkLegacyIndex(ctx.node.name, outputs.length, rule.output);
          outputAt(outputs, rule.output).push(routedItem(item, itemIndex));
          return;
        }
        const fallback = ctx.getParameter<unknown>('fallbackOutput', itemIndex, -1);
        if (fallback !== -1) {
          checkLegacyIndex(ctx.node.name, outputs.length, fallback);
          outputAt(outputs, fallback).push(routedItem(item, itemIndex));
        }
      } catch (error) {
        if (!ctx.continueOnFail) throw asNodeError(ctx.node.name, error, itemIndex);
        outputs[0]!.push(errorItem(errorMessage(error), itemIndex));
      }
    });
    return outputs;
  },
};
