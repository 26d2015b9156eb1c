import { isRecord } from '../../core/model/is-record.js';
import type { WorkflowDocument } from '../../core/model/types.js';
import type { WorkflowRecord, WorkflowStore } from '../../ports/store/index.js';

/** What happened to one workflow of an import. */
export interface ImportedWorkflow {
  readonly id: string;
  readonly name: string;
  /** `created` (new id) or `updated` (the given id existed: a new version was saved, as n8n overwrites it). */
  readonly outcome: 'created' | 'updated';
}

/**
 * Saves n8n workflow documents in the store, like `n8n import:workflow --input`: a given `id` is kept (the
 * workflow is created under it, or a new version of it is saved when it exists); imported workflows are inactive,
 * because activating one registers its triggers and that should be a deliberate step. The export's `staticData`
 * (what `$getWorkflowStaticData` kept, e.g. a polling trigger's last id) becomes the workflow's stored static data,
 * as n8n imports it.
 *
 * @example
 * const results = await importWorkflows(store, parseWorkflowText(text, 'export.json'));
 */
export async function importWorkflows(store: WorkflowStore, documents: readonly WorkflowDocument[]): Promise<ImportedWorkflow[]> {
  const results: ImportedWorkflow[] = [];
  for (const document of documents) {
    const name = typeof document.name === 'string' && document.name.trim() !== '' ? document.name : 'My workflow';
    const tags = tagNames(document.tags);
    const id = typeof document.id === 'string' && document.id !== '' ? document.id : typeof document.id === 'number' ? String(document.id) : undefined;
    const definition: WorkflowDocument = { ...document, name, active: false };
    const existing = id === undefined ? undefined : await store.getWorkflow(id, { consistency: 'strong' });
    let saved: WorkflowRecord;
    if (existing) {
      saved = await store.updateWorkflow(existing.id, { name, definition: { ...definition, id: existing.id }, tags, active: false });
      results.push({ id: saved.id, name: saved.name, outcome: 'updated' });
    } else {
      saved = await store.createWorkflow({ name, definition, tags, active: false, ...(id !== undefined ? { id } : {}) });
      results.push({ id: saved.id, name: saved.name, outcome: 'created' });
    }
    if (isRecord(document.staticData)) await store.setStaticData(saved.id, document.staticData);
  }
  return results;
}

/** n8n exports tags as `[{id, name}]`; older files and hand-written ones use plain strings. */
function tagNames(tags: unknown): string[] {
  if (!Array.isArray(tags)) return [];
  const names = tags.map((tag: unknown) => (typeof tag === 'string' ? tag : typeof tag === 'object' && tag !== null ? (tag as { name?: unknown }).name : undefined));
  return [...new Set(names.filter((name): name is string => typeof name === 'string' && name !== ''))];
}
