import type { ExecutionResult } from '../core/scheduler/index.js';
import type { CredentialRecord, ExecutionRecord, WorkflowRecord, WorkflowSummary } from '../ports/store/index.js';

/** Fields of a saved n8n document that the API reports from the record instead (the record is authoritative). */
const recordFields = new Set(['id', 'name', 'active', 'tags', 'version', 'createdAt', 'updatedAt', 'versionId']);

const iso = (epochMs: number | undefined): string | null => (epochMs === undefined ? null : new Date(epochMs).toISOString());

/** A workflow as the API returns it: n8n's shape (nodes, connections, settings, pinData) plus Weft's `version`. */
export function workflowJson(record: WorkflowRecord): Record<string, unknown> {
  const { nodes, connections, settings, pinData } = record.definition;
  return {
    ...summaryJson(record),
    nodes,
    connections,
    settings: settings ?? {},
    ...(pinData !== undefined ? { pinData } : {}),
  };
}

/** A workflow in lists: everything but the definition. */
export function summaryJson(record: WorkflowSummary): Record<string, unknown> {
  return {
    id: record.id,
    name: record.name,
    active: record.active,
    tags: [...record.tags],
    version: record.version,
    createdAt: iso(record.createdAt),
    updatedAt: iso(record.updatedAt),
  };
}

/** The workflow as an n8n export (`n8n export:workflow` shape), unknown fields of the saved document kept. */
export function exportJson(record: WorkflowRecord): Record<string, unknown> {
  const rest = Object.fromEntries(Object.entries(record.definition).filter(([key]) => !recordFields.has(key)));
  return {
    ...rest,
    id: record.id,
    name: record.name,
    active: record.active,
    tags: record.tags.map((name) => ({ name })),
    createdAt: iso(record.createdAt),
    updatedAt: iso(record.updatedAt),
  };
}

/** An execution in n8n's public API shape; `result` adds `data` (`data.resultData.runData`…). */
export function executionJson(record: ExecutionRecord, result?: Pick<ExecutionResult, 'data'>): Record<string, unknown> {
  return {
    id: record.id,
    workflowId: record.workflowId,
    workflowVersion: record.workflowVersion,
    status: record.status,
    mode: record.mode,
    finished: record.status === 'success',
    retryOf: record.retryOf ?? null,
    createdAt: iso(record.createdAt),
    startedAt: iso(record.startedAt),
    stoppedAt: iso(record.stoppedAt),
    waitTill: iso(record.waitTill),
    errorMessage: record.errorMessage ?? null,
    ...(result !== undefined ? { data: result.data } : {}),
  };
}

/** Credential metadata; the secret data never leaves the store through the API. */
export function credentialJson(record: CredentialRecord): Record<string, unknown> {
  return { id: record.id, name: record.name, type: record.type, createdAt: iso(record.createdAt), updatedAt: iso(record.updatedAt) };
}
