import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseWorkflowText } from '../../core/model/parse.js';
import { NodeRegistry, type NodeTypeSpec } from '../../core/node-api/index.js';
import type { Item } from '../../core/model/types.js';
import { loadConfig } from '../../config/config.js';
import { createSilentLogger } from '../../logging/logger.js';
import { createVirtualClock } from '../../runtime/clock.js';
import { createEngine } from '../../runtime/engine.js';
import { checkFixture } from '../../compat/check-fixture.js';
import { builtinNodes } from '../index.js';

function wrap(result: unknown): Item[] {
  const list = Array.isArray(result) ? result : [result];
  return list.map((entry: Record<string, unknown>) => (entry && typeof entry === 'object' && 'json' in entry ? (entry as unknown as Item) : { json: entry }));
}
const fakeCode: NodeTypeSpec = {
  type: 'n8n-nodes-base.code', versions: [1, 2], displayName: 'Code', inputs: 1, outputs: 1, mayStopFlow: true,
  execute: (ctx, inputs) => [wrap(new Function('items', String(ctx.getRawParameter('jsCode')))(inputs[0]))],
};
const fakeFunction: NodeTypeSpec = {
  type: 'n8n-nodes-base.function', versions: [1], displayName: 'Function', inputs: 1, outputs: 1, mayStopFlow: true,
  execute: (ctx, inputs) => [wrap(new Function('items', String(ctx.getRawParameter('functionCode')))(inputs[0]))],
};
const registry = NodeRegistry.of([...builtinNodes.filter((s) => s.type !== 'n8n-nodes-base.code' && s.type !== 'n8n-nodes-base.function'), fakeCode, fakeFunction]);
const dir = '/work/shared/n8n-fixtures/';
const files = [
  'Merge/workflow.append.json', 'Merge/workflow.chooseBranch.empty.paired.items.json', 'Merge/workflow.chooseBranch.json',
  'Merge/workflow.combine.mergeByPosition.json', 'Merge/workflow.combine.multiplex.json', 'Merge/workflow.keep_non_matches.json',
  'Merge/workflow.update_2_1.json', 'CompareDatasets/workflow.compareDatasets.forceInputNodeExecution.json',
  'CompareDatasets/workflow.compareDatasets.fuzzy.missing_keys.json', 'CompareDatasets/workflow.compareDatasets.json',
  'CompareDatasets/workflow.compareDatasets.skipFields.json', 'CompareDatasets/workflow.update_2_2.json',
];
describe('scratch fixtures', () => {
  const engine = createEngine(loadConfig({ WEFT_LOG_LEVEL: 'silent' }), createSilentLogger(), { clock: createVirtualClock(), registry });
  it.each(files)('%s', async (file) => {
    const [document] = parseWorkflowText(readFileSync(dir + file, 'utf8'), file);
    const outcome = await checkFixture(document!, registry, (workflow) => engine.execute(workflow, { mode: 'manual' }));
    expect(outcome.ok ? 'ok' : outcome.reason).toBe('ok');
  });
});
