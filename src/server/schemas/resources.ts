import { anyObject, dateTime } from './common.js';

/** A node as n8n saves it: the fields the engine needs are checked by `validateWorkflow`, the rest is kept. */
const nodeSchema = { type: 'object', additionalProperties: true, required: ['name', 'type'] } as const;

/** Body of create and update: an n8n workflow export. `id`, `active` and timestamps in it are ignored. */
export const workflowBody = {
  type: 'object',
  additionalProperties: true,
  required: ['name', 'nodes', 'connections'],
  properties: {
    name: { type: 'string', minLength: 1 },
    nodes: { type: 'array', items: nodeSchema },
    connections: anyObject,
    settings: anyObject,
    pinData: anyObject,
    tags: { type: 'array', items: { anyOf: [{ type: 'string' }, { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] }] } },
  },
} as const;

const workflowSummaryProperties = {
  id: { type: 'string' },
  name: { type: 'string' },
  active: { type: 'boolean' },
  tags: { type: 'array', items: { type: 'string' } },
  version: { type: 'integer' },
  createdAt: dateTime,
  updatedAt: dateTime,
} as const;

export const workflowSummarySchema = { type: 'object', properties: workflowSummaryProperties } as const;

export const workflowSchema = {
  type: 'object',
  properties: {
    ...workflowSummaryProperties,
    nodes: { type: 'array', items: { type: 'object', additionalProperties: true } },
    connections: anyObject,
    settings: anyObject,
    pinData: anyObject,
  },
} as const;

export const executionSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    workflowId: { type: 'string' },
    workflowVersion: { type: 'integer' },
    status: { type: 'string', enum: ['new', 'running', 'waiting', 'success', 'error', 'canceled', 'crashed'] },
    mode: { type: 'string' },
    finished: { type: 'boolean' },
    retryOf: { type: ['string', 'null'] },
    createdAt: dateTime,
    startedAt: dateTime,
    stoppedAt: dateTime,
    waitTill: dateTime,
    errorMessage: { type: ['string', 'null'] },
    data: anyObject,
  },
} as const;

export const credentialSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    type: { type: 'string' },
    createdAt: dateTime,
    updatedAt: dateTime,
  },
} as const;

/** Body of run and retry answers without `?wait=true`. */
export const acceptedSchema = { type: 'object', properties: { executionId: { type: 'string' } }, required: ['executionId'] } as const;
