export { createScheduleRegistrar, SCHEDULER_LOCK, type ScheduleRegistrarOptions } from './schedule-registrar.js';
export { systemClock, type Clock } from './clock.js';
export { planSchedules, type ScheduledNode } from './schedule-plan.js';
