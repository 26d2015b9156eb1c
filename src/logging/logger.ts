import { pino, destination, type Logger } from 'pino';

export type { Logger } from 'pino';

/** Log levels accepted by `WEFT_LOG_LEVEL`. */
export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof logLevels)[number];

/**
 * Creates Weft's structured JSON logger. Logs go to stderr so that stdout stays free for command output
 * (`weft run` prints the result there). Credentials are redacted wherever they appear in a log object.
 *
 * @example
 * const logger = createLogger({ level: 'info' });
 * logger.info({ executionId }, 'execution finished');
 */
export function createLogger(options: { level?: LogLevel; name?: string } = {}): Logger {
  return pino(
    {
      name: options.name ?? 'weft',
      level: options.level ?? 'info',
      redact: { paths: ['*.password', '*.apiKey', '*.token', '*.secret', 'credentials', '*.credentials', 'data.credentials'], censor: '[redacted]' },
    },
    destination({ dest: 2, sync: true }),
  );
}

/** A logger that drops everything (tests, benchmarks). */
export function createSilentLogger(): Logger {
  return pino({ level: 'silent' });
}
