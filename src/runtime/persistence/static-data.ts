import type { ExecutionMode, WorkflowDocument } from '../../core/model/types.js';
import type { Logger } from '../../logging/logger.js';
import type { WorkflowStore } from '../../ports/store/index.js';
import { isRecord } from '../../core/model/is-record.js';

/**
 * Workflow static data between executions (n8n's `$getWorkflowStaticData`): a production execution of a workflow
 * that uses it starts from the stored data and saves it at its end when it changed.
 *
 * Rules, as n8n has them:
 * - Only production executions (webhook, trigger, schedule, retry, error workflows, queued runs) load and save it.
 *   Manual (editor/API test) runs start from the workflow document's `staticData` and keep nothing: n8n's docs
 *   say static data is not available when testing a workflow.
 * - Saved at every end but a cancellation (n8n saves after failed and waiting executions too, not after a
 *   cancel), and only when its JSON differs from what was loaded: executions that leave it alone cost no write.
 * - Concurrent executions of one workflow each load, change and save the whole object: the last one to save wins
 *   (n8n behaves the same); no merge, no lock.
 */

/** The text every user-code entry point to static data contains (`$getWorkflowStaticData`, `getWorkflowStaticData`). */
const STATIC_DATA_MARKER = 'getWorkflowStaticData';

/** Answers for frozen (cached, shared) definitions: a cached workflow is asked on every execution. */
const usesByDefinition = new WeakMap<WorkflowDocument, boolean>();

/**
 * True when a node of the workflow can read or change static data: an enabled node with a parameter mentioning
 * `getWorkflowStaticData` (Code, Function and Function Item code; no built-in node type keeps static data on its
 * own). Worked out once per frozen definition, so workflows that never use static data cost no store read.
 *
 * @example
 * usesStaticData({ nodes: [{ ..., parameters: { jsCode: 'const s = $getWorkflowStaticData("global")' } }], connections: {} }); // true
 */
export function usesStaticData(definition: WorkflowDocument): boolean {
  const known = usesByDefinition.get(definition);
  if (known !== undefined) return known;
  const uses = definition.nodes.some((node) => node.disabled !== true && mentionsMarker(node.parameters));
  if (Object.isFrozen(definition)) usesByDefinition.set(definition, uses);
  return uses;
}

/** True when the mode's executions load and save static data: every mode but `manual` (n8n's rule). */
export function persistsStaticData(mode: ExecutionMode): boolean {
  return mode !== 'manual';
}

/** The static data of one execution: the object its nodes change, and how to save it at the end. */
export interface StaticDataSession {
  /** The execution's static data (`global`, `node:<Node name>`), changed in place by its nodes. */
  readonly data: Record<string, unknown>;
  /**
   * Saves `data` when its JSON differs from what was loaded (or last saved). Resolves true when it wrote. Never
   * rejects: a failed save is logged and the execution's end is recorded anyway, as n8n does.
   */
  save(): Promise<boolean>;
}

/** What {@link loadStaticData} needs: where the data lives, whose it is, and how the execution runs. */
export interface LoadStaticDataOptions {
  readonly store: Pick<WorkflowStore, 'getStaticData' | 'setStaticData'>;
  /** The stored workflow the data belongs to. */
  readonly workflowId: string;
  readonly definition: WorkflowDocument;
  readonly mode: ExecutionMode;
  readonly executionId?: string;
  readonly logger?: Logger;
}

/**
 * Starts an execution's static data: the stored data for a production execution (one store read), a copy of the
 * document's own `staticData` for a manual one (no I/O, never saved). Call it only when {@link usesStaticData}
 * is true. A failing read rejects: the execution would otherwise run on empty state and overwrite the stored one.
 *
 * @example
 * const session = usesStaticData(definition) ? await loadStaticData({ store, workflowId, definition, mode: 'webhook' }) : undefined;
 * const result = await engine.execute(definition, { staticData: session?.data });
 * if (result.status !== 'canceled') await session?.save();
 */
export async function loadStaticData(options: LoadStaticDataOptions): Promise<StaticDataSession> {
  if (!persistsStaticData(options.mode)) {
    const own = options.definition.staticData;
    const data = isRecord(own) ? (structuredClone(own) as Record<string, unknown>) : {};
    return { data, save: () => Promise.resolve(false) };
  }
  const { store, workflowId } = options;
  const data = await store.getStaticData(workflowId);
  let saved = JSON.stringify(data);
  return {
    data,
    async save() {
      let text: string;
      try {
        text = JSON.stringify(data);
        if (text === saved) return false;
        await store.setStaticData(workflowId, data);
      } catch (error) {
        options.logger?.error(
          { workflowId, executionId: options.executionId, err: error instanceof Error ? error.message : String(error) },
          'saving the workflow static data failed; its changes from this execution are lost',
        );
        return false;
      }
      saved = text;
      return true;
    },
  };
}

/** True when a parameter value, at any depth, is a string containing the static data marker. */
function mentionsMarker(value: unknown): boolean {
  if (typeof value === 'string') return value.includes(STATIC_DATA_MARKER);
  if (typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) return value.some(mentionsMarker);
  for (const key in value) if (mentionsMarker((value as Record<string, unknown>)[key])) return true;
  return false;
}
