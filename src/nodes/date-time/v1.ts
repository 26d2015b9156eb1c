import moment from 'moment-timezone';
import { NodeExecutionError, errorMessage } from '../../core/errors/index.js';
import type { Item } from '../../core/model/types.js';
import type { NodeContext, NodeTypeSpec } from '../../core/node-api/index.js';
import { isLuxonDateTime } from './date-value.js';

// n8n v1 leans on moment's lenient fallback to `new Date(string)` for non-ISO input ("08/01/2022"); that path
// prints a deprecation warning on every call, which would only clutter Weft's output.
moment.suppressDeprecationWarnings = true;

/** Timestamps with fewer digits than this are seconds, longer ones milliseconds (n8n's heuristic). */
const MILLISECOND_TIMESTAMP_DIGITS = 12;

interface FormatOptions {
  fromFormat?: string;
  fromTimezone?: string;
  toTimezone?: string;
}

/**
 * Date & Time v1 (moment-timezone): `action: format` re-formats `value` with moment tokens, `action: calculate`
 * adds or subtracts a duration. The result goes to `dataPropertyName` (a literal key, dots included).
 */
export const dateTimeV1: NodeTypeSpec = {
  type: 'n8n-nodes-base.dateTime',
  versions: [1],
  displayName: 'Date & Time',
  inputs: 1,
  outputs: 1,
  // An item whose value resolves to `undefined` is skipped, as in n8n.
  mayStopFlow: true,
  parameters: {
    action: 'options',
    value: 'any',
    dataPropertyName: 'string',
    custom: 'boolean',
    toFormat: 'string',
    operation: 'options',
    duration: 'number',
    timeUnit: 'options',
    options: 'object',
  },
  execute(ctx, inputs) {
    const items = inputs[0] ?? [];
    const out: Item[] = [];
    for (let i = 0; i < items.length; i++) {
      const item = items[i]!;
      try {
        const action = ctx.getParameter<string>('action', 0, 'format');
        if (action === 'format') {
          const formatted = formatValue(ctx, i);
          if (formatted !== undefined) out.push(withProperty(item, i, ctx.getParameter<string>('dataPropertyName', i, 'data'), formatted));
        } else if (action === 'calculate') {
          out.push(withProperty(item, i, ctx.getParameter<string>('dataPropertyName', i, 'data'), calculateValue(ctx, i)));
        }
      } catch (error) {
        if (!ctx.continueOnFail) throw error;
        out.push({ json: { error: errorMessage(error) }, pairedItem: { item: i } });
      }
    }
    return [out];
  },
};

/** The `format` action; `undefined` when the value resolved to nothing (the item is then dropped). */
function formatValue(ctx: NodeContext, i: number): string | undefined {
  let value: unknown = ctx.getParameter<unknown>('value', i, '');
  const toFormat = ctx.getParameter<string>('toFormat', i, 'MM/DD/YYYY');
  const options = ctx.getParameter<FormatOptions>('options', i, {});
  if (isLuxonDateTime(value)) value = value.toISO();

  // Numbers and numeric strings are timestamps; a fractional one is seconds with a fraction.
  if (!Number.isNaN(Number(value))) {
    value = Number(value);
    if (!Number.isInteger(value)) value = (value as number) * 1000;
  }
  if (value === undefined) return undefined;
  const input = value as string | number;
  if (options.fromFormat === undefined && !moment(input).isValid()) {
    throw new NodeExecutionError(ctx.node.name, 'The date input format could not be recognized. Please set the "From Format" field', { itemIndex: i });
  }

  let date: moment.Moment;
  if (typeof input === 'number' && Number.isInteger(input)) {
    date = String(input).length < MILLISECOND_TIMESTAMP_DIGITS ? moment.unix(input) : moment(input);
  } else if (options.fromTimezone || options.toTimezone) {
    const fromTimezone = options.fromTimezone || ctx.timezone;
    date = options.fromFormat ? moment.tz(input as string, options.fromFormat, fromTimezone) : moment.tz(input, fromTimezone);
  } else {
    date = options.fromFormat ? moment(input, options.fromFormat) : moment(input);
  }
  // Either time zone option switches the output to the target zone (the workflow's when only a source is set).
  if (options.fromTimezone || options.toTimezone) date = date.tz(options.toTimezone || ctx.timezone);
  return date.format(toFormat);
}

/** The `calculate` action: the shifted date as a UTC ISO string. */
function calculateValue(ctx: NodeContext, i: number): string {
  const value = ctx.getParameter<unknown>('value', i, '');
  const operation = ctx.getParameter<string>('operation', i, 'add');
  const duration = ctx.getParameter<number>('duration', i, 0);
  const timeUnit = ctx.getParameter<moment.unitOfTime.DurationConstructor>('timeUnit', i, 'days');
  const { fromFormat } = ctx.getParameter<{ fromFormat?: string }>('options', i, {});
  const date = fromFormat ? parseByFormat(ctx, value, fromFormat) : parseByDefault(ctx, value);
  if (operation === 'add') date.add(duration, timeUnit);
  else date.subtract(duration, timeUnit);
  return date.toISOString();
}

function parseByFormat(ctx: NodeContext, value: unknown, fromFormat: string): moment.Moment {
  const date = moment(value as string, fromFormat, true);
  if (date.isValid()) return date;
  throw new NodeExecutionError(ctx.node.name, 'Date input cannot be parsed. Please recheck the value and the "From Format" field.');
}

function parseByDefault(ctx: NodeContext, value: unknown): moment.Moment {
  const unrecognized = 'Unrecognized date input. Please specify a format in the "From Format" field.';
  // `new Date` accepts what n8n accepts here: strings, timestamps and Luxon DateTimes (through valueOf).
  const parsed = new Date(value as string);
  if (Number.isNaN(parsed.getTime())) throw new NodeExecutionError(ctx.node.name, unrecognized);
  const date = moment(parsed.toISOString());
  if (!date.isValid()) throw new NodeExecutionError(ctx.node.name, unrecognized);
  return date;
}

/** A copy of `item` with `key` (taken literally, dots included) set to `value`; binary data is kept. */
function withProperty(item: Item, index: number, key: string, value: unknown): Item {
  const next: Item = { json: { ...item.json, [key]: value }, pairedItem: { item: index } };
  if (item.binary !== undefined) next.binary = item.binary;
  return next;
}
