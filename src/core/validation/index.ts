export { validateWorkflow, assertValidWorkflow } from './validate.js';
