import { describe, expect, it } from 'vitest';
import { runNodeForTest } from '../../testing/node-harness.js';
import { stopAndError } from './stop-and-error.js';

describe('Stop and Error', () => {
  it('fails with the error message', async () => {
    await expect(runNodeForTest(stopAndError, { parameters: { errorMessage: 'custom failure' } })).rejects.toMatchObject({
      message: 'custom failure',
      name: 'NodeOperationError',
    });
  });

  it('takes message and description from an error object and keeps the object as metadata', async () => {
    const errorObject = JSON.stringify({ message: 'bad input', description: 'the id is missing', code: 42 });
    await expect(runNodeForTest(stopAndError, { parameters: { errorType: 'errorObject', errorObject } })).rejects.toMatchObject({
      message: 'bad input',
      description: 'the id is missing',
      context: { metadata: { message: 'bad input', description: 'the id is missing', code: 42 } },
    });
  });

  it('skips empty or non-string fields and falls back to the object as JSON, as n8n does', async () => {
    const fromDescription = { errorType: 'errorObject', errorObject: '{"message":"","description":"only this"}' };
    await expect(runNodeForTest(stopAndError, { parameters: fromDescription })).rejects.toThrow('only this');
    const noText = { errorType: 'errorObject', errorObject: '{"code":5}' };
    await expect(runNodeForTest(stopAndError, { parameters: noText })).rejects.toThrow('Error: {"code":5}');
  });

  it('refuses an error object that is not JSON', async () => {
    await expect(runNodeForTest(stopAndError, { parameters: { errorType: 'errorObject', errorObject: 'nope' } })).rejects.toThrow('Error Object is not a valid JSON object');
  });
});
