import { DateTime } from 'luxon';
import type { Item } from '../../core/model/types.js';

/**
 * The item n8n's Schedule Trigger emits for a fire at `at` in `timezone`: ISO timestamp with offset, readable
 * date and time, and the calendar fields of the wall-clock time there.
 *
 * @example
 * scheduleItem(new Date('2026-07-01T10:00:00Z'), 'Europe/Berlin').json.Hour; // → '12'
 */
export function scheduleItem(at: Date, timezone: string): Item {
  const time = DateTime.fromJSDate(at, { zone: timezone });
  return {
    json: {
      timestamp: time.toISO(),
      'Readable date': time.toFormat('MMMM d yyyy, h:mm:ss a'),
      'Readable time': time.toFormat('h:mm:ss a'),
      'Day of week': time.toFormat('cccc'),
      Year: time.toFormat('yyyy'),
      Month: time.toFormat('MMMM'),
      'Day of month': time.toFormat('dd'),
      Hour: time.toFormat('HH'),
      Minute: time.toFormat('mm'),
      Second: time.toFormat('ss'),
      Timezone: `${timezone} (UTC${time.toFormat('ZZ')})`,
    },
  };
}
