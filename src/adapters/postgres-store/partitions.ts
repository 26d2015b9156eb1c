import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

/**
 * Time partitions of the execution history.
 *
 * Daily partitions: retention is usually counted in days (n8n's default keeps 14), so a day is the finest
 * granularity a policy needs and whole days can be dropped without row-by-row deletes; at the target rate
 * (thousands of executions a second) a month would be hundreds of millions of rows in one partition, too
 * coarse to drop cheaply. A year of history is ~365 partitions per table, which PostgreSQL 15 prunes at plan
 * time without trouble because every lookup carries `created_at` (derived from the time-ordered id).
 *
 * There is deliberately no DEFAULT partition: with one, `DETACH PARTITION … CONCURRENTLY` is refused and
 * retention would need an ACCESS EXCLUSIVE lock on the parent, blocking writers. Instead a write makes sure its
 * day exists first (cached per process) and, should another process have raced it, creates the day and retries.
 */
export const partitionedTables = ['executions', 'execution_data', 'execution_checkpoints'] as const;

export const DAY_MS = 86_400_000;
const PARTITION_LOCK = 0x77656674_01; // 'weft' + 1: serialises partition DDL across processes

/** The UTC midnight at or before `ms`. */
export function dayStart(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

function suffix(day: number): string {
  return `p${new Date(day).toISOString().slice(0, 10).replaceAll('-', '')}`;
}

/** The partition of `table` holding the UTC day starting at `day`, e.g. `executions_p20261127`. */
export function partitionName(table: string, day: number): string {
  return `${table}_${suffix(day)}`;
}

/** True for PostgreSQL's "no partition of relation … found for row" (a write outside every partition). */
export function isMissingPartition(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === '23514' && /no partition of relation/i.test(error instanceof Error ? error.message : '');
}

/** The oldest and newest day (UTC midnights) that have an `executions` partition. */
export interface PartitionSpan {
  readonly oldest: number;
  readonly newest: number;
}

/** How long a looked-up span is trusted: other processes create days ahead and drop old ones meanwhile. */
const SPAN_TTL_MS = 60_000;

/** Creates daily partitions and remembers which exist, so the hot write path only checks a Set. */
export class PartitionManager {
  private readonly known = new Set<number>();
  private cachedSpan: { span: PartitionSpan | undefined; until: number } | undefined;

  /** Makes sure the partitions for every day touched by `times` exist. */
  async ensureFor(db: Kysely<Database>, times: Iterable<number>): Promise<void> {
    const missing = new Set<number>();
    for (const time of times) {
      const day = dayStart(time);
      if (!this.known.has(day)) missing.add(day);
    }
    if (missing.size === 0) return;
    // Another process may have made them: look before taking the DDL lock (it is needed only for new days).
    for (const day of await this.listDays(db)) {
      this.known.add(day);
      missing.delete(day);
    }
    if (missing.size > 0) await this.createDays(db, [...missing].sort((a, b) => a - b));
  }

  /** Creates the partitions of every day from `from` to `until` (inclusive). */
  async prepareRange(db: Kysely<Database>, from: number, until: number): Promise<void> {
    const days: number[] = [];
    for (let day = dayStart(from); day <= dayStart(until); day += DAY_MS) days.push(day);
    await this.ensureFor(db, days);
  }

  /** Days (UTC midnights) that have an `executions` partition, oldest first. */
  async listDays(db: Kysely<Database>): Promise<number[]> {
    const { rows } = await sql<{ name: string }>`
      select c.relname as name from pg_inherits i
      join pg_class c on c.oid = i.inhrelid
      join pg_class p on p.oid = i.inhparent
      join pg_namespace n on n.oid = p.relnamespace
      where p.relname = 'executions' and n.nspname = current_schema()`.execute(db);
    return rows
      .map((row) => /^executions_p(\d{4})(\d{2})(\d{2})$/.exec(row.name))
      .filter((match): match is RegExpExecArray => match !== null)
      .map((match) => Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])))
      .sort((a, b) => a - b);
  }

  /**
   * The span of existing days, from the catalogue at most SPAN_TTL_MS old (undefined: no partition at all). A hint
   * for sizing list windows: it may lag behind other processes' DDL, so callers must stay correct when it is stale.
   */
  async span(db: Kysely<Database>): Promise<PartitionSpan | undefined> {
    // Wall clock, not the store's (possibly fake) clock: this measures the cache's age.
    const now = Date.now();
    if (this.cachedSpan !== undefined && this.cachedSpan.until > now) return this.cachedSpan.span;
    const days = await this.listDays(db);
    const oldest = days[0];
    const newest = days[days.length - 1];
    const span = oldest === undefined || newest === undefined ? undefined : { oldest, newest };
    this.cachedSpan = { span, until: now + SPAN_TTL_MS };
    return span;
  }

  /** Forgets the day holding `time` (after it was dropped) so a later write to it recreates it. */
  forget(time: number): void {
    this.known.delete(dayStart(time));
    this.cachedSpan = undefined;
  }

  /**
   * Creates whatever is missing of the days holding `times`, in every history table, without trusting the
   * cache or the `executions` listing (a retention run killed half-way can leave a day without its data
   * partition). Used after a write hit a missing partition.
   */
  async repair(db: Kysely<Database>, times: Iterable<number>): Promise<void> {
    await this.createDays(db, [...new Set([...times].map(dayStart))].sort((a, b) => a - b));
  }

  /** Creates the days' partitions of every history table in one transaction, serialised across processes. */
  private async createDays(db: Kysely<Database>, days: readonly number[]): Promise<void> {
    await db.transaction().execute(async (tx) => {
      await sql`select pg_advisory_xact_lock(${PARTITION_LOCK})`.execute(tx);
      const statements = days.flatMap((day) =>
        partitionedTables.map(
          (table) => sql`create table if not exists ${sql.id(partitionName(table, day))} partition of ${sql.id(table)}
            for values from (${sql.lit(day)}) to (${sql.lit(day + DAY_MS)})`,
        ),
      );
      for (const statement of statements) await statement.execute(tx);
    });
    for (const day of days) this.known.add(day);
    this.cachedSpan = undefined;
  }
}
