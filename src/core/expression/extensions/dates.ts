import { DateTime, Duration } from 'luxon';
import type { DateTimeUnit, DurationLike, DurationUnit } from 'luxon';
import { ExtensionError, type ExtensionContext, type ExtensionTable } from './types.js';

/** n8n accepts singular and plural unit names (`day`, `days`). */
function unitOf(value: unknown, fallback: string): DurationUnit {
  const unit = typeof value === 'string' && value.length > 0 ? value : fallback;
  const plural = unit.endsWith('s') ? unit : `${unit}s`;
  const known = ['years', 'quarters', 'months', 'weeks', 'days', 'hours', 'minutes', 'seconds', 'milliseconds'];
  if (!known.includes(plural)) throw new ExtensionError(`Unsupported unit '${unit}'`);
  return plural as DurationUnit;
}

function singular(unit: DurationUnit): DateTimeUnit {
  return unit.slice(0, -1) as DateTimeUnit;
}

/** A luxon DateTime for a DateTime, JS Date, ISO string or epoch milliseconds. */
export function toDateTime(value: unknown, ctx: ExtensionContext): DateTime {
  if (DateTime.isDateTime(value)) return value;
  if (value instanceof Date) return DateTime.fromJSDate(value, { zone: ctx.timezone });
  if (typeof value === 'number') return DateTime.fromMillis(value, { zone: ctx.timezone });
  if (typeof value === 'string') return parseDateString(value, ctx);
  throw new ExtensionError('cannot convert to DateTime');
}

/** Parses a date string as n8n does: ISO, HTTP, RFC 2822, SQL, then the JS Date parser. */
export function parseDateString(value: string, ctx: ExtensionContext, format?: string): DateTime {
  const zone = { zone: ctx.timezone, setZone: false };
  if (format !== undefined) {
    const parsed = DateTime.fromFormat(value, format, zone);
    if (parsed.isValid) return parsed;
    throw new ExtensionError(`can't parse '${value}' with format '${format}'`);
  }
  for (const attempt of [DateTime.fromISO, DateTime.fromHTTP, DateTime.fromRFC2822, DateTime.fromSQL]) {
    const parsed = attempt(value, zone);
    if (parsed.isValid) return parsed.setZone(ctx.timezone);
  }
  const millis = Date.parse(value);
  if (!Number.isNaN(millis)) return DateTime.fromMillis(millis, { zone: ctx.timezone });
  throw new ExtensionError('cannot convert to DateTime');
}

function shift(sign: 1 | -1) {
  return (value: DateTime, args: readonly unknown[]): DateTime => {
    const [amount, unit] = args;
    if (typeof amount === 'number') {
      const duration: DurationLike = { [unitOf(unit, 'milliseconds')]: amount * sign };
      return value.plus(duration);
    }
    const like = (Duration.isDuration(amount) ? amount : (amount as DurationLike)) as Duration;
    return sign === 1 ? value.plus(like) : value.minus(like);
  };
}

const EXTRACT_PARTS: Record<string, (d: DateTime) => number> = {
  year: (d) => d.year,
  quarter: (d) => d.quarter,
  month: (d) => d.month,
  week: (d) => d.weekNumber,
  day: (d) => d.day,
  dayofyear: (d) => d.ordinal,
  weekday: (d) => d.weekday,
  hour: (d) => d.hour,
  minute: (d) => d.minute,
  second: (d) => d.second,
  millisecond: (d) => d.millisecond,
};

/** n8n's DateTime extensions (also applied to JS Dates, which are converted first). */
export const dateExtensions: ExtensionTable<DateTime> = {
  format: (value, [format]) => value.toFormat(typeof format === 'string' ? format : "yyyy-MM-dd'T'HH:mm:ss.SSSZZ"),
  plus: shift(1),
  minus: shift(-1),
  beginningOf: (value, [unit]) => value.startOf(singular(unitOf(unit, 'week'))),
  endOfMonth: (value) => value.endOf('month'),
  extract: (value, [part]) => {
    const key = (typeof part === 'string' ? part : 'week').toLowerCase().replace(/s$/, '');
    const read = EXTRACT_PARTS[key];
    if (!read) throw new ExtensionError(`extract(): unknown part '${String(part)}'`);
    return read(value);
  },
  isBetween: (value, [first, second], ctx) => {
    const a = toDateTime(first, ctx).toMillis();
    const b = toDateTime(second, ctx).toMillis();
    const t = value.toMillis();
    return t > Math.min(a, b) && t < Math.max(a, b);
  },
  isWeekend: (value) => value.weekday === 6 || value.weekday === 7,
  isDst: (value) => value.isInDST,
  isInLast: (value, [amount, unit], ctx) => {
    const now = DateTime.fromMillis(ctx.now, { zone: ctx.timezone });
    const since = now.minus({ [unitOf(unit, 'minutes')]: typeof amount === 'number' ? amount : 0 });
    return value >= since && value <= now;
  },
  toDateTime: (value) => value,
  diffTo: (value, [other, unit], ctx) => {
    const u = unitOf(unit, 'days');
    return value.diff(toDateTime(other, ctx), u).as(u);
  },
  diffToNow: (value, [unit], ctx) => {
    const u = unitOf(unit, 'days');
    return DateTime.fromMillis(ctx.now, { zone: ctx.timezone }).diff(value, u).as(u);
  },
  toInt: (value) => value.toMillis(),
  toNumber: (value) => value.toMillis(),
};

/** Names of DateTime extensions that replace Luxon's own method of the same name. */
export const DATE_OVERRIDES: ReadonlySet<string> = new Set(['plus', 'minus']);
