import type { Selectable } from 'kysely';
import { WeftError } from '../../core/errors/index.js';
import type { WebhookRegistration, WebhookStore } from '../../ports/store/index.js';
import { normalizeWebhookPath, toWebhookRegistration } from '../store-common/rows.js';
import type { SqliteContext } from './context.js';
import type { WebhooksTable } from './schema.js';

type WebhookRow = Selectable<WebhooksTable>;


/** Webhook registrations, unique by method + path across all workflows. */
export function sqliteWebhookStore(ctx: SqliteContext): WebhookStore {
  return {
    async setWebhooks(workflowId: string, webhooks: readonly WebhookRegistration[]): Promise<void> {
      const rows: WebhookRow[] = webhooks.map((webhook) => ({
        method: webhook.method.toUpperCase(),
        path: normalizeWebhookPath(webhook.path),
        workflow_id: workflowId,
        node_name: webhook.nodeName,
        webhook_id: webhook.webhookId ?? null,
      }));
      const seen = new Set<string>();
      for (const row of rows) {
        const key = `${row.method} ${row.path}`;
        if (seen.has(key)) throw new WeftError('WEFT_E_CONFLICT', `Workflow ${workflowId} registers webhook ${key} twice`, { workflowId, method: row.method, path: row.path });
        seen.add(key);
      }
      await ctx.write(async (trx) => {
        await trx.deleteFrom('webhooks').where('workflow_id', '=', workflowId).execute();
        for (const row of rows) {
          const taken = await trx
            .selectFrom('webhooks')
            .select('workflow_id')
            .where('method', '=', row.method)
            .where('path', '=', row.path)
            .executeTakeFirst();
          if (taken !== undefined) {
            // Throwing rolls the whole activation back: the workflow keeps its previous registrations.
            throw new WeftError(
              'WEFT_E_CONFLICT',
              `Webhook ${row.method} ${row.path} is already registered by workflow ${taken.workflow_id}`,
              { workflowId, method: row.method, path: row.path, takenBy: taken.workflow_id },
            );
          }
        }
        if (rows.length > 0) await trx.insertInto('webhooks').values(rows).execute();
      });
    },

    async removeWebhooks(workflowId: string): Promise<void> {
      await ctx.write(async (trx) => {
        await trx.deleteFrom('webhooks').where('workflow_id', '=', workflowId).execute();
      });
    },

    /** The registration of exactly this method and path (`:param` segments are matched literally; routing is the caller's). */
    async findWebhook(method: string, path: string): Promise<WebhookRegistration | undefined> {
      const row = await ctx.db
        .selectFrom('webhooks')
        .selectAll()
        .where('method', '=', method.toUpperCase())
        .where('path', '=', normalizeWebhookPath(path))
        .executeTakeFirst();
      return row === undefined ? undefined : toWebhookRegistration(row);
    },

    async listWebhooks(): Promise<WebhookRegistration[]> {
      const rows = await ctx.db.selectFrom('webhooks').selectAll().orderBy('workflow_id').orderBy('method').orderBy('path').execute();
      return rows.map(toWebhookRegistration);
    },
  };
}
