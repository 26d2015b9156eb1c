import type { Selectable } from 'kysely';
import { WeftError } from '../../core/errors/index.js';
import type { WebhookStore } from '../../ports/store/index.js';
import { normalizeWebhookPath, toWebhookRegistration } from '../store-common/rows.js';
import type { PostgresContext } from './context.js';
import { isUniqueViolation } from './errors.js';
import type { WebhooksTable } from './schema.js';

type WebhookRow = Selectable<WebhooksTable>;


/** Whether a concrete request path fits a registered path whose `:name` segments match any one segment. */
function matches(pattern: string, requestSegments: readonly string[]): boolean {
  const patternSegments = pattern.split('/');
  return patternSegments.length === requestSegments.length && patternSegments.every((segment, index) => segment.startsWith(':') || segment === requestSegments[index]);
}

/** Webhook registrations, unique by method + path across workflows (the primary key enforces it). */
export function postgresWebhookStore(ctx: PostgresContext): WebhookStore {
  return {
    async setWebhooks(workflowId, webhooks) {
      const rows: WebhookRow[] = webhooks.map((webhook) => {
        const path = normalizeWebhookPath(webhook.path);
        const segments = path.split('/');
        return {
          method: webhook.method.toUpperCase(),
          path,
          workflow_id: workflowId,
          node_name: webhook.nodeName,
          webhook_id: webhook.webhookId ?? null,
          dynamic_segments: segments.filter((segment) => segment.startsWith(':')).length,
          segment_count: segments.length,
        };
      });
      const seen = new Set<string>();
      for (const row of rows) {
        const key = `${row.method} ${row.path}`;
        if (seen.has(key)) throw new WeftError('WEFT_E_CONFLICT', `Workflow ${workflowId} registers webhook ${key} twice`, { workflowId, method: row.method, path: row.path });
        seen.add(key);
      }
      await ctx.router.onPrimary('set webhooks', (db) =>
        db.transaction().execute(async (tx) => {
          await tx.deleteFrom('webhooks').where('workflow_id', '=', workflowId).execute();
          if (rows.length === 0) return;
          // ON CONFLICT DO NOTHING + RETURNING tells which keys another workflow holds without aborting on the first.
          const inserted = await tx.insertInto('webhooks').values(rows).onConflict((conflict) => conflict.doNothing()).returning(['method', 'path']).execute();
          if (inserted.length === rows.length) return;
          const insertedKeys = new Set(inserted.map((row) => `${row.method} ${row.path}`));
          const clash = rows.find((row) => !insertedKeys.has(`${row.method} ${row.path}`));
          const holder = clash === undefined ? undefined : await tx.selectFrom('webhooks').select('workflow_id').where('method', '=', clash.method).where('path', '=', clash.path).executeTakeFirst();
          // Throwing rolls the whole activation back: the workflow keeps its previous registrations.
          throw new WeftError(
            'WEFT_E_CONFLICT',
            `Webhook ${clash?.method ?? ''} ${clash?.path ?? ''} is already registered by workflow ${holder?.workflow_id ?? 'another workflow'}`,
            { workflowId, method: clash?.method, path: clash?.path, takenBy: holder?.workflow_id },
          );
        }),
      ).catch((error: unknown) => {
        // Two activations racing for one path: the loser's insert waits, then violates the key.
        if (isUniqueViolation(error)) throw new WeftError('WEFT_E_CONFLICT', `A webhook of workflow ${workflowId} was registered by another workflow at the same time`, { workflowId });
        throw error;
      });
    },

    async removeWebhooks(workflowId) {
      await ctx.router.onPrimary('remove webhooks', (db) => db.deleteFrom('webhooks').where('workflow_id', '=', workflowId).execute());
    },

    /** The registration for the exact path first; else the dynamic (`:param`) path that fits with the fewest parameters. */
    async findWebhook(method, path) {
      const key = { method: method.toUpperCase(), path: normalizeWebhookPath(path) };
      const segments = key.path.split('/');
      const rows = await ctx.router.onPrimary('find webhook', async (db) => {
        const exact = await db.selectFrom('webhooks').selectAll().where('method', '=', key.method).where('path', '=', key.path).execute();
        if (exact.length > 0) return exact;
        return db
          .selectFrom('webhooks')
          .selectAll()
          .where('method', '=', key.method)
          .where('segment_count', '=', segments.length)
          .where('dynamic_segments', '>', 0)
          .orderBy('dynamic_segments')
          .orderBy('path')
          .execute();
      });
      const found = rows.find((row) => row.path === key.path || matches(row.path, segments));
      return found === undefined ? undefined : toWebhookRegistration(found);
    },

    async listWebhooks() {
      const rows = await ctx.router.onPrimary('list webhooks', (db) => db.selectFrom('webhooks').selectAll().orderBy('workflow_id').orderBy('method').orderBy('path').execute());
      return rows.map(toWebhookRegistration);
    },
  };
}
