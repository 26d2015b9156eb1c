import { DateTime } from 'luxon';
import moment from 'moment-timezone';
import { NodeExecutionError } from '../../core/errors/index.js';
import { isLuxonDateTime } from './date-value.js';

moment.suppressDeprecationWarnings = true;

/** Timestamps with fewer digits than this are seconds, longer ones milliseconds (n8n's heuristic). */
const MILLISECOND_TIMESTAMP_DIGITS = 12;

/** How Date & Time v2 reads a date parameter. */
export interface ParseDateOptions {
  /** Zone of the result; also the zone assumed for input without an offset. Default `Etc/UTC`. */
  timezone?: string;
  /** Luxon format of the input. */
  fromFormat?: string;
}

/**
 * Reads a date the way n8n's Date & Time v2 does: Luxon DateTimes pass through unchanged; numbers and numeric
 * strings are Unix timestamps (seconds below 12 digits, milliseconds above; fractions are seconds); other strings
 * go through `fromFormat` or moment's lenient parser. A string carrying a `+hh` offset and no explicit zone keeps
 * that offset as its zone.
 */
export function parseDateV2(nodeName: string, input: unknown, options: ParseDateOptions = {}): DateTime {
  if (isLuxonDateTime(input)) return input;
  let value = input;
  if (!Number.isNaN(Number(value)) && !options.fromFormat) {
    value = Number(value);
    if (!Number.isInteger(value)) value = (value as number) * 1000;
  }
  let timezone = options.timezone;
  let parsed: DateTime;
  if (typeof value === 'number' && Number.isInteger(value)) {
    parsed = String(value).length < MILLISECOND_TIMESTAMP_DIGITS ? DateTime.fromSeconds(value) : DateTime.fromMillis(value);
  } else {
    if (!timezone) {
      // n8n calls `.includes` on the value here, so anything but a string fails with JavaScript's own message.
      if (typeof value !== 'string') throw new TypeError(describeMissingIncludes(value));
      if (value.includes('+')) timezone = `Etc/GMT-${Number((value.split('+')[1] ?? '').slice(0, 2))}`;
    }
    if (options.fromFormat) {
      parsed = DateTime.fromFormat(String(value), options.fromFormat);
    } else {
      const iso = moment(value as moment.MomentInput).toISOString();
      parsed = iso === null ? DateTime.invalid('unparsable') : DateTime.fromISO(iso);
    }
  }
  parsed = parsed.setZone(timezone || 'Etc/UTC');
  // Only unparsable input fails; an unknown zone yields an invalid date that prints as "Invalid DateTime".
  if (parsed.invalidReason === 'unparsable') throw new NodeExecutionError(nodeName, 'Invalid date format');
  return parsed;
}

function describeMissingIncludes(value: unknown): string {
  if (value === undefined || value === null) return `Cannot read properties of ${String(value)} (reading 'includes')`;
  return 'date.includes is not a function';
}
