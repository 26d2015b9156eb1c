/**
 * The one registry of Weft error codes. Every error Weft reports carries one of these codes, so users and
 * operators can search for it, and callers can decide on retries without parsing messages.
 *
 * `retryable` says whether trying the same thing again may succeed (a timeout, a broker hiccup) or cannot
 * (an invalid workflow). `httpStatus` is what the HTTP API answers with when the error reaches a client.
 */
export const errorCodes = {
  WEFT_E_INVALID_JSON: { retryable: false, httpStatus: 400, summary: 'The workflow file is not valid JSON.' },
  WEFT_E_INVALID_WORKFLOW: { retryable: false, httpStatus: 400, summary: 'The workflow has structural problems.' },
  WEFT_E_INVALID_ARGUMENT: { retryable: false, httpStatus: 400, summary: 'A command-line argument or option is invalid.' },
  WEFT_E_INVALID_CONFIG: { retryable: false, httpStatus: 500, summary: 'A WEFT_* setting is invalid.' },
  WEFT_E_UNKNOWN_NODE_TYPE: { retryable: false, httpStatus: 400, summary: 'No node type is registered under this name and version.' },
  WEFT_E_NODE_FAILED: { retryable: false, httpStatus: 500, summary: 'A node failed while running.' },
  WEFT_E_NODE_TIMEOUT: { retryable: true, httpStatus: 504, summary: 'A node did not finish in time.' },
  WEFT_E_NODE_OUTPUT_INVALID: { retryable: false, httpStatus: 500, summary: 'A node returned data that is not a list of items.' },
  WEFT_E_NODE_RUN_LIMIT: { retryable: false, httpStatus: 500, summary: 'The execution ran more nodes than its bound allows (a runaway loop).' },
  WEFT_E_EXECUTION_TIMEOUT: { retryable: true, httpStatus: 504, summary: 'The execution did not finish before its timeout.' },
  WEFT_E_EXECUTION_CANCELED: { retryable: false, httpStatus: 409, summary: 'The execution was canceled.' },
  WEFT_E_STOPPED_BY_NODE: { retryable: false, httpStatus: 500, summary: 'A Stop and Error node ended the workflow.' },
  WEFT_E_EXPRESSION: { retryable: false, httpStatus: 400, summary: 'An expression could not be evaluated.' },
  WEFT_E_EXPRESSION_FORBIDDEN: { retryable: false, httpStatus: 400, summary: 'An expression tried to reach something it may not.' },
  WEFT_E_CODE_FAILED: { retryable: false, httpStatus: 500, summary: 'User code in a Code node failed.' },
  WEFT_E_CODE_LIMIT: { retryable: false, httpStatus: 500, summary: 'User code exceeded its time or memory limit.' },
  WEFT_E_FILE_NOT_FOUND: { retryable: false, httpStatus: 404, summary: 'A file named on the command line does not exist.' },
  WEFT_E_UNAUTHORIZED: { retryable: false, httpStatus: 401, summary: 'The request has no valid API key (header X-WEFT-API-KEY).' },
  WEFT_E_NOT_FOUND: { retryable: false, httpStatus: 404, summary: 'The requested resource does not exist.' },
  WEFT_E_CONFLICT: { retryable: false, httpStatus: 409, summary: 'The resource changed or already exists (a concurrent write, a taken webhook path).' },
  WEFT_E_STORE_UNAVAILABLE: { retryable: true, httpStatus: 503, summary: 'The database cannot be reached or timed out.' },
  WEFT_E_STORE_CORRUPT: { retryable: false, httpStatus: 500, summary: 'Stored data could not be read back (wrong encryption key, damaged row).' },
  WEFT_E_QUEUE_UNAVAILABLE: { retryable: true, httpStatus: 503, summary: 'The job queue (RabbitMQ or the embedded queue) cannot be reached or did not confirm in time.' },
  WEFT_E_SHUTTING_DOWN: { retryable: true, httpStatus: 503, summary: 'Weft is shutting down and takes no new work; retry after the restart.' },
  WEFT_E_INTERNAL: { retryable: false, httpStatus: 500, summary: 'An unexpected internal error (a bug in Weft).' },
} as const satisfies Record<string, { retryable: boolean; httpStatus: number; summary: string }>;

/** A code from the registry, e.g. `'WEFT_E_INVALID_WORKFLOW'`. */
export type ErrorCode = keyof typeof errorCodes;
