import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { openStore } from '../../adapters/open-store.js';
import { WeftError } from '../../core/errors/index.js';
import { parseWorkflowText } from '../../core/model/parse.js';
import type { WeftConfig } from '../../config/config.js';
import type { Logger } from '../../logging/logger.js';
import { exitCodes, type CliIo } from '../io.js';
import { importWorkflows } from '../workflow-files/index.js';

/**
 * `weft import <file>` (also `--input <file>`, n8n's spelling): saves the workflow or array of workflows in the
 * file to the configured store, keeping given ids. Prints one line per workflow. Returns the exit code.
 */
export async function importCommand(args: string[], io: CliIo, config: WeftConfig, logger: Logger): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { input: { type: 'string' } } });
  const files = [...positionals, ...(values.input !== undefined ? [values.input] : [])];
  if (files.length !== 1) {
    throw new WeftError('WEFT_E_INVALID_ARGUMENT', `weft import takes exactly one file, got ${files.length}`, { files });
  }
  const path = files[0]!;
  let text: string;
  try {
    text = await readFile(resolve(io.cwd, path), 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new WeftError('WEFT_E_FILE_NOT_FOUND', code === 'ENOENT' ? `No such file: ${path}` : `Cannot read ${path}: ${code ?? 'unknown error'}`, { path });
  }
  const documents = parseWorkflowText(text, path);
  const opened = await openStore(config, logger);
  try {
    const results = await importWorkflows(opened.store, documents);
    for (const result of results) io.stdout(`${result.outcome} ${result.id} ${result.name}\n`);
    io.stdout(`Imported ${results.length} workflow${results.length === 1 ? '' : 's'} into ${opened.location}\n`);
    return exitCodes.ok;
  } finally {
    await opened.close();
  }
}
