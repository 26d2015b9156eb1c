import { NodeExecutionError } from '../../../core/errors/index.js';

/** Options of a node failure, as n8n's NodeOperationError takes them. */
export interface FailOptions {
  readonly description?: string;
  readonly itemIndex?: number;
}

/**
 * Raises a node failure. Operations receive one instead of the node name, so they stay plain functions of their
 * input and can be tested without a node.
 */
export type Fail = (message: string, options?: FailOptions) => never;

/** A {@link Fail} that throws n8n-shaped errors for `nodeName`. */
export function failFor(nodeName: string): Fail {
  return (message, options = {}) => {
    throw new NodeExecutionError(nodeName, message, { description: options.description, itemIndex: options.itemIndex });
  };
}

/** The description n8n adds when a dotted field is missing while dot notation is off. */
export const DOT_NOTATION_HINT =
  "If you're trying to use a nested field, make sure you turn off 'disable dot notation' in the node options";
