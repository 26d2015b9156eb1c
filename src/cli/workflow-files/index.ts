export { importWorkflows, type ImportedWorkflow } from './import-workflows.js';
export { exportWorkflows, toN8nJson } from './export-workflows.js';
