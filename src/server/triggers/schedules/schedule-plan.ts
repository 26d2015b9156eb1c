import { WeftError } from '../../../core/errors/index.js';
import type { WorkflowRecord } from '../../../ports/store/index.js';
import { SCHEDULE_NODE_TYPES, checkRule, type ScheduleRule } from '../../../nodes/schedule-trigger/index.js';

/** One schedule node of a workflow, with its rules and the zone they are read in. */
export interface ScheduledNode {
  readonly nodeName: string;
  readonly rules: readonly ScheduleRule[];
  readonly timezone: string;
}

/**
 * The enabled schedule nodes of a workflow (empty when it has none). The zone is the workflow's
 * `settings.timezone` (n8n writes `DEFAULT` for "use the instance's"), else `defaultTimezone`.
 * Throws WEFT_E_INVALID_WORKFLOW for a rule that can never be scheduled, so activation is refused.
 */
export function planSchedules(workflow: WorkflowRecord, defaultTimezone: string): ScheduledNode[] {
  const configured = workflow.definition.settings?.timezone;
  const timezone = typeof configured === 'string' && configured !== '' && configured !== 'DEFAULT' ? configured : defaultTimezone;
  const planned: ScheduledNode[] = [];
  for (const node of workflow.definition.nodes) {
    const parse = SCHEDULE_NODE_TYPES[node.type];
    if (!parse || node.disabled === true) continue;
    try {
      const rules = parse(node.parameters ?? {});
      for (const rule of rules) checkRule(rule, timezone);
      planned.push({ nodeName: node.name, rules, timezone });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new WeftError('WEFT_E_INVALID_WORKFLOW', `Schedule node "${node.name}" cannot be scheduled: ${reason}`, { node: node.name, timezone });
    }
  }
  return planned;
}
