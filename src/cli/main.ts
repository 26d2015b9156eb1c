#!/usr/bin/env node
import { loadConfig } from '../config/config.js';
import { createLogger } from '../logging/logger.js';
import { apiKeyCommand } from './commands/api-key.js';
import { compatCommand } from './commands/compat.js';
import { exportCommand } from './commands/export.js';
import { importCommand } from './commands/import.js';
import { runCommand } from './commands/run.js';
import { startCommand } from './commands/start.js';
import { describeUserError, exitCodes, type CliIo } from './io.js';
import { usageText } from './usage.js';

/**
 * The `weft` command line: the composition root that reads configuration and dispatches to a command.
 * Returns the exit code instead of exiting, so tests call it in-process.
 *
 * @example
 * const code = await main(['run', 'workflow.json'], io);
 */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
      io.stdout(usageText());
      return exitCodes.ok;
    }
    // The server reads its own configuration: every startup failure (bad settings too) is exit 1, as for a service.
    if (command === 'start') return await startCommand(rest, io);
    if (command === 'orchestrator' || command === 'engine') return await startCommand(rest, io, undefined, command);
    const config = loadConfig(io.env);
    const logger = createLogger({ level: config.logLevel });
    switch (command) {
      case 'run':
        return await runCommand(rest, io, config, logger);
      case 'compat':
        return await compatCommand(rest, io, config, logger);
      case 'api-key':
        return await apiKeyCommand(rest, io, config, logger);
      case 'import':
        return await importCommand(rest, io, config, logger);
      case 'export':
        return await exportCommand(rest, io, config, logger);
      default:
        io.stderr(`Unknown command "${command}".\n\n${usageText()}`);
        return exitCodes.invalid;
    }
  } catch (error) {
    io.stderr(`${describeUserError(error)}\n`);
    const parseArgsError = (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    return parseArgsError || isUserInputError(error) ? exitCodes.invalid : exitCodes.failed;
  }
}

function isUserInputError(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return (
    typeof code === 'string' &&
    ['WEFT_E_INVALID_JSON', 'WEFT_E_INVALID_WORKFLOW', 'WEFT_E_INVALID_ARGUMENT', 'WEFT_E_INVALID_CONFIG', 'WEFT_E_FILE_NOT_FOUND', 'WEFT_E_UNKNOWN_NODE_TYPE'].includes(code)
  );
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (invokedDirectly) {
  const io: CliIo = {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    cwd: process.cwd(),
  };
  main(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`${describeUserError(error)}\n`);
      process.exitCode = exitCodes.failed;
    },
  );
}
