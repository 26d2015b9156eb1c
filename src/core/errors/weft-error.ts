import { errorCodes, type ErrorCode } from './codes.js';

/** Structured detail attached to an error: which node, which JSON path, what was expected. */
export type ErrorDetails = Readonly<Record<string, unknown>>;

/**
 * Base class of every error Weft raises on purpose. The message is written for the user (it names the offending
 * node or path); the stack is for developers and is never shown to users.
 *
 * @example
 * throw new WeftError('WEFT_E_INVALID_ARGUMENT', 'Option --input is not a JSON array of items', { option: '--input' });
 */
export class WeftError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetails;

  constructor(code: ErrorCode, message: string, details: ErrorDetails = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'WeftError';
    this.code = code;
    this.details = details;
  }

  /** Whether trying the same operation again may succeed. */
  get retryable(): boolean {
    return errorCodes[this.code].retryable;
  }

  /** The HTTP status the API answers with for this error. */
  get httpStatus(): number {
    return errorCodes[this.code].httpStatus;
  }

  /** The user-facing JSON shape: `{code, message, details}`. */
  toJSON(): { code: ErrorCode; message: string; details: ErrorDetails } {
    return { code: this.code, message: this.message, details: this.details };
  }
}

/** One problem found in a workflow: what is wrong and where (node name and JSON path). */
export interface WorkflowProblem {
  readonly message: string;
  /** JSON path into the workflow document, e.g. `nodes[3].typeVersion` or `connections["If"].main[1][0].node`. */
  readonly path: string;
  readonly node?: string;
}

/** A workflow that must not run; carries every problem found, not just the first. */
export class InvalidWorkflowError extends WeftError {
  readonly problems: readonly WorkflowProblem[];

  constructor(problems: readonly WorkflowProblem[]) {
    super('WEFT_E_INVALID_WORKFLOW', formatProblems(problems), { problems });
    this.name = 'InvalidWorkflowError';
    this.problems = problems;
  }
}

function formatProblems(problems: readonly WorkflowProblem[]): string {
  const lines = problems.map((p) => `- ${p.path}: ${p.message}`);
  return `The workflow is invalid (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${lines.join('\n')}`;
}

/**
 * An error raised by a node while it runs. Mirrors the fields n8n shows for node errors
 * (message, description, context) so fixtures compare the same way.
 */
export class NodeExecutionError extends WeftError {
  readonly nodeName: string;
  readonly description: string | undefined;
  readonly context: Readonly<Record<string, unknown>>;

  constructor(
    nodeName: string,
    message: string,
    options: { description?: string; context?: Record<string, unknown>; code?: ErrorCode; cause?: unknown; itemIndex?: number } = {},
  ) {
    super(options.code ?? 'WEFT_E_NODE_FAILED', message, { node: nodeName, itemIndex: options.itemIndex }, { cause: options.cause });
    this.name = 'NodeOperationError';
    this.nodeName = nodeName;
    this.description = options.description;
    this.context = options.context ?? (options.itemIndex === undefined ? {} : { itemIndex: options.itemIndex });
  }
}

/** Turns anything thrown into a message fit for a user: no stack traces. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'string') return error;
  try {
    return JSON.stringify(error);
  } catch {
    return String(error);
  }
}
