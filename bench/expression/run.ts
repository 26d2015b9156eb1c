/**
 * Expression engine throughput: evaluations per second of a few typical expressions after the first compile.
 * Run with `npm run build --silent && node dist/bench/expression/run.js`.
 */
import { createExpressionEvaluator } from '../../src/core/expression/index.js';
import type { ExpressionScope } from '../../src/core/expression/index.js';
import type { Item, WorkflowDocument, WorkflowNode } from '../../src/core/model/types.js';
import type { RunDataView } from '../../src/core/node-api/types.js';

const node: WorkflowNode = { name: 'Set', type: 'n8n-nodes-base.set', typeVersion: 3, parameters: {} };
const source: WorkflowNode = { name: 'Source', type: 'n8n-nodes-base.code', typeVersion: 2, parameters: {} };
const workflow: WorkflowDocument = {
  nodes: [source, node],
  connections: { Source: { main: [[{ node: 'Set', type: 'main', index: 0 }]] } },
};
const inputItems: Item[] = Array.from({ length: 100 }, (_, i) => ({
  json: { a: i, name: `user ${i}`, email: `user${i}@example.com`, tags: ['x', 'y', 'z'], nested: { deep: { value: i * 2 } } },
  pairedItem: { item: i },
}));
const runData: RunDataView = {
  getOutput: (name) => (name === 'Source' ? inputItems : undefined),
  runCount: (name) => (name === 'Source' ? 1 : 0),
  nodeState: () => ({}),
  getSource: () => [],
  getInput: (name) => (name === 'Source' ? inputItems : undefined),
};

function scopeFor(itemIndex: number): ExpressionScope {
  return {
    node,
    workflow,
    runIndex: 0,
    itemIndex,
    inputs: [inputItems],
    source: [{ previousNode: 'Source' }],
    runData,
    executionId: 'bench',
    mode: 'manual',
    timezone: 'UTC',
    now: Date.UTC(2024, 0, 1),
  };
}

const expressions = [
  '={{ $json.a + 1 }}',
  '=Hello {{ $json.name }} <{{ $json.email }}>',
  '={{ $json.nested.deep.value * 2 > 10 ? "big" : "small" }}',
  "={{ $('Source').item.json.name }}",
  '={{ $json.tags.map(t => t.toUpperCase()).join(",") }}',
  '={{ $json.name.toTitleCase() }}',
];

const evaluator = createExpressionEvaluator();
const scopes = inputItems.map((_, i) => scopeFor(i));
const durationMs = Number(process.argv[2] ?? 1000);

for (const expression of expressions) {
  evaluator.resolve(expression, scopes[0] as ExpressionScope); // first compile
  let count = 0;
  let sink: unknown;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < durationMs) {
    for (let i = 0; i < 1000; i++) sink = evaluator.resolve(expression, scopes[i % 100] as ExpressionScope);
    count += 1000;
    elapsed = performance.now() - start;
  }
  const perSecond = Math.round((count / elapsed) * 1000);
  console.log(`${perSecond.toLocaleString('en-US').padStart(12)} eval/s  ${expression}${sink === undefined ? ' (undefined!)' : ''}`);
}
