/** Command-line options of the store benchmark. */
export interface BenchArgs {
  /** Rows of history for the list-latency measure (default 1,000,000). */
  readonly rows: number;
  /** Skip the 10M-row PostgreSQL measure. */
  readonly skip10m: boolean;
  /** Keep the PostgreSQL database and the SQLite file (their names are printed). */
  readonly keep: boolean;
  /** Execution records written and finished by the throughput measure, per store (default 50,000). */
  readonly executions: number;
  /** Executions per createExecutions / finishExecutions transaction (default 250). */
  readonly batch: number;
  /** Concurrent writers (default 8). */
  readonly writers: number;
  /** Timed pages per list measure (default 200). */
  readonly samples: number;
  /** Which stores to measure (default both). */
  readonly stores: ReadonlyArray<'sqlite' | 'postgres'>;
  /** L2 cache for the cache-hit measure (default redis://127.0.0.1:6379; `none` measures L1 only). */
  readonly redisUrl: string | undefined;
}

const usage = 'usage: node dist/bench/store/run.js [--rows N] [--skip-10m] [--keep] [--executions N] [--batch N] [--writers N] [--samples N] [--only sqlite|postgres] [--redis URL|none]';

/** Parses `argv` (without node and the script); throws with the usage on anything unknown. */
export function parseArgs(argv: readonly string[]): BenchArgs {
  const args = {
    rows: 1_000_000,
    skip10m: false,
    keep: false,
    executions: 50_000,
    batch: 250,
    writers: 8,
    samples: 200,
    stores: ['sqlite', 'postgres'] as Array<'sqlite' | 'postgres'>,
    redisUrl: 'redis://127.0.0.1:6379' as string | undefined,
  };
  const count = (name: string, value: string | undefined): number => {
    const parsed = Number(value?.replaceAll('_', ''));
    if (!Number.isInteger(parsed) || parsed <= 0) throw new Error(`${name} needs a positive whole number, got "${value ?? ''}"\n${usage}`);
    return parsed;
  };
  for (let index = 0; index < argv.length; index++) {
    const flag = argv[index];
    const value = (): string | undefined => argv[++index];
    switch (flag) {
      case '--rows': args.rows = count(flag, value()); break;
      case '--skip-10m': args.skip10m = true; break;
      case '--keep': args.keep = true; break;
      case '--executions': args.executions = count(flag, value()); break;
      case '--batch': args.batch = count(flag, value()); break;
      case '--writers': args.writers = count(flag, value()); break;
      case '--samples': args.samples = count(flag, value()); break;
      case '--only': {
        const store = value();
        if (store !== 'sqlite' && store !== 'postgres') throw new Error(`--only takes sqlite or postgres, got "${store ?? ''}"\n${usage}`);
        args.stores = [store];
        break;
      }
      case '--redis': {
        const url = value();
        args.redisUrl = url === 'none' ? undefined : url;
        break;
      }
      default:
        throw new Error(`Unknown option "${flag ?? ''}"\n${usage}`);
    }
  }
  return args;
}
