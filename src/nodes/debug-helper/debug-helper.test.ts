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

  it('throws "Node has thrown an error" by default, as n8n (category defaults to throwError)', async () => {
    await expect(runNodeForTest(debugHelper, {})).rejects.toMatchObject({ name: 'NodeApiError', message: 'Node has thrown an error' });
    const typed = { category: 'throwError', throwErrorType: 'NodeOperationError', throwErrorMessage: 'on purpose' };
    await expect(runNodeForTest(debugHelper, { parameters: typed })).rejects.toMatchObject({ name: 'NodeOperationError', message: 'on purpose' });
  });

  it('turns each failing item into an error item paired to it when continuing on fail', async () => {
    const [out] = await runNodeForTest(debugHelper, { json: [{ a: 1 }, { a: 2 }], nodeFields: { onError: 'continueErrorOutput' } });
    expect(out).toEqual([
      { json: { error: 'Node has thrown an error' }, pairedItem: { item: 0 } },
      { json: { error: 'Node has thrown an error' }, pairedItem: { item: 1 } },
    ]);
  });

  it('emits nothing with doNothing, as n8n does', async () => {
    expect(await runNodeForTest(debugHelper, { parameters: { category: 'doNothing' }, json: [{ a: 1 }] })).toEqual([[]]);
  });

  it('generates per input item and can put the records in one array', async () => {
    const parameters = { category: 'randomData', randomDataType: 'uuid', randomDataSeed: 's', randomDataCount: 2, randomDataSingleArray: true };
    const [out] = await runNodeForTest(debugHelper, { parameters, json: [{}, {}] });
    expect(out).toHaveLength(2);
    const generated = out![0]!.json.generatedItems as string[];
    expect(generated).toHaveLength(2);
    expect(generated[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(out![1]).toEqual({ json: { generatedItems: generated }, pairedItem: { item: 1 } });
  });

  it('honours the nanoid alphabet and length, and n8n record shapes', async () => {
    const nano = { category: 'randomData', randomDataType: 'nanoid', nanoidAlphabet: 'ab', nanoidLength: '5', randomDataCount: 3 };
    for (const json of jsonOf((await runNodeForTest(debugHelper, { parameters: nano }))[0])) expect(json.nanoId).toMatch(/^[ab]{5}$/);
    const card = jsonOf((await runNodeForTest(debugHelper, { parameters: { category: 'randomData', randomDataType: 'creditCard', randomDataCount: 1 } }))[0]);
    expect(Object.keys(card[0]!)).toEqual(['type', 'number', 'ccv', 'exp', 'holder_name']);
    const email = jsonOf((await runNodeForTest(debugHelper, { parameters: { category: 'randomData', randomDataType: 'email', randomDataCount: 1 } }))[0]);
    expect(typeof email[0]!.confirmed).toBe('boolean');
  });

  it('refuses the out-of-memory category', async () => {
    await expect(runNodeForTest(debugHelper, { parameters: { category: 'oom' } })).rejects.toThrow('"oom" is not available');
  });
});
