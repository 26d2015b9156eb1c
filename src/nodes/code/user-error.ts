import type { ThrownInfo } from '../../runtime/sandbox/types.js';
import { CodeProblem, withLocation } from './code-error.js';

/**
 * Builds the error n8n reports when the user's Code node code throws: the message is read from the first stack
 * line holding `Error:` and split on colons (n8n keeps the last segment as the message and the one before it,
 * unless it is plain `Error`, as the description), then ` [line N]` or ` [line N, for item i]` is appended.
 *
 * @example
 * // throw new TypeError('boom') on line 2 for item 0 → message 'boom [line 2, for item 0]', description 'TypeError'
 */
export function codeNodeUserError(info: ThrownInfo, itemIndex: number | undefined): CodeProblem {
  const { details, type } = splitMessageRow(info);
  const message = withLocation(details ?? 'Unknown error', { line: info.line, itemIndex: info.line === undefined ? undefined : itemIndex });
  return new CodeProblem(message, { description: type ?? info.description, itemIndex });
}

function splitMessageRow(info: ThrownInfo): { details?: string; type?: string } {
  if (info.thrown !== 'object') return { details: info.message };
  const row = (info.stack ?? '').split('\n').find((line) => line.includes('Error:'));
  if (row === undefined) return { details: info.stack === undefined ? info.message : undefined };
  const segments = row.split(':').map((segment) => segment.trim()).reverse();
  const [details, type] = segments;
  return { details: details === '' ? undefined : details, type: type === 'Error' ? undefined : type };
}

/**
 * The message the legacy Function / Function Item nodes report for a thrown error: the error's own message, with
 * ` [Line N]` (Function) or ` [Line N | Item Index: i]` / ` [Item Index: i]` (Function Item) appended.
 */
export function legacyUserErrorMessage(info: ThrownInfo, itemIndex?: number): string {
  const base = info.message ?? 'Unknown error';
  if (itemIndex === undefined) return info.line === undefined ? base : `${base} [Line ${info.line}]`;
  return info.line === undefined ? `${base} [Item Index: ${itemIndex}]` : `${base} [Line ${info.line} | Item Index: ${itemIndex}]`;
}

/** The plain message of a thrown value, as continue-on-fail error items of the legacy nodes show it. */
export function plainMessage(info: ThrownInfo): string {
  return info.message ?? 'Unknown error';
}
