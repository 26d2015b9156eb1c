export type { Clock, NodeContext, NodeLogger, NodeOutput, NodeTypeSpec, ParameterKind, RunDataView, RunSource, SubWorkflowRunner } from './types.js';
export { NodeRegistry, inputCountOf, outputCountOf, requiredInputsOf } from './registry.js';
