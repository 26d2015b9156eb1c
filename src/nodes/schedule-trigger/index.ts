export { scheduleTrigger, cronTrigger, intervalTrigger } from './schedule-trigger.js';
export { SCHEDULE_NODE_TYPES, scheduleTriggerRules, cronNodeRules, intervalNodeRules, type ScheduleRule } from './rules.js';
export { nextFireTime, checkRule } from './next-fire.js';
export { scheduleItem } from './schedule-item.js';
