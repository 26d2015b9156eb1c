export { errorCodes, type ErrorCode } from './codes.js';
export { WeftError, InvalidWorkflowError, NodeExecutionError, errorMessage, type WorkflowProblem, type ErrorDetails } from './weft-error.js';
