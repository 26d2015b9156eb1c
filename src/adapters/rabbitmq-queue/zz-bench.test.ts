import { it } from 'vitest';
import { createRabbitMqQueue } from './index.js';
import { removeTopology, testRabbitUrl, uniquePrefix } from './test-support.js';

it('bench', async () => {
  const prefix = uniquePrefix();
  const queue = await createRabbitMqQueue({ url: testRabbitUrl, prefix });
  await queue.declare('bench');
  const total = 5_000;
  for (const window of [1, 100, 1000, 5000]) {
    const count = window === 1 ? 2000 : total;
    const started = performance.now();
    let next = 0;
    await Promise.all(Array.from({ length: window }, async () => {
      while (next < count) { const i = next++; await queue.publish('bench', { id: `j${i}`, body: { executionId: `e-${i}`, kind: 'run' } }); }
    }));
    const seconds = (performance.now() - started) / 1000;
    console.log(`publish window ${window}: ${Math.round(count / seconds)} confirmed/s`);
  }
  const depth = await queue.depth('bench');
  let got = 0;
  const started = performance.now();
  let sub: { stop(): Promise<void> } | undefined;
  await new Promise<void>((resolve) => {
    void queue.consume(['bench'], async (d) => { await d.ack(); if (++got === depth) resolve(); }, { prefetch: 64 }).then((s) => { sub = s; });
  });
  await sub?.stop();
  console.log(`consume+ack prefetch 64: ${Math.round(depth / ((performance.now() - started) / 1000))}/s over ${depth}`);
  await queue.declare('bench2');
  for (let i = 0; i < 5000; i++) void 0;
  await Promise.all(Array.from({ length: 5000 }, (_, i) => queue.publish(i % 2 ? 'bench2' : 'bench', { id: `m${i}`, body: {} })));
  let got2 = 0;
  const started2 = performance.now();
  await new Promise<void>((resolve) => {
    void queue.consume(['bench', 'bench2'], async (d) => { await d.ack(); if (++got2 === 5000) resolve(); }, { prefetch: 64 });
  });
  console.log(`merged consume two queues: ${Math.round(5000 / ((performance.now() - started2) / 1000))}/s`);
  await queue.close();
  await removeTopology(prefix, ['bench', 'bench2']);
}, 120_000);
