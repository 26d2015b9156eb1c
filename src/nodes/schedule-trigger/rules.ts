import type { NodeParameters } from '../../core/model/types.js';

/**
 * When a schedule node fires: a cron expression (6 fields, seconds first, read in the workflow's time zone) or a
 * fixed interval counted from activation (the legacy Interval node).
 */
export type ScheduleRule = { readonly kind: 'cron'; readonly expression: string } | { readonly kind: 'interval'; readonly ms: number };

/** The schedule node types and the parser of each one's parameters. */
export const SCHEDULE_NODE_TYPES: Readonly<Record<string, (parameters: NodeParameters) => ScheduleRule[]>> = {
  'n8n-nodes-base.scheduleTrigger': scheduleTriggerRules,
  'n8n-nodes-base.cron': cronNodeRules,
  'n8n-nodes-base.interval': intervalNodeRules,
};

const WEEKDAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/**
 * The rules of an n8n Schedule Trigger (`rule.interval[]`). Like n8n, intervals are wall-clock aligned cron
 * rules (every 15 minutes = minute 0, 15, 30, 45), not counted from activation.
 *
 * @example
 * scheduleTriggerRules({ rule: { interval: [{ field: 'minutes', minutesInterval: 15 }] } });
 * // → [{ kind: 'cron', expression: '0 *\/15 * * * *' }]
 */
export function scheduleTriggerRules(parameters: NodeParameters): ScheduleRule[] {
  const rule = record(parameters.rule);
  const intervals = Array.isArray(rule.interval) ? rule.interval : [{}];
  return intervals.map((entry) => scheduleTriggerRule(record(entry)));
}

function scheduleTriggerRule(entry: Record<string, unknown>): ScheduleRule {
  const field = typeof entry.field === 'string' ? entry.field : 'days';
  const minute = int(entry.triggerAtMinute, 0, 0, 59);
  const hour = int(entry.triggerAtHour, 0, 0, 23);
  switch (field) {
    case 'seconds':
      return cron(`*/${int(entry.secondsInterval, 30, 1, 59)} * * * * *`);
    case 'minutes':
      return cron(`0 */${int(entry.minutesInterval, 5, 1, 59)} * * * *`);
    case 'hours':
      return cron(`0 ${minute} */${int(entry.hoursInterval, 1, 1, 23)} * * *`);
    case 'days':
      return cron(`0 ${minute} ${hour} */${int(entry.daysInterval, 1, 1, 31)} * *`);
    case 'weeks': {
      const days = Array.isArray(entry.triggerAtDay) ? entry.triggerAtDay : [0];
      const list = days.map((day) => int(day, 0, 0, 6)).sort((a, b) => a - b);
      return cron(`0 ${minute} ${hour} * * ${[...new Set(list)].join(',')}`);
    }
    case 'months':
      return cron(`0 ${minute} ${hour} ${int(entry.triggerAtDayOfMonth, 1, 1, 31)} */${int(entry.monthsInterval, 1, 1, 12)} *`);
    case 'cronExpression':
      return cron(normalizeCron(String(entry.expression ?? '')));
    default:
      throw new Error(`Unknown schedule interval field "${field}"`);
  }
}

/** The rules of the legacy Cron node (`triggerTimes.item[]`). */
export function cronNodeRules(parameters: NodeParameters): ScheduleRule[] {
  const items = Array.isArray(record(parameters.triggerTimes).item) ? (record(parameters.triggerTimes).item as unknown[]) : [];
  return items.map((value) => {
    const item = record(value);
    const minute = int(item.minute, 0, 0, 59);
    const hour = int(item.hour, 0, 0, 23);
    switch (item.mode) {
      case 'everyMinute':
        return cron('0 * * * * *');
      case 'everyHour':
        return cron(`0 ${minute} * * * *`);
      case 'everyDay':
        return cron(`0 ${minute} ${hour} * * *`);
      case 'everyWeek':
        return cron(`0 ${minute} ${hour} * * ${weekday(item.weekday)}`);
      case 'everyMonth':
        return cron(`0 ${minute} ${hour} ${int(item.dayOfMonth, 1, 1, 31)} * *`);
      case 'everyX':
        return item.unit === 'hours' ? cron(`0 0 */${int(item.value, 2, 1, 23)} * * *`) : cron(`0 */${int(item.value, 2, 1, 59)} * * * *`);
      case 'custom':
        return cron(normalizeCron(String(item.cronExpression ?? '')));
      default:
        throw new Error(`Unknown cron trigger mode "${String(item.mode)}"`);
    }
  });
}

/** The rule of the legacy Interval node: every `interval` `unit`s from activation. */
export function intervalNodeRules(parameters: NodeParameters): ScheduleRule[] {
  const unitMs = parameters.unit === 'hours' ? 3_600_000 : parameters.unit === 'minutes' ? 60_000 : 1_000;
  const value = typeof parameters.interval === 'number' ? parameters.interval : Number(parameters.interval ?? 1);
  if (!Number.isFinite(value) || value <= 0) throw new Error('The interval must be a positive number');
  return [{ kind: 'interval', ms: Math.round(value * unitMs) }];
}

/** n8n accepts 5-field (minute first) and 6-field (seconds first) expressions; croner reads both the same way. */
function normalizeCron(expression: string): string {
  const trimmed = expression.trim().replace(/\s+/g, ' ');
  if (trimmed === '') throw new Error('The cron expression is empty');
  return trimmed.split(' ').length === 5 ? `0 ${trimmed}` : trimmed;
}

function weekday(value: unknown): string {
  if (typeof value === 'string' && WEEKDAY_NAMES.includes(value.toLowerCase().slice(0, 3))) return String(WEEKDAY_NAMES.indexOf(value.toLowerCase().slice(0, 3)));
  return String(int(value, 1, 0, 7) % 7);
}

function cron(expression: string): ScheduleRule {
  return { kind: 'cron', expression };
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** An integer parameter within bounds; n8n's editor stores numbers, imports sometimes strings. */
function int(value: unknown, fallback: number, min: number, max: number): number {
  const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : fallback;
  if (!Number.isInteger(number) || number < min || number > max) throw new Error(`Schedule value ${String(value)} is outside ${min}–${max}`);
  return number;
}
