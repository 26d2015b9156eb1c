import { expect } from 'vitest';
import { WeftError, type ErrorCode } from '../../core/errors/index.js';

/**
 * Expects `promise` to reject with a WeftError of `code` whose message names each of `mentions` (shared by the
 * contract suites of every port).
 *
 * @example
 * await expectWeftError(store.getWorkflow(''), 'WEFT_E_INVALID_ARGUMENT', ['id']);
 */
export async function expectWeftError(promise: Promise<unknown>, code: ErrorCode, mentions: readonly string[] = [], what = 'the call'): Promise<WeftError> {
  const error: unknown = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error, `expected ${what} to reject with a WeftError ${code}`).toBeInstanceOf(WeftError);
  const weftError = error as WeftError;
  expect(weftError.code, `error code of ${what}`).toBe(code);
  for (const mention of mentions) expect(weftError.message, `message of ${what}`).toContain(mention);
  return weftError;
}
