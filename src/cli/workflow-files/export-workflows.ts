import { WeftError } from '../../core/errors/index.js';
import type { WorkflowDocument } from '../../core/model/types.js';
import type { WorkflowRecord, WorkflowStore } from '../../ports/store/index.js';

/** Page size when walking all workflows: big enough to be quick, small enough to keep memory flat per page. */
const PAGE_SIZE = 200;

/**
 * A stored workflow as n8n JSON (what `n8n export:workflow` writes): the saved document with the store's id, name,
 * active flag, tags (`[{name}]`) and times, so `weft import` and n8n can read it back.
 */
export function toN8nJson(record: WorkflowRecord): WorkflowDocument {
  return {
    ...record.definition,
    id: record.id,
    name: record.name,
    active: record.active,
    tags: record.tags.map((name) => ({ name })),
    createdAt: new Date(record.createdAt).toISOString(),
    updatedAt: new Date(record.updatedAt).toISOString(),
  };
}

/**
 * The workflows to export, as n8n JSON: the one with `id`, or all of them (oldest created first).
 *
 * @example
 * const documents = await exportWorkflows(store, {});
 */
export async function exportWorkflows(store: WorkflowStore, options: { id?: string }): Promise<WorkflowDocument[]> {
  if (options.id !== undefined) {
    const record = await store.getWorkflow(options.id, { consistency: 'strong' });
    if (!record) throw new WeftError('WEFT_E_NOT_FOUND', `No workflow with id ${options.id}`, { id: options.id });
    return [await withStaticData(store, record)];
  }
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.listWorkflows({ limit: PAGE_SIZE, ...(cursor !== undefined ? { cursor } : {}) }, { consistency: 'strong' });
    ids.push(...page.data.map((summary) => summary.id));
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  const records: WorkflowRecord[] = [];
  for (const id of ids) {
    const record = await store.getWorkflow(id, { consistency: 'strong' });
    // Deleted between the list and the read: nothing to export.
    if (record) records.push(record);
  }
  // Lists are newest-updated first; an export reads better (and re-imports in the same order) oldest-created first.
  records.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return Promise.all(records.map((record) => withStaticData(store, record)));
}

/** The n8n JSON of `record` with its stored static data as `staticData` (n8n exports it; `weft import` restores it). */
async function withStaticData(store: WorkflowStore, record: WorkflowRecord): Promise<WorkflowDocument> {
  const staticData = await store.getStaticData(record.id);
  const document = toN8nJson(record);
  return Object.keys(staticData).length > 0 ? { ...document, staticData } : document;
}
