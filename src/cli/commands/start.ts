import { parseArgs } from 'node:util';
import { loadConfig } from '../../config/config.js';
import { WeftError } from '../../core/errors/index.js';
import { createLogger, type Logger } from '../../logging/logger.js';
import { handleShutdownSignals, type SignalTarget } from '../../server/lifecycle/shutdown-signals.js';
import { startWeft, type WeftRole } from '../../server/lifecycle/start-weft.js';
import { describeUserError, exitCodes, type CliIo } from '../io.js';

/** What `weft start` needs from the process besides its output; injected so tests can drive it in-process. */
export interface StartProcess {
  readonly signals: SignalTarget;
  /** Ends the process at once (the second signal). */
  readonly exit: (code: number) => never;
}

/**
 * `weft start` (= `npm start`; orchestrator and engine in one process), `weft orchestrator` (API and triggers) and
 * `weft engine [--concurrency N]` (runs queued executions): serves until SIGTERM/SIGINT, then shuts down gracefully
 * and returns 0. A second signal exits at once (running executions stay queued and are resumed by an engine).
 * Every startup failure — invalid settings, the database down, the port taken — is one line on stderr and exit
 * code 1, without a stack trace. A broker that is down at start is waited for (logged), not a failure.
 *
 * @example
 * process.exitCode = await startCommand([], io);
 * process.exitCode = await startCommand(['--concurrency', '20'], io, undefined, 'engine');
 */
export async function startCommand(
  args: string[],
  io: CliIo,
  proc: StartProcess = { signals: process, exit: (code) => process.exit(code) },
  role: WeftRole = 'all',
): Promise<number> {
  let weft: Awaited<ReturnType<typeof startWeft>>;
  let logger: Logger | undefined;
  // A signal while starting (waiting for the broker) stops the start.
  const starting = new AbortController();
  const disposeStartSignals = handleShutdownSignals(proc.signals, {
    onFirst: () => starting.abort(new WeftError('WEFT_E_SHUTTING_DOWN', 'stopped by a signal while starting', {})),
    onSecond: () => proc.exit(exitCodes.failed),
  });
  try {
    const { positionals, values } = parseArgs({
      args,
      allowPositionals: true,
      options: role === 'orchestrator' ? {} : { concurrency: { type: 'string' } },
    });
    const command = role === 'all' ? 'start' : role;
    if (positionals.length > 0) throw new WeftError('WEFT_E_INVALID_ARGUMENT', `weft ${command} takes no arguments, got ${positionals.join(' ')}`, { positionals });
    const concurrency = parseConcurrency((values as { concurrency?: string }).concurrency);
    const config = loadConfig(io.env);
    logger = createLogger({ level: config.logLevel });
    weft = await startWeft(config, logger, { role, signal: starting.signal, ...(concurrency !== undefined ? { concurrency } : {}) });
  } catch (error) {
    disposeStartSignals();
    if (starting.signal.aborted) {
      logger?.info('stopped before the start completed');
      return exitCodes.ok;
    }
    io.stderr(`Weft could not start: ${oneLine(describeUserError(error))}\n`);
    return exitCodes.failed;
  }
  disposeStartSignals();
  const log = logger;
  const stopped = new Promise<number>((resolve) => {
    const dispose = handleShutdownSignals(proc.signals, {
      onFirst: (signal) => {
        log.info({ signal }, 'shutdown requested; send the signal again to stop at once');
        weft.shutdown().then(
          () => {
            dispose();
            resolve(exitCodes.ok);
          },
          (error: unknown) => {
            dispose();
            log.error({ error: oneLine(describeUserError(error)) }, 'shutdown failed');
            resolve(exitCodes.failed);
          },
        );
      },
      onSecond: (signal) => {
        // Running executions are not lost: their jobs stay unacknowledged in the queue, and an engine resumes them
        // from their checkpoints.
        log.warn({ signal, running: weft.worker?.active ?? 0 }, 'signal received again: stopping now; running executions will be resumed from the queue');
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
  const what = role === 'engine' ? 'Weft engine' : role === 'orchestrator' ? 'Weft orchestrator' : 'Weft';
  io.stdout(`${what} is running at ${weft.url}  (store: ${weft.storeLocation}, queue: ${weft.queueLocation})\n${keyBlock}`);
  return stopped;
}

function parseConcurrency(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isInteger(value) || value < 1 || value > 10_000) {
    throw new WeftError('WEFT_E_INVALID_ARGUMENT', `--concurrency must be a whole number from 1 to 10000, got "${raw}"`, { concurrency: raw });
  }
  return value;
}

/** Multi-line messages (all invalid settings at once) folded into the one line a service log shows. */
function oneLine(text: string): string {
  return text.replace(/\s*\n\s*(?:-\s*)?/g, '; ').replace(/:;/g, ':');
}
