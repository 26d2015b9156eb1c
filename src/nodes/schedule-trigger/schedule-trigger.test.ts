import { describe, expect, it } from 'vitest';
import { cronNodeRules, intervalNodeRules, scheduleTriggerRules, type ScheduleRule } from './rules.js';
import { checkRule, nextFireTime } from './next-fire.js';
import { scheduleItem } from './schedule-item.js';

/** The next `count` fire times after `from`, as ISO strings. */
function fires(rule: ScheduleRule, from: string, timezone: string, count: number): string[] {
  const out: string[] = [];
  let at = new Date(from);
  const anchor = at;
  for (let i = 0; i < count; i++) {
    const next = nextFireTime(rule, at, timezone, anchor);
    if (!next) break;
    out.push(next.toISOString());
    at = next;
  }
  return out;
}

function only(rules: ScheduleRule[]): ScheduleRule {
  expect(rules).toHaveLength(1);
  return rules[0] as ScheduleRule;
}

describe('schedule trigger rules', () => {
  it('maps every field of rule.interval to wall-clock aligned cron rules', () => {
    const rules = scheduleTriggerRules({
      rule: {
        interval: [
          { field: 'seconds', secondsInterval: 10 },
          { field: 'minutes', minutesInterval: 15 },
          { field: 'hours', hoursInterval: 6, triggerAtMinute: 5 },
          { field: 'days', daysInterval: 1, triggerAtHour: 9, triggerAtMinute: 30 },
          { field: 'weeks', triggerAtDay: [5, 1], triggerAtHour: 8 },
          { field: 'months', monthsInterval: 1, triggerAtDayOfMonth: 15, triggerAtHour: 7 },
          { field: 'cronExpression', expression: '*/5 * * * *' },
        ],
      },
    });
    expect(rules.map((rule) => (rule.kind === 'cron' ? rule.expression : rule.ms))).toEqual([
      '*/10 * * * * *',
      '0 */15 * * * *',
      '0 5 */6 * * *',
      '0 30 9 */1 * *',
      '0 0 8 * * 1,5',
      '0 0 7 15 */1 *',
      '0 */5 * * * *',
    ]);
  });

  it('maps the legacy cron modes and the interval node', () => {
    const rules = cronNodeRules({
      triggerTimes: {
        item: [
          { mode: 'everyMinute' },
          { mode: 'everyHour', minute: 10 },
          { mode: 'everyDay', hour: 14, minute: 0 },
          { mode: 'everyWeek', hour: 9, minute: 0, weekday: '3' },
          { mode: 'everyMonth', hour: 1, minute: 2, dayOfMonth: 28 },
          { mode: 'everyX', value: 20, unit: 'minutes' },
          { mode: 'everyX', value: 3, unit: 'hours' },
          { mode: 'custom', cronExpression: '0 0 12 * * 1-5' },
        ],
      },
    });
    expect(rules.map((rule) => (rule.kind === 'cron' ? rule.expression : rule.ms))).toEqual([
      '0 * * * * *',
      '0 10 * * * *',
      '0 0 14 * * *',
      '0 0 9 * * 3',
      '0 2 1 28 * *',
      '0 */20 * * * *',
      '0 0 */3 * * *',
      '0 0 12 * * 1-5',
    ]);
    expect(intervalNodeRules({ interval: 2, unit: 'minutes' })).toEqual([{ kind: 'interval', ms: 120_000 }]);
    expect(intervalNodeRules({ interval: 5 })).toEqual([{ kind: 'interval', ms: 5_000 }]);
  });

  it('refuses values out of range and bad expressions', () => {
    expect(() => scheduleTriggerRules({ rule: { interval: [{ field: 'hours', hoursInterval: 0 }] } })).toThrow(/outside/);
    expect(() => scheduleTriggerRules({ rule: { interval: [{ field: 'fortnights' }] } })).toThrow(/Unknown/);
    expect(() => intervalNodeRules({ interval: -1 })).toThrow(/positive/);
    expect(() => checkRule({ kind: 'cron', expression: '0 99 * * * *' }, 'UTC')).toThrow();
    expect(() => checkRule({ kind: 'cron', expression: '0 0 * * * *' }, 'Not/AZone')).toThrow();
  });
});

describe('next fire times in the workflow time zone', () => {
  it('fires a daily rule at the zone wall-clock time across the spring DST change (Berlin)', () => {
    const rule = only(scheduleTriggerRules({ rule: { interval: [{ field: 'days', triggerAtHour: 9, triggerAtMinute: 0 }] } }));
    // 2026-03-29: Berlin goes from +01:00 to +02:00 at 02:00.
    expect(fires(rule, '2026-03-27T12:00:00Z', 'Europe/Berlin', 3)).toEqual(['2026-03-28T08:00:00.000Z', '2026-03-29T07:00:00.000Z', '2026-03-30T07:00:00.000Z']);
  });

  it('fires a wall time skipped by DST once, just after the jump, and a repeated one once (New York)', () => {
    const skipped: ScheduleRule = { kind: 'cron', expression: '0 30 2 * * *' };
    // 2026-03-08 02:30 does not exist in New York.
    expect(fires(skipped, '2026-03-07T12:00:00Z', 'America/New_York', 3)).toEqual(['2026-03-08T07:30:00.000Z', '2026-03-09T06:30:00.000Z', '2026-03-10T06:30:00.000Z']);
    const repeated: ScheduleRule = { kind: 'cron', expression: '0 30 1 * * *' };
    // 2026-11-01 01:30 happens twice in New York; it fires once.
    const november = fires(repeated, '2026-10-31T12:00:00Z', 'America/New_York', 3);
    expect(new Set(november).size).toBe(3);
    expect(november[0]).toBe('2026-11-01T05:30:00.000Z');
    expect(november[1]).toBe('2026-11-02T06:30:00.000Z');
  });

  it('fires minutes, hours, weeks and months in the zone', () => {
    const minutes = only(scheduleTriggerRules({ rule: { interval: [{ field: 'minutes', minutesInterval: 15 }] } }));
    expect(fires(minutes, '2026-01-01T10:07:00Z', 'Asia/Kolkata', 2)).toEqual(['2026-01-01T10:15:00.000Z', '2026-01-01T10:30:00.000Z']);
    const hours = only(scheduleTriggerRules({ rule: { interval: [{ field: 'hours', hoursInterval: 6, triggerAtMinute: 5 }] } }));
    // Kolkata is +05:30: wall 06:05 is 00:35Z.
    expect(fires(hours, '2026-01-01T00:00:00Z', 'Asia/Kolkata', 2)).toEqual(['2026-01-01T00:35:00.000Z', '2026-01-01T06:35:00.000Z']);
    const weeks = only(scheduleTriggerRules({ rule: { interval: [{ field: 'weeks', triggerAtDay: [1], triggerAtHour: 8 }] } }));
    // 2026-01-05 is a Monday; Tokyo is +09:00.
    expect(fires(weeks, '2026-01-01T00:00:00Z', 'Asia/Tokyo', 2)).toEqual(['2026-01-04T23:00:00.000Z', '2026-01-11T23:00:00.000Z']);
    const months = only(scheduleTriggerRules({ rule: { interval: [{ field: 'months', triggerAtDayOfMonth: 15, triggerAtHour: 7 }] } }));
    expect(fires(months, '2026-01-20T00:00:00Z', 'UTC', 2)).toEqual(['2026-02-15T07:00:00.000Z', '2026-03-15T07:00:00.000Z']);
  });

  it('counts interval rules from the anchor', () => {
    const rule: ScheduleRule = { kind: 'interval', ms: 90_000 };
    const anchor = new Date('2026-01-01T00:00:10Z');
    expect(nextFireTime(rule, anchor, 'UTC', anchor)?.toISOString()).toBe('2026-01-01T00:01:40.000Z');
    expect(nextFireTime(rule, new Date('2026-01-01T00:01:40Z'), 'UTC', anchor)?.toISOString()).toBe('2026-01-01T00:03:10.000Z');
  });
});

describe('schedule item', () => {
  it('describes the fire time in the zone like n8n', () => {
    expect(scheduleItem(new Date('2026-07-01T10:00:05Z'), 'Europe/Berlin').json).toEqual({
      timestamp: '2026-07-01T12:00:05.000+02:00',
      'Readable date': 'July 1 2026, 12:00:05 PM',
      'Readable time': '12:00:05 PM',
      'Day of week': 'Wednesday',
      Year: '2026',
      Month: 'July',
      'Day of month': '01',
      Hour: '12',
      Minute: '00',
      Second: '05',
      Timezone: 'Europe/Berlin (UTC+02:00)',
    });
  });
});
