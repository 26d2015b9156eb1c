import { NodeExecutionError } from '../../core/errors/index.js';

/** What n8n attaches to a node failure besides its message. */
export interface FailDetails {
  readonly description?: string;
  readonly itemIndex?: number;
}

/** Throws a failure of the running node (callers keep n8n's wording). */
export type Fail = (message: string, details?: FailDetails) => never;

/** A {@link Fail} for the node named `nodeName`. */
export function failFor(nodeName: string): Fail {
  return (message, details = {}) => {
    throw new NodeExecutionError(nodeName, message, { description: details.description, itemIndex: details.itemIndex });
  };
}
