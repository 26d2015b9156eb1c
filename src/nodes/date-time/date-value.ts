import { DateTime } from 'luxon';

/**
 * True for a Luxon DateTime. Checked by brand rather than `instanceof` because expressions (`{{ $now }}`) may
 * hand over a DateTime built by another copy of Luxon.
 */
export function isLuxonDateTime(value: unknown): value is DateTime {
  return DateTime.isDateTime(value);
}
