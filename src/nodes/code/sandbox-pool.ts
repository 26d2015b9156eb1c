/**
 * The Code node's names for the process-wide sandbox pool (see `runtime/sandbox/shared-pool.ts`): Code, Function
 * and Function Item nodes share it with sort code and Merge SQL queries.
 */
export {
  sharedSandboxPool as codeSandboxPool,
  setSharedSandboxPool as setCodeSandboxPool,
  closeSharedSandboxPool as closeCodeSandboxPool,
} from '../../runtime/sandbox/shared-pool.js';
