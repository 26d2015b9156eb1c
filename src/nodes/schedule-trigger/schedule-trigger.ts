import type { NodeTypeSpec } from '../../core/node-api/index.js';
import { scheduleItem } from './schedule-item.js';

/**
 * Emits the item the scheduler passed as the execution's start items; a manual run (no start items) gets the
 * item for now in UTC, as n8n's "execute node" does.
 */
const emitScheduleItem: NodeTypeSpec['execute'] = (_ctx, inputs) => {
  const given = inputs[0];
  return [given && given.length > 0 ? [...given] : [scheduleItem(new Date(), 'UTC')]];
};

const base = { trigger: true, triggerKind: 'event', inputs: 0, outputs: 1, execute: emitScheduleItem } as const;

/** n8n's Schedule Trigger; the registrar in `src/server/triggers/schedules` fires it. */
export const scheduleTrigger: NodeTypeSpec = { ...base, type: 'n8n-nodes-base.scheduleTrigger', versions: [1, 1.1, 1.2], displayName: 'Schedule Trigger' };

/** The legacy Cron node. */
export const cronTrigger: NodeTypeSpec = { ...base, type: 'n8n-nodes-base.cron', versions: [1], displayName: 'Cron' };

/** The legacy Interval node. */
export const intervalTrigger: NodeTypeSpec = { ...base, type: 'n8n-nodes-base.interval', versions: [1], displayName: 'Interval' };
