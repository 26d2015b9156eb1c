export type { CredentialsProvider, Clock, NodeContext, NodeLogger, NodeOutput, NodeTypeSpec, ParameterKind, RunDataView, TriggerKind, RunSource, SubWorkflowRunner, WebhookBinaryBody, WebhookResponse } from './types.js';
export { NodeRegistry, inputCountOf, outputCountOf, requiredInputsOf } from './registry.js';
