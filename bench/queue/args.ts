/** The setups the queue benchmark knows, in the order they run. */
export const SETUP_NAMES = ['rabbitmq-1', 'rabbitmq-2', 'embedded-1', 'embedded-2'] as const;
export type SetupName = (typeof SETUP_NAMES)[number];

/** Command-line options of the queue benchmark. */
export interface QueueBenchArgs {
  /** Executions published by the throughput measure, per setup (default 5,000). */
  readonly executions: number;
  /** Executions each engine runs at once (its queue prefetch; default 64). */
  readonly concurrency: number;
  /** Most executions the publisher has waiting for their publish confirm (default 512). */
  readonly inFlight: number;
  /** How long the steady-rate latency measure publishes (default 5 s). */
  readonly latencySeconds: number;
  /** Executions run first, uncounted, so every process has compiled its hot paths (default 500). */
  readonly warmup: number;
  /** Which setups to run (default all four). */
  readonly setups: readonly SetupName[];
  /** RabbitMQ for the `rabbitmq-*` setups (default amqp://guest:guest@127.0.0.1:5672). */
  readonly amqpUrl: string;
  /** Extra `node` flags for the engine child processes, e.g. `--cpu-prof` (default none). */
  readonly engineNodeFlags: readonly string[];
}

const usage =
  'usage: node dist/bench/queue/run.js [--executions N] [--concurrency N] [--in-flight N] [--latency-seconds N] [--warmup N] ' +
  `[--only ${SETUP_NAMES.join(',')}] [--amqp URL] [--engine-node-flags "--cpu-prof --cpu-prof-dir=/tmp/prof"]`;

/**
 * Parses `argv` (without node and the script); throws with the usage on anything unknown.
 *
 * @example
 * parseArgs(['--only', 'embedded-1', '--executions', '2000']).setups; // ['embedded-1']
 */
export function parseArgs(argv: readonly string[]): QueueBenchArgs {
  const args = {
    executions: 5_000,
    concurrency: 64,
    inFlight: 512,
    latencySeconds: 5,
    warmup: 500,
    setups: [...SETUP_NAMES] as SetupName[],
    amqpUrl: 'amqp://guest:guest@127.0.0.1:5672',
    engineNodeFlags: [] as string[],
  };
  const count = (name: string, value: string | undefined, min = 1): number => {
    const parsed = Number(value?.replaceAll('_', ''));
    if (!Number.isInteger(parsed) || parsed < min) throw new Error(`${name} needs a whole number >= ${min}, got "${value ?? ''}"\n${usage}`);
    return parsed;
  };
  for (let index = 0; index < argv.length; index++) {
    const flag = argv[index];
    const value = (): string | undefined => argv[++index];
    switch (flag) {
      case '--executions': args.executions = count(flag, value()); break;
      case '--concurrency': args.concurrency = count(flag, value()); break;
      case '--in-flight': args.inFlight = count(flag, value()); break;
      case '--latency-seconds': args.latencySeconds = count(flag, value()); break;
      case '--warmup': args.warmup = count(flag, value(), 0); break;
      case '--only': args.setups = parseSetups(value() ?? ''); break;
      case '--amqp': args.amqpUrl = value() ?? ''; break;
      case '--engine-node-flags': args.engineNodeFlags = (value() ?? '').split(/\s+/).filter((part) => part !== ''); break;
      default:
        throw new Error(`Unknown option "${flag ?? ''}"\n${usage}`);
    }
  }
  return args;
}

function parseSetups(list: string): SetupName[] {
  const names = list.split(',').map((name) => name.trim()).filter((name) => name !== '');
  const unknown = names.filter((name) => !(SETUP_NAMES as readonly string[]).includes(name));
  if (names.length === 0 || unknown.length > 0) throw new Error(`--only takes a comma-separated list of ${SETUP_NAMES.join(', ')}; got "${list}"\n${usage}`);
  // Kept in the canonical order, so a run's table always reads the same way.
  return SETUP_NAMES.filter((name) => names.includes(name));
}
