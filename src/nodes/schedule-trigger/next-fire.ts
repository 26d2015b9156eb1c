import { Cron } from 'croner';
import type { ScheduleRule } from './rules.js';

/**
 * The first time strictly after `after` at which `rule` fires, with cron fields read as wall-clock time in
 * `timezone` (an IANA name). A wall time skipped by a DST change fires at the same time after the jump; a repeated
 * one fires once. Interval rules count from `anchor` (the activation time). Undefined when the rule never fires
 * again (a cron expression naming a date in the past).
 *
 * @example
 * nextFireTime({ kind: 'cron', expression: '0 0 9 * * *' }, new Date('2026-03-08T00:00:00Z'), 'America/New_York');
 * // → 2026-03-08T13:00:00.000Z (9:00 EDT, the day clocks moved forward)
 */
export function nextFireTime(rule: ScheduleRule, after: Date, timezone: string, anchor: Date = after): Date | undefined {
  if (rule.kind === 'interval') {
    const elapsed = after.getTime() - anchor.getTime();
    const periods = elapsed < 0 ? 0 : Math.floor(elapsed / rule.ms) + 1;
    return new Date(anchor.getTime() + periods * rule.ms);
  }
  return new Cron(rule.expression, { timezone, paused: true }).nextRun(after) ?? undefined;
}

/** Throws when the rule's expression or the time zone is invalid (checked on activation, before any timer). */
export function checkRule(rule: ScheduleRule, timezone: string): void {
  if (rule.kind === 'cron') new Cron(rule.expression, { timezone, paused: true }).nextRun();
}
