import { NodeExecutionError } from '../../core/errors/index.js';

/**
 * A problem with what the user's code did or returned, in n8n's terms: a message, a description, and where
 * (item, line). Turned into a {@link NodeExecutionError} once the node name is known.
 */
export class CodeProblem extends Error {
  readonly description: string | undefined;
  readonly itemIndex: number | undefined;

  /** `message` already carries n8n's `[line N]` / `[item i]` suffix; see {@link withLocation}. */
  constructor(message: string, options: { description?: string; itemIndex?: number } = {}) {
    super(message);
    this.name = 'CodeProblem';
    this.description = options.description;
    this.itemIndex = options.itemIndex;
  }

  /** The node error n8n would report. */
  toNodeError(nodeName: string): NodeExecutionError {
    return new NodeExecutionError(nodeName, this.message, {
      description: this.description,
      itemIndex: this.itemIndex,
      code: 'WEFT_E_CODE_FAILED',
    });
  }
}

/**
 * n8n's location suffix for Code node messages: ` [line 5, for item 0]`, ` [line 5]`, ` [item 0]`, or nothing.
 *
 * @example
 * withLocation('This is an error', { line: 5, itemIndex: 0 }); // 'This is an error [line 5, for item 0]'
 */
export function withLocation(message: string, where: { line?: number; itemIndex?: number }): string {
  if (where.line !== undefined && where.itemIndex !== undefined) return `${message} [line ${where.line}, for item ${where.itemIndex}]`;
  if (where.line !== undefined) return `${message} [line ${where.line}]`;
  if (where.itemIndex !== undefined) return `${message} [item ${where.itemIndex}]`;
  return message;
}
