import { describe, expect, it } from 'vitest';
import { jsonOf, runNodeForTest } from '../../testing/node-harness.js';
import { debugHelper } from './debug-helper.js';

describe('Debug Helper', () => {
  it('generates the same random users for the same seed', async () => {
    const parameters = { category: 'randomData', randomDataSeed: 'n8n', randomDataCount: 3 };
    const first = jsonOf((await runNodeForTest(debugHelper, { parameters }))[0]);
    const second = jsonOf((await runNodeForTest(debugHelper, { parameters }))[0]);
    expect(first).toHaveLength(3);
    expect(first).toEqual(second);
    expect(Object.keys(first[0]!)).toEqual(['uid', 'email', 'firstname', 'lastname', 'password']);
    const other = jsonOf((await runNodeForTest(debugHelper, { parameters: { ...parameters, randomDataSeed: 'other' } }))[0]);
    expect(other).not.toEqual(first);
  });

  it('passes items through with doNothing and fails with throwError', async () => {
    expect(jsonOf((await runNodeForTest(debugHelper, { json: [{ a: 1 }] }))[0])).toEqual([{ a: 1 }]);
    await expect(runNodeForTest(debugHelper, { parameters: { category: 'throwError', throwErrorMessage: 'on purpose' } })).rejects.toThrow('on purpose');
  });

  it('refuses the out-of-memory category', async () => {
    await expect(runNodeForTest(debugHelper, { parameters: { category: 'oom' } })).rejects.toThrow('"oom" is not available');
  });
});
