import { describe, expect, it } from 'vitest';
import { ExecutionCustomData } from './custom-data.js';

describe('ExecutionCustomData', () => {
  it('reports no change (the same shared empty object) while nothing was written', () => {
    const customData = new ExecutionCustomData();
    const version = customData.version;
    expect(customData.values.missing).toBeUndefined();
    expect({ ...customData.values }).toEqual({});
    const first = customData.changesSince(version);
    expect(first).toEqual({});
    expect(customData.changesSince(version)).toBe(first);
    expect(customData.isEmpty).toBe(true);
  });

  it('reports a copy of the whole custom data once a run wrote to it', () => {
    const customData = new ExecutionCustomData();
    customData.values.order = '42';
    const version = customData.version;
    customData.values.shipped = 'yes';
    const change = customData.changesSince(version);
    expect(change).toEqual({ customData: { order: '42', shipped: 'yes' } });
    customData.values.order = '43';
    expect(change.customData?.order).toBe('42'); // a copy, not the live object
    expect(customData.changesSince(customData.version)).toEqual({});
  });

  it('counts deletions and Object.assign, and reads through to the values', () => {
    const customData = new ExecutionCustomData();
    Object.assign(customData.values, { a: '1', b: '2' });
    const version = customData.version;
    expect(version).toBeGreaterThan(0);
    expect(Object.keys(customData.values)).toEqual(['a', 'b']);
    delete customData.values.a;
    expect(customData.changesSince(version)).toEqual({ customData: { b: '2' } });
  });

  it('restores replayed custom data without counting it as a change', () => {
    const customData = new ExecutionCustomData();
    customData.restore({ order: '42' });
    expect(customData.version).toBe(0);
    expect(customData.values.order).toBe('42');
    expect(customData.snapshot()).toEqual({ order: '42' });
    expect(customData.isEmpty).toBe(false);
  });
});
