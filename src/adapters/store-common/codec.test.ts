import { describe, expect, it } from 'vitest';
import { decodeData, encodeData } from './codec.js';

/** Execution-like data of about `bytes` JSON bytes, not trivially repetitive. */
function dataOf(bytes: number): unknown {
  const items = [];
  for (let n = 0; JSON.stringify(items).length < bytes; n++) items.push({ json: { n, id: `item-${n * 7919}`, text: `value ${(n * 104729) % 9973}` }, pairedItem: { item: n } });
  return { status: 'success', data: { resultData: { runData: { Set: [{ data: { main: [items] } }] } } } };
}

describe('execution data codec', () => {
  it.each([
    ['a small payload, kept as plain JSON', 200, 0x00],
    ['a few KB, compressed with the fast setting', 4_000, 0x01],
    ['a large payload, compressed with the thorough setting', 200_000, 0x01],
  ])('round-trips %s', (_name, bytes, format) => {
    const value = dataOf(bytes);
    const stored = encodeData(value);
    expect(stored[0]).toBe(format);
    if (format === 0x01) expect(stored.length).toBeLessThan(JSON.stringify(value).length / 2);
    expect(decodeData(stored)).toEqual(value);
  });

  it('refuses stored data in an unknown format, naming the problem', () => {
    expect(() => decodeData(Buffer.from([0x07, 0x7b, 0x7d]))).toThrow('Stored execution data has an unknown format (7)');
  });
});
