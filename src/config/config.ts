import { WeftError } from '../core/errors/index.js';
import { logLevels, type LogLevel } from '../logging/logger.js';

/**
 * Weft's settings. This file is the one place where every `WEFT_*` environment variable is defined, documented
 * and validated; the README's configuration table mirrors it.
 */
export interface WeftConfig {
  /** WEFT_LOG_LEVEL: fatal|error|warn|info|debug|trace|silent (default info). */
  readonly logLevel: LogLevel;
  /** WEFT_MAX_PARALLEL_NODES: nodes of one execution running at once (default 16). */
  readonly maxParallelNodes: number;
  /** WEFT_PROCESS_NODE_SLOTS: nodes running at once across all executions of the process (default 256). */
  readonly processNodeSlots: number;
  /** WEFT_MAX_NODE_RUNS: node runs one execution may make before it is stopped as a runaway loop (default 100000). */
  readonly maxNodeRuns: number;
  /** WEFT_EXECUTION_TIMEOUT: seconds an execution may take; 0 = no limit (default 0). */
  readonly executionTimeoutSeconds: number;
  /** WEFT_CODE_MEMORY_MB: memory limit of one Code node sandbox in MB (default 128). */
  readonly codeMemoryMb: number;
  /** WEFT_CODE_TIMEOUT_MS: time limit of one Code node run in ms (default 10000). */
  readonly codeTimeoutMs: number;
  /** WEFT_DEFAULT_TIMEZONE: IANA time zone of workflows whose settings name none (default America/New_York, as n8n). */
  readonly defaultTimezone: string;
  /** WEFT_EXPRESSION_ENV_ALLOW: comma-separated environment variable names `$env` may read (default none: `$env` is refused). */
  readonly expressionEnvAllow: readonly string[];
}

interface Setting<K extends keyof WeftConfig> {
  readonly key: K;
  readonly env: string;
  readonly parse: (raw: string, env: string) => WeftConfig[K];
  readonly fallback: WeftConfig[K];
}

const integer = (min: number, max: number) => (raw: string, env: string): number => {
  const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new WeftError('WEFT_E_INVALID_CONFIG', `${env} must be a whole number from ${min} to ${max}, got "${raw}"`, { env });
  }
  return value;
};

const settings = [
  {
    key: 'logLevel',
    env: 'WEFT_LOG_LEVEL',
    fallback: 'info',
    parse: (raw: string, env: string): LogLevel => {
      if ((logLevels as readonly string[]).includes(raw)) return raw as LogLevel;
      throw new WeftError('WEFT_E_INVALID_CONFIG', `${env} must be one of ${logLevels.join(', ')}, got "${raw}"`, { env });
    },
  } satisfies Setting<'logLevel'>,
  { key: 'maxParallelNodes', env: 'WEFT_MAX_PARALLEL_NODES', fallback: 16, parse: integer(1, 10_000) } satisfies Setting<'maxParallelNodes'>,
  { key: 'processNodeSlots', env: 'WEFT_PROCESS_NODE_SLOTS', fallback: 256, parse: integer(1, 100_000) } satisfies Setting<'processNodeSlots'>,
  { key: 'maxNodeRuns', env: 'WEFT_MAX_NODE_RUNS', fallback: 100_000, parse: integer(1, 100_000_000) } satisfies Setting<'maxNodeRuns'>,
  { key: 'executionTimeoutSeconds', env: 'WEFT_EXECUTION_TIMEOUT', fallback: 0, parse: integer(0, 31_536_000) } satisfies Setting<'executionTimeoutSeconds'>,
  { key: 'codeMemoryMb', env: 'WEFT_CODE_MEMORY_MB', fallback: 128, parse: integer(8, 16_384) } satisfies Setting<'codeMemoryMb'>,
  { key: 'codeTimeoutMs', env: 'WEFT_CODE_TIMEOUT_MS', fallback: 10_000, parse: integer(10, 3_600_000) } satisfies Setting<'codeTimeoutMs'>,
  {
    key: 'defaultTimezone',
    env: 'WEFT_DEFAULT_TIMEZONE',
    fallback: 'America/New_York',
    parse: (raw: string, env: string): string => {
      try {
        new Intl.DateTimeFormat('en-US', { timeZone: raw });
        return raw;
      } catch {
        throw new WeftError('WEFT_E_INVALID_CONFIG', `${env} must be an IANA time zone such as Europe/Berlin or UTC, got "${raw}"`, { env });
      }
    },
  } satisfies Setting<'defaultTimezone'>,
  {
    key: 'expressionEnvAllow',
    env: 'WEFT_EXPRESSION_ENV_ALLOW',
    fallback: [],
    parse: (raw: string) => raw.split(',').map((name) => name.trim()).filter((name) => name.length > 0),
  } satisfies Setting<'expressionEnvAllow'>,
] as const;

/** Every documented variable with its default, for `weft --help` and the README. */
export const configVariables: ReadonlyArray<{ env: string; fallback: unknown }> = settings.map((s) => ({ env: s.env, fallback: s.fallback }));

/**
 * Reads and validates the configuration from environment variables. Every invalid variable is reported at once.
 *
 * @example
 * const config = loadConfig(process.env);
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): WeftConfig {
  const errors: string[] = [];
  const config: Record<string, unknown> = {};
  for (const setting of settings) {
    const raw = env[setting.env]?.trim();
    if (raw === undefined || raw === '') {
      config[setting.key] = setting.fallback;
      continue;
    }
    try {
      config[setting.key] = setting.parse(raw, setting.env);
    } catch (error) {
      errors.push(error instanceof Error ? error.message : String(error));
    }
  }
  const unknown = Object.keys(env).filter((name) => name.startsWith('WEFT_') && !settings.some((s) => s.env === name));
  for (const name of unknown) errors.push(`${name} is not a Weft setting (known: ${settings.map((s) => s.env).join(', ')})`);
  if (errors.length > 0) {
    throw new WeftError('WEFT_E_INVALID_CONFIG', `Invalid configuration:\n- ${errors.join('\n- ')}`, { errors });
  }
  return config as unknown as WeftConfig;
}
