import { DateTime } from 'luxon';
import { ExtensionError, type ExtensionTable } from './types.js';

/** Excel's day 0 is 1899-12-30 (it counts the non-existent 1900-02-29). */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

/** n8n's number extensions. */
export const numberExtensions: ExtensionTable<number> = {
  round: (value, [decimals]) => {
    const factor = 10 ** (typeof decimals === 'number' ? decimals : 0);
    return Math.round(value * factor) / factor;
  },
  floor: (value) => Math.floor(value),
  ceil: (value) => Math.ceil(value),
  abs: (value) => Math.abs(value),
  isEven: (value) => {
    if (!Number.isInteger(value)) throw new ExtensionError('isEven() is only callable on integers');
    return value % 2 === 0;
  },
  isOdd: (value) => {
    if (!Number.isInteger(value)) throw new ExtensionError('isOdd() is only callable on integers');
    return Math.abs(value % 2) === 1;
  },
  isInteger: (value) => Number.isInteger(value),
  isDecimal: (value) => Number.isFinite(value) && !Number.isInteger(value),
  format: (value, [locales, options]) =>
    new Intl.NumberFormat(locales as string | string[] | undefined, options as Intl.NumberFormatOptions | undefined).format(value),
  toBoolean: (value) => value !== 0,
  toInt: (value) => Math.trunc(value),
  toFloat: (value) => value,
  toDateTime: (value, [format], ctx) => {
    const zone = { zone: ctx.timezone };
    if (format === 's') return DateTime.fromSeconds(value, zone);
    if (format === 'excel') return DateTime.fromMillis(EXCEL_EPOCH_MS + value * 86_400_000, zone);
    return DateTime.fromMillis(value, zone);
  },
};

/** n8n's boolean extensions. */
export const booleanExtensions: ExtensionTable<boolean> = {
  toNumber: (value) => (value ? 1 : 0),
  toInt: (value) => (value ? 1 : 0),
  toFloat: (value) => (value ? 1 : 0),
  toBoolean: (value) => value,
};
