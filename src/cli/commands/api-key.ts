import { parseArgs } from 'node:util';
import { openStore } from '../../adapters/open-store.js';
import { WeftError } from '../../core/errors/index.js';
import type { WeftConfig } from '../../config/config.js';
import type { Logger } from '../../logging/logger.js';
import type { ApiKeyRecord, Store } from '../../ports/store/types.js';
import { generateApiKey } from '../../server/auth/api-keys.js';
import { exitCodes, type CliIo } from '../io.js';

const DEFAULT_LABEL = 'cli';

/**
 * `weft api-key create [--label <text>] | list [--json] | delete <id>`: manages the keys of the HTTP API in the
 * store the server uses (same configuration), so a key can be made before the first start. `create` prints only
 * the key on stdout (scripts capture it); everything else said goes to stderr. Returns the exit code.
 */
export async function apiKeyCommand(args: string[], io: CliIo, config: WeftConfig, logger: Logger): Promise<number> {
  const [action, ...rest] = args;
  switch (action) {
    case 'create': {
      const { values } = parseArgs({ args: rest, options: { label: { type: 'string', default: DEFAULT_LABEL } } });
      const label = values.label.trim();
      if (label === '') throw new WeftError('WEFT_E_INVALID_ARGUMENT', 'weft api-key create: --label must not be empty', {});
      const { key, hash } = generateApiKey();
      const record = await withStore(config, logger, (store) => store.createApiKey({ label, hash }));
      io.stdout(`${key}\n`);
      io.stderr(`Created API key ${record.id} (${record.label}). It is shown only now: keep it somewhere safe.\n`);
      return exitCodes.ok;
    }
    case 'list': {
      const { values } = parseArgs({ args: rest, options: { json: { type: 'boolean', default: false } } });
      const keys = await withStore(config, logger, (store) => store.listApiKeys());
      io.stdout(values.json ? `${JSON.stringify(keys.map(toJson), null, 2)}\n` : table(keys));
      return exitCodes.ok;
    }
    case 'delete': {
      const { positionals } = parseArgs({ args: rest, allowPositionals: true, options: {} });
      const [id, ...extra] = positionals;
      if (id === undefined || extra.length > 0) throw new WeftError('WEFT_E_INVALID_ARGUMENT', 'Usage: weft api-key delete <id>', {});
      const deleted = await withStore(config, logger, (store) => store.deleteApiKey(id));
      if (!deleted) throw new WeftError('WEFT_E_NOT_FOUND', `API key ${id} does not exist (see weft api-key list)`, { apiKeyId: id });
      io.stderr(`Deleted API key ${id}.\n`);
      return exitCodes.ok;
    }
    default:
      throw new WeftError(
        'WEFT_E_INVALID_ARGUMENT',
        `Unknown api-key action ${action === undefined ? '(none)' : `"${action}"`}; use create, list or delete`,
        { action: action ?? null },
      );
  }
}

/** Opens the configured store, runs `work`, and always closes it. */
async function withStore<T>(config: WeftConfig, logger: Logger, work: (store: Store) => Promise<T>): Promise<T> {
  const opened = await openStore(config, logger);
  try {
    return await work(opened.store);
  } finally {
    await opened.close();
  }
}

function iso(time: number | undefined): string {
  return time === undefined ? 'never' : new Date(time).toISOString();
}

function toJson(record: ApiKeyRecord): { id: string; label: string; createdAt: string; lastUsedAt: string | null } {
  return { id: record.id, label: record.label, createdAt: iso(record.createdAt), lastUsedAt: record.lastUsedAt === undefined ? null : iso(record.lastUsedAt) };
}

/** Tab-separated rows under a header (labels are user text: tabs and newlines in them are flattened). */
function table(keys: readonly ApiKeyRecord[]): string {
  const rows = keys.map((key) => [key.id, key.label.replace(/[\t\r\n]+/g, ' '), iso(key.createdAt), iso(key.lastUsedAt)].join('\t'));
  return `${['ID', 'LABEL', 'CREATED', 'LAST USED'].join('\t')}\n${rows.map((row) => `${row}\n`).join('')}`;
}
