import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { openStore } from '../../adapters/open-store.js';
import { WeftError } from '../../core/errors/index.js';
import type { WeftConfig } from '../../config/config.js';
import type { Logger } from '../../logging/logger.js';
import { exitCodes, type CliIo } from '../io.js';
import { exportWorkflows } from '../workflow-files/index.js';

/**
 * `weft export [--id <id>] [--output <file>] [--pretty]`: writes all workflows (or one) as an n8n JSON array, like
 * `n8n export:workflow`, to the file or stdout. Returns the exit code.
 */
export async function exportCommand(args: string[], io: CliIo, config: WeftConfig, logger: Logger): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { id: { type: 'string' }, output: { type: 'string' }, pretty: { type: 'boolean', default: false }, all: { type: 'boolean', default: false } },
  });
  if (positionals.length > 0) {
    throw new WeftError('WEFT_E_INVALID_ARGUMENT', `weft export takes no file argument (use --output <file>), got ${positionals.join(' ')}`, { positionals });
  }
  if (values.all && values.id !== undefined) throw new WeftError('WEFT_E_INVALID_ARGUMENT', 'weft export: --all and --id exclude each other', {});
  const opened = await openStore(config, logger);
  let text: string;
  try {
    const documents = await exportWorkflows(opened.store, values.id !== undefined ? { id: values.id } : {});
    text = `${JSON.stringify(documents, null, values.pretty ? 2 : undefined)}\n`;
  } finally {
    await opened.close();
  }
  if (values.output === undefined) {
    io.stdout(text);
  } else {
    const path = resolve(io.cwd, values.output);
    try {
      await writeFile(path, text);
    } catch (error) {
      const code = (error as { code?: string }).code;
      throw new WeftError('WEFT_E_INVALID_ARGUMENT', `Cannot write ${values.output}: ${code ?? 'unknown error'}`, { path: values.output });
    }
    io.stderr(`Exported to ${values.output}\n`);
  }
  return exitCodes.ok;
}
