import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { ExpressionEvaluator } from '../../core/expression/index.js';
import { jsonOf, runNodeForTest } from '../../testing/node-harness.js';
import { dateTimeV1 } from './v1.js';
import { dateTimeV2 } from './v2.js';

/** An evaluator that resolves one marker string to a fixed value, for inputs a literal parameter cannot carry. */
function evaluatorReturning(marker: string, value: unknown): ExpressionEvaluator {
  const resolve = (raw: unknown): unknown => {
    if (raw === marker) return value;
    if (raw !== null && typeof raw === 'object' && !Array.isArray(raw)) {
      return Object.fromEntries(Object.entries(raw).map(([key, entry]) => [key, resolve(entry)]));
    }
    return raw;
  };
  return { resolve };
}

describe('Date & Time v1: format', () => {
  it('formats a US date string with the default MM/DD/YYYY and keeps the input fields', async () => {
    const [out] = await runNodeForTest(dateTimeV1, {
      typeVersion: 1,
      parameters: { value: '03/15/2021', toFormat: 'YYYY-MM-DD', options: {} },
      json: [{ keep: 1 }],
    });
    expect(jsonOf(out)).toEqual([{ keep: 1, data: '2021-03-15' }]);
  });

  it('reads short integers as Unix seconds and long ones as milliseconds', async () => {
    const [out] = await runNodeForTest(dateTimeV1, {
      typeVersion: 1,
      parameters: { value: '1600000000', dataPropertyName: 'out', toFormat: 'x', options: {} },
    });
    expect(jsonOf(out)).toEqual([{ out: '1600000000000' }]);
    const [ms] = await runNodeForTest(dateTimeV1, {
      typeVersion: 1,
      parameters: { value: 1600000000123, toFormat: 'X', options: {} },
    });
    expect(jsonOf(ms)).toEqual([{ data: '1600000000' }]);
  });

  it('treats a fractional number as seconds', async () => {
    const [out] = await runNodeForTest(dateTimeV1, {
      typeVersion: 1,
      parameters: { value: '1600000000.5', toFormat: 'x', options: { toTimezone: 'UTC' } },
    });
    expect(jsonOf(out)).toEqual([{ data: '1600000000500' }]);
  });

  it('reads the wall time in the source zone only when a format is given, then converts to the target zone', async () => {
    const [out] = await runNodeForTest(dateTimeV1, {
      typeVersion: 1,
      parameters: {
        value: '2021-31-12 22:00',
        toFormat: 'YYYY-MM-DD HH:mm',
        options: { fromFormat: 'YYYY-DD-MM HH:mm', fromTimezone: 'Europe/Berlin', toTimezone: 'America/New_York' },
      },
    });
    expect(jsonOf(out)).toEqual([{ data: '2021-12-31 16:00' }]);
  });

  it('falls back to the workflow time zone when only the source zone is set', async () => {
    const [out] = await runNodeForTest(dateTimeV1, {
      typeVersion: 1,
      timezone: 'Asia/Tokyo',
      parameters: { value: '2021-06-01T20:00:00Z', toFormat: 'YYYY-MM-DD', options: { fromTimezone: 'UTC' } },
    });
    expect(jsonOf(out)).toEqual([{ data: '2021-06-02' }]);
  });

  it('formats a Luxon DateTime coming from an expression', async () => {
    const now = DateTime.fromISO('2024-02-29T10:11:12Z', { zone: 'utc' });
    const [out] = await runNodeForTest(dateTimeV1, {
      typeVersion: 1,
      evaluator: evaluatorReturning('=NOW', now),
      parameters: { value: '=NOW', toFormat: 'X', dataPropertyName: 'ts', options: {} },
    });
    expect(jsonOf(out)).toEqual([{ ts: String(now.toSeconds()) }]);
  });

  it('fails on an unrecognisable date, or reports it per item under continueOnFail', async () => {
    const run = (nodeFields: Record<string, unknown> = {}) =>
      runNodeForTest(dateTimeV1, { typeVersion: 1, parameters: { value: 'not a date', options: {} }, nodeFields });
    await expect(run()).rejects.toThrow('The date input format could not be recognized. Please set the "From Format" field');
    const [out] = await run({ continueOnFail: true });
    expect(jsonOf(out)).toEqual([{ error: 'The date input format could not be recognized. Please set the "From Format" field' }]);
  });
});

describe('Date & Time v1: calculate', () => {
  it('adds days by default and writes a UTC ISO string', async () => {
    const [out] = await runNodeForTest(dateTimeV1, {
      typeVersion: 1,
      parameters: { action: 'calculate', value: '2022-08-01T00:00:00Z', duration: 10, options: {} },
    });
    expect(jsonOf(out)).toEqual([{ data: '2022-08-11T00:00:00.000Z' }]);
  });

  it('subtracts months and parses strictly with fromFormat', async () => {
    const [out] = await runNodeForTest(dateTimeV1, {
      typeVersion: 1,
      parameters: { action: 'calculate', operation: 'subtract', value: '31.03.2022', duration: 1, timeUnit: 'months', options: { fromFormat: 'DD.MM.YYYY' } },
    });
    // fromFormat parses in the process's local time, as moment does in n8n.
    expect(jsonOf(out)).toEqual([{ data: new Date(2022, 1, 28).toISOString() }]);
    await expect(
      runNodeForTest(dateTimeV1, { typeVersion: 1, parameters: { action: 'calculate', value: '2022-03-31', options: { fromFormat: 'DD.MM.YYYY' } } }),
    ).rejects.toThrow('Date input cannot be parsed. Please recheck the value and the "From Format" field.');
  });

  it('rejects input that is not a date', async () => {
    await expect(
      runNodeForTest(dateTimeV1, { typeVersion: 1, parameters: { action: 'calculate', value: 'soon', options: {} } }),
    ).rejects.toThrow('Unrecognized date input. Please specify a format in the "From Format" field.');
  });
});

describe('Date & Time v2', () => {
  it('adds calendar days in the workflow time zone (across DST) and outputs only the new field by default', async () => {
    const [out] = await runNodeForTest(dateTimeV2, {
      typeVersion: 2,
      timezone: 'Europe/Paris',
      parameters: { operation: 'addToDate', magnitude: '2024-03-30T12:00:00Z', duration: 1, timeUnit: 'days' },
      json: [{ other: true }],
    });
    expect(jsonOf(out)).toEqual([{ newDate: '2024-03-31T13:00:00.000+02:00' }]);
  });

  it('keeps the input fields when includeInputFields is on', async () => {
    const [out] = await runNodeForTest(dateTimeV2, {
      typeVersion: 2,
      parameters: { operation: 'subtractFromDate', magnitude: '2024-01-10T00:00:00Z', duration: 2, timeUnit: 'weeks', outputFieldName: 'then', options: { includeInputFields: true } },
      json: [{ other: true }],
    });
    expect(jsonOf(out)).toEqual([{ other: true, then: '2023-12-27T00:00:00.000Z' }]);
  });

  it('formats timestamps of every flavour in UTC unless told to use the workflow zone', async () => {
    for (const date of [1682918315906, 1682918315.906, 1682918315, '1682918315906', '1682918315.906', '1682918315']) {
      const [out] = await runNodeForTest(dateTimeV2, {
        typeVersion: 2,
        timezone: 'Pacific/Kiritimati',
        parameters: { operation: 'formatDate', date, format: 'yyyy/MM/dd HH:mm' },
      });
      expect(jsonOf(out)).toEqual([{ formattedDate: '2023/05/01 05:18' }]);
    }
    const [zoned] = await runNodeForTest(dateTimeV2, {
      typeVersion: 2,
      timezone: 'Pacific/Kiritimati',
      parameters: { operation: 'formatDate', date: 1682918315, format: 'custom', customFormat: 'HH:mm', options: { timezone: true } },
    });
    expect(jsonOf(zoned)).toEqual([{ formattedDate: '19:18' }]);
  });

  it('keeps the offset written in the input as its zone', async () => {
    const [out] = await runNodeForTest(dateTimeV2, {
      typeVersion: 2,
      parameters: { operation: 'formatDate', date: '2024-05-05T23:30:00+05:00', format: 'yyyy-MM-dd HH:mm' },
    });
    expect(jsonOf(out)).toEqual([{ formattedDate: '2024-05-05 23:30' }]);
  });

  it('parses with fromFormat and passes a null date through', async () => {
    const [out] = await runNodeForTest(dateTimeV2, {
      typeVersion: 2,
      parameters: { operation: 'formatDate', date: '20240102 12', format: 'yyyy-MM-dd', options: { fromFormat: 'yyyyMMdd HH' } },
    });
    expect(jsonOf(out)).toEqual([{ formattedDate: '2024-01-02' }]);
    const [empty] = await runNodeForTest(dateTimeV2, { typeVersion: 2, parameters: { operation: 'formatDate', date: null } });
    expect(jsonOf(empty)).toEqual([{ formattedDate: null }]);
  });

  it('fails on an unparsable date with the item index', async () => {
    const run = runNodeForTest(dateTimeV2, { typeVersion: 2, parameters: { operation: 'formatDate', date: 'garbage' } });
    await expect(run).rejects.toMatchObject({ message: 'Invalid date format', context: { itemIndex: 0 } });
  });

  it('rounds down and up', async () => {
    const [down] = await runNodeForTest(dateTimeV2, {
      typeVersion: 2,
      parameters: { operation: 'roundDate', date: '2023-04-11T13:51:59.965Z', toNearest: 'day' },
    });
    expect(jsonOf(down)).toEqual([{ roundedDate: '2023-04-11T00:00:00.000Z' }]);
    const [up] = await runNodeForTest(dateTimeV2, {
      typeVersion: 2,
      parameters: { operation: 'roundDate', date: '2023-04-11T13:51:59.965Z', mode: 'roundUp' },
    });
    expect(jsonOf(up)).toEqual([{ roundedDate: '2023-05-01T00:00:00.000Z' }]);
  });

  it('measures the time between two dates as units or an ISO duration', async () => {
    const params = { operation: 'getTimeBetweenDates', startDate: '2023-04-11T00:00:00Z', endDate: '2023-04-13T06:00:00Z' };
    const [days] = await runNodeForTest(dateTimeV2, { typeVersion: 2, parameters: { ...params, units: ['day', 'hour'] } });
    expect(jsonOf(days)).toEqual([{ timeDifference: { days: 2, hours: 6 } }]);
    const [iso] = await runNodeForTest(dateTimeV2, { typeVersion: 2, parameters: { ...params, options: { isoString: true } } });
    expect(jsonOf(iso)).toEqual([{ timeDifference: 'P2.25D' }]);
  });

  it('extracts a part of a date, weeks included', async () => {
    const [hour] = await runNodeForTest(dateTimeV2, {
      typeVersion: 2,
      parameters: { operation: 'extractDate', date: '2023-04-11T13:51:59.965Z', part: 'hour', outputFieldName: 'h' },
    });
    expect(jsonOf(hour)).toEqual([{ h: 13 }]);
    const [week] = await runNodeForTest(dateTimeV2, { typeVersion: 2, parameters: { operation: 'extractDate', date: '2023-01-02T12:00:00Z', part: 'week' } });
    expect(jsonOf(week)).toEqual([{ datePart: 1 }]);
  });

  it('reads the current date from the execution clock', async () => {
    const now = Date.parse('2024-01-15T12:34:56.000Z');
    const [out] = await runNodeForTest(dateTimeV2, { typeVersion: 2, now, timezone: 'UTC', parameters: { operation: 'getCurrentDate' } });
    expect(jsonOf(out)).toEqual([{ currentDate: '2024-01-15T12:34:56.000Z' }]);
    const [day] = await runNodeForTest(dateTimeV2, {
      typeVersion: 2,
      now,
      parameters: { operation: 'getCurrentDate', includeTime: false, options: { timezone: 'Asia/Tokyo' } },
    });
    expect(jsonOf(day)).toEqual([{ currentDate: '2024-01-15T00:00:00.000+09:00' }]);
    await expect(
      runNodeForTest(dateTimeV2, { typeVersion: 2, parameters: { operation: 'getCurrentDate', options: { timezone: 'Mars/Base' } } }),
    ).rejects.toThrow('The timezone Mars/Base is not valid. Please check the timezone.');
  });
});
