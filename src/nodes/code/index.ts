export { code } from './code.js';
export { functionNode } from './function.js';
export { functionItemNode } from './function-item.js';
export { codeSandboxPool, setCodeSandboxPool, closeCodeSandboxPool } from './sandbox-pool.js';
