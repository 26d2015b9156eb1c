import { describe, expect, it } from 'vitest';
import { jsonOf, runNodeForTest } from '../../testing/node-harness.js';
import { limit } from './limit.js';

const five = [1, 2, 3, 4, 5].map((n) => ({ n }));

describe('Limit v1', () => {
  it('keeps the first item by default', async () => {
    const [out] = await runNodeForTest(limit, { json: five });
    expect(jsonOf(out)).toEqual([{ n: 1 }]);
  });

  it('keeps the first or last items, paired with their input positions', async () => {
    const [first] = await runNodeForTest(limit, { json: five, parameters: { maxItems: 2 } });
    expect(jsonOf(first)).toEqual([{ n: 1 }, { n: 2 }]);
    const [last] = await runNodeForTest(limit, { json: five, parameters: { maxItems: 2, keep: 'lastItems' } });
    expect(jsonOf(last)).toEqual([{ n: 4 }, { n: 5 }]);
    expect(last?.map((item) => item.pairedItem)).toEqual([{ item: 3 }, { item: 4 }]);
  });

  it('passes everything when there are fewer items than the limit', async () => {
    const [out] = await runNodeForTest(limit, { json: five, parameters: { maxItems: 10, keep: 'lastItems' } });
    expect(jsonOf(out)).toEqual(five);
  });
});
