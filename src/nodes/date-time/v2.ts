import { DateTime } from 'luxon';
import type { DateTimeUnit, DurationLikeObject, DurationUnit } from 'luxon';
import { NodeExecutionError, errorMessage } from '../../core/errors/index.js';
import type { Item, JsonObject } from '../../core/model/types.js';
import type { NodeContext, NodeTypeSpec } from '../../core/node-api/index.js';
import { parseDateV2 } from './v2-parse-date.js';

/**
 * Date & Time v2 (Luxon). Operations: getCurrentDate, addToDate, subtractFromDate, formatDate, roundDate,
 * getTimeBetweenDates, extractDate. Each item yields one item holding the result in `outputFieldName`, plus the
 * input fields when `options.includeInputFields` is on.
 */
export const dateTimeV2: NodeTypeSpec = {
  type: 'n8n-nodes-base.dateTime',
  versions: [2],
  displayName: 'Date & Time',
  inputs: 1,
  outputs: 1,
  parameters: {
    operation: 'options',
    outputFieldName: 'string',
    includeTime: 'boolean',
    magnitude: 'any',
    timeUnit: 'options',
    duration: 'number',
    date: 'any',
    format: 'string',
    customFormat: 'string',
    mode: 'options',
    toNearest: 'options',
    to: 'options',
    startDate: 'any',
    endDate: 'any',
    units: 'array',
    part: 'options',
    options: 'object',
  },
  execute(ctx, inputs) {
    const items = inputs[0] ?? [];
    const operation = ctx.getParameter<string>('operation', 0, 'getCurrentDate');
    const includeInputFields = ctx.getParameter<boolean>('options.includeInputFields', 0, false);
    const out: Item[] = [];
    for (let i = 0; i < items.length; i++) {
      const input = items[i]!;
      try {
        const item: Item = includeInputFields ? { json: { ...input.json }, binary: input.binary } : { json: {} };
        if (item.binary === undefined) delete item.binary;
        item.pairedItem = { item: i };
        const handler = operations[operation];
        if (handler === undefined) continue;
        handler(ctx, i, item.json);
        out.push(item);
      } catch (error) {
        if (ctx.continueOnFail) {
          out.push({ json: { error: errorMessage(error) }, pairedItem: { item: i } });
          continue;
        }
        throw error instanceof NodeExecutionError ? withItemIndex(ctx, error, i) : new NodeExecutionError(ctx.node.name, errorMessage(error), { itemIndex: i, cause: error });
      }
    }
    return [out];
  },
};

type Operation = (ctx: NodeContext, i: number, json: JsonObject) => void;

/** Each operation writes its result into the output item's json. */
const operations: Record<string, Operation> = {
  getCurrentDate(ctx, i, json) {
    const includeTime = ctx.getParameter<boolean>('includeTime', i, true);
    const field = ctx.getParameter<string>('outputFieldName', i, 'currentDate');
    const { timezone } = ctx.getParameter<{ timezone?: string }>('options', i, {});
    const zone = timezone ? timezone : ctx.timezone;
    const now = DateTime.fromMillis(ctx.clock.now()).setZone(zone);
    if (now.invalidReason === 'unsupported zone') {
      throw new NodeExecutionError(ctx.node.name, `The timezone ${zone} is not valid. Please check the timezone.`);
    }
    json[field] = (includeTime ? now : now.startOf('day')).toString();
  },
  addToDate(ctx, i, json) {
    json[ctx.getParameter<string>('outputFieldName', i, 'newDate')] = shiftDate(ctx, i, 1).toString();
  },
  subtractFromDate(ctx, i, json) {
    json[ctx.getParameter<string>('outputFieldName', i, 'newDate')] = shiftDate(ctx, i, -1).toString();
  },
  formatDate(ctx, i, json) {
    const date = ctx.getParameter<unknown>('date', i, '');
    const format = ctx.getParameter<string>('format', i, 'MM/dd/yyyy');
    const field = ctx.getParameter<string>('outputFieldName', i, 'formattedDate');
    const { timezone, fromFormat } = ctx.getParameter<{ timezone?: boolean; fromFormat?: string }>('options', i, {});
    // A missing date is passed through as is rather than failing (n8n's null-date handling).
    if (date === null || date === undefined) {
      json[field] = date;
      return;
    }
    const parsed = parseDateV2(ctx.node.name, date, { timezone: timezone ? ctx.timezone : undefined, fromFormat });
    const pattern = format === 'custom' ? ctx.getParameter<string>('customFormat', i, '') : format;
    json[field] = parsed.toFormat(pattern);
  },
  roundDate(ctx, i, json) {
    const date = parseDateV2(ctx.node.name, ctx.getParameter<unknown>('date', i, ''), { timezone: ctx.timezone });
    const mode = ctx.getParameter<string>('mode', i, 'roundDown');
    const field = ctx.getParameter<string>('outputFieldName', i, 'roundedDate');
    if (mode === 'roundDown') {
      json[field] = date.startOf(ctx.getParameter<DateTimeUnit>('toNearest', i, 'month')).toString();
    } else if (mode === 'roundUp') {
      const to = ctx.getParameter<DateTimeUnit>('to', i, 'month');
      json[field] = date.plus({ [to]: 1 }).startOf(to).toString();
    }
  },
  getTimeBetweenDates(ctx, i, json) {
    const start = parseDateV2(ctx.node.name, ctx.getParameter<unknown>('startDate', i, ''), { timezone: ctx.timezone });
    const end = parseDateV2(ctx.node.name, ctx.getParameter<unknown>('endDate', i, ''), { timezone: ctx.timezone });
    const units = ctx.getParameter<DurationUnit[]>('units', i, ['day']);
    const field = ctx.getParameter<string>('outputFieldName', i, 'timeDifference');
    const { isoString } = ctx.getParameter<{ isoString?: boolean }>('options', i, {});
    const duration = end.diff(start, units);
    json[field] = isoString ? duration.toString() : duration.toObject();
  },
  extractDate(ctx, i, json) {
    const date = parseDateV2(ctx.node.name, ctx.getParameter<unknown>('date', i, ''), { timezone: ctx.timezone });
    const part = ctx.getParameter<string>('part', i, 'month');
    const field = ctx.getParameter<string>('outputFieldName', i, 'datePart');
    json[field] = part === 'week' ? date.weekNumber : date.get(part as keyof DateTime);
  },
};

/** `magnitude` moved by `duration` `timeUnit`s, forward (`sign` 1) or back (-1). */
function shiftDate(ctx: NodeContext, i: number, sign: 1 | -1): DateTime {
  const date = parseDateV2(ctx.node.name, ctx.getParameter<unknown>('magnitude', i, ''), { timezone: ctx.timezone });
  const timeUnit = ctx.getParameter<string>('timeUnit', i, 'days');
  const duration = ctx.getParameter<number>('duration', i, 0);
  const shift: DurationLikeObject = { [timeUnit]: duration };
  return sign === 1 ? date.plus(shift) : date.minus(shift);
}

function withItemIndex(ctx: NodeContext, error: NodeExecutionError, itemIndex: number): NodeExecutionError {
  if (error.context.itemIndex !== undefined) return error;
  return new NodeExecutionError(ctx.node.name, error.message, { description: error.description, itemIndex, cause: error });
}
