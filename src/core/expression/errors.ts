import { WeftError } from '../errors/index.js';

/** Extra facts an expression error carries: n8n's description, the node the data was missing from… */
export interface ExpressionErrorInfo {
  readonly description?: string;
  /** The node whose data the expression could not get (n8n's `nodeCause`). */
  readonly nodeCause?: string;
  readonly itemIndex?: number;
  readonly runIndex?: number;
}

/**
 * An error raised while evaluating an expression, with n8n's user-facing wording. The evaluator adds the node
 * and parameter names when it reports it.
 */
export function expressionError(message: string, info: ExpressionErrorInfo = {}): WeftError {
  return new WeftError('WEFT_E_EXPRESSION', message, { ...info });
}

/** An expression tried to reach something it may not (host objects, prototypes, code generation…). */
export function forbidden(what: string): WeftError {
  return new WeftError('WEFT_E_EXPRESSION_FORBIDDEN', `Expression refused: ${what} is not allowed in expressions`, { refused: what });
}

/** True for errors the sandbox raises on purpose; user `try/catch` must never swallow these. */
export function isFatalExpressionError(error: unknown): boolean {
  return error instanceof WeftError && (error.code === 'WEFT_E_EXPRESSION_FORBIDDEN' || error.details['budget'] === true);
}
