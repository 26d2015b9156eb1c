import { parseArgs } from 'node:util';
import { WeftError } from '../../core/errors/index.js';
import { assertValidWorkflow } from '../../core/validation/index.js';
import type { WeftConfig } from '../../config/config.js';
import type { Logger } from '../../logging/logger.js';
import { createEngine } from '../../runtime/engine.js';
import { exitCodes, type CliIo } from '../io.js';
import { loadWorkflowFile } from './load-workflow.js';
import { parseInputItems } from './parse-items.js';

/** `weft run <file>`: validate, run from the manual trigger, print the result. Returns the exit code. */
export async function runCommand(args: string[], io: CliIo, config: WeftConfig, logger: Logger): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      input: { type: 'string' },
      pretty: { type: 'boolean', default: false },
      workflow: { type: 'string' },
      'no-pin-data': { type: 'boolean', default: false },
    },
  });
  if (positionals.length !== 1) {
    throw new WeftError('WEFT_E_INVALID_ARGUMENT', `weft run takes exactly one workflow file, got ${positionals.length}`, { positionals });
  }
  const startItems = values.input === undefined ? undefined : parseInputItems(values.input);
  const workflow = await loadWorkflowFile(positionals[0]!, io.cwd, values.workflow);
  const engine = createEngine(config, logger);
  try {
    assertValidWorkflow(workflow, engine.registry);
    const result = await engine.execute(workflow, {
      startItems,
      pinData: values['no-pin-data'] ? undefined : workflow.pinData,
      mode: 'cli',
    });
    io.stdout(`${JSON.stringify(result, null, values.pretty ? 2 : undefined)}\n`);
    if (result.status === 'success') return exitCodes.ok;
    const error = result.data.resultData.error;
    const where = error?.node ? `Node "${error.node}" failed: ` : 'The workflow failed: ';
    io.stderr(`${where}${error?.message ?? result.status}${error?.description ? `\n  ${error.description}` : ''}\n`);
    return exitCodes.failed;
  } finally {
    await engine.close();
  }
}
