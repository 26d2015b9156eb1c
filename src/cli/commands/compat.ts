import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { WeftError } from '../../core/errors/index.js';
import type { WeftConfig } from '../../config/config.js';
import type { Logger } from '../../logging/logger.js';
import { runCompat } from '../../compat/run-compat.js';
import { createVirtualClock } from '../../runtime/clock.js';
import { createEngine } from '../../runtime/engine.js';
import { exitCodes, type CliIo } from '../io.js';

/**
 * `weft compat <dir>`: runs every n8n workflow fixture under `dir`, one line per file, then `N passed, N failed`.
 * With `--known-failures <file>` (JSON: `{ "<relative path>": "<reason>" }`), listed failures are reported as
 * `known` and do not fail the run, while a listed file that passes does (the list may only shrink).
 */
export async function compatCommand(args: string[], io: CliIo, config: WeftConfig, logger: Logger): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { 'known-failures': { type: 'string' } } });
  if (positionals.length !== 1) throw new WeftError('WEFT_E_INVALID_ARGUMENT', 'weft compat takes exactly one folder');
  // n8n's fixtures assume a server running in UTC (dates without a zone are parsed as UTC).
  process.env.TZ = 'UTC';
  const known = values['known-failures'] ? await readKnownFailures(resolve(io.cwd, values['known-failures'])) : {};
  const engine = createEngine(config, logger, { clock: createVirtualClock() });
  let passed = 0;
  let failed = 0;
  let knownFailures = 0;
  try {
    await runCompat(resolve(io.cwd, positionals[0]!), engine.registry, (workflow) => engine.execute(workflow, { mode: 'manual' }), (line) => {
      const reason = known[line.file];
      if (line.ok && reason === undefined) {
        passed++;
        io.stdout(`ok ${line.file}\n`);
      } else if (line.ok) {
        failed++;
        io.stdout(`FAIL ${line.file}: passes now but is listed as a known failure (${reason}); remove it from the list\n`);
      } else if (reason !== undefined) {
        knownFailures++;
        io.stdout(`known ${line.file}: ${line.reason}\n`);
      } else {
        failed++;
        io.stdout(`FAIL ${line.file}: ${line.reason}\n`);
      }
    });
  } finally {
    await engine.close();
  }
  if (knownFailures > 0) io.stdout(`(${knownFailures} known failures, listed with their reasons, not counted)\n`);
  io.stdout(`${passed} passed, ${failed} failed\n`);
  return failed === 0 ? exitCodes.ok : exitCodes.failed;
}

async function readKnownFailures(path: string): Promise<Record<string, string>> {
  const parsed: unknown = JSON.parse(await readFile(path, 'utf8'));
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new WeftError('WEFT_E_INVALID_ARGUMENT', `${path} must be a JSON object mapping fixture paths to reasons`);
  }
  return parsed as Record<string, string>;
}
