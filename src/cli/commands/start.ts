import { parseArgs } from 'node:util';
import { loadConfig } from '../../config/config.js';
import { WeftError } from '../../core/errors/index.js';
import { createLogger, type Logger } from '../../logging/logger.js';
import { handleShutdownSignals, type SignalTarget } from '../../server/lifecycle/shutdown-signals.js';
import { DEFAULT_DRAIN_DEADLINE_MS, startWeft } from '../../server/lifecycle/start-weft.js';
import { describeUserError, exitCodes, type CliIo } from '../io.js';

/** What `weft start` needs from the process besides its output; injected so tests can drive it in-process. */
export interface StartProcess {
  readonly signals: SignalTarget;
  /** Ends the process at once (the second signal). */
  readonly exit: (code: number) => never;
}

/**
 * `weft start` (= `npm start`): runs the server until SIGTERM/SIGINT, then shuts down gracefully and returns 0.
 * A second signal exits at once. Every startup failure — invalid settings, the database down, the port taken — is
 * one line on stderr and exit code 1, without a stack trace.
 *
 * @example
 * process.exitCode = await startCommand([], io);
 */
export async function startCommand(args: string[], io: CliIo, proc: StartProcess = { signals: process, exit: (code) => process.exit(code) }): Promise<number> {
  let weft: Awaited<ReturnType<typeof startWeft>>;
  let logger: Logger;
  try {
    const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
    if (positionals.length > 0) throw new WeftError('WEFT_E_INVALID_ARGUMENT', `weft start takes no arguments, got ${positionals.join(' ')}`, { positionals });
    const config = loadConfig(io.env);
    logger = createLogger({ level: config.logLevel });
    weft = await startWeft(config, logger);
  } catch (error) {
    io.stderr(`Weft could not start: ${oneLine(describeUserError(error))}\n`);
    return exitCodes.failed;
  }
  const stopped = new Promise<number>((resolve) => {
    const dispose = handleShutdownSignals(proc.signals, {
      onFirst: (signal) => {
        logger.info({ signal, deadlineMs: DEFAULT_DRAIN_DEADLINE_MS }, 'shutdown requested; send the signal again to stop at once');
        weft.shutdown().then(
          () => {
            dispose();
            resolve(exitCodes.ok);
          },
          (error: unknown) => {
            dispose();
            logger.error({ error: oneLine(describeUserError(error)) }, 'shutdown failed');
            resolve(exitCodes.failed);
          },
        );
      },
      onSecond: (signal) => {
        // Running executions are canceled so that those able to record it do; their rows are durable already
        // and crash recovery takes over the rest.
        const canceled = weft.cancelAll();
        logger.warn({ signal, canceled }, 'signal received again: stopping now');
        proc.exit(exitCodes.failed);
      },
    });
  });
  // One write, so a reader that waits for the URL line has the key block too.
  const keyBlock =
    weft.firstApiKey === undefined
      ? ''
      : `\nFirst start: created an API key. It is shown only this once — store it now:\n\n  X-WEFT-API-KEY: ${weft.firstApiKey}\n\n` +
        `Send it in the X-WEFT-API-KEY header; create more with \`weft api-key create\`.\n`;
  io.stdout(`Weft is running at ${weft.url}  (store: ${weft.storeLocation})\n${keyBlock}`);
  return stopped;
}

/** Multi-line messages (all invalid settings at once) folded into the one line a service log shows. */
function oneLine(text: string): string {
  return text.replace(/\s*\n\s*(?:-\s*)?/g, '; ').replace(/:;/g, ':');
}
