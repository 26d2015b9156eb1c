import { NodeExecutionError } from '../../core/errors/index.js';
import type { NodeContext, NodeTypeSpec } from '../../core/node-api/index.js';

const unitMs: Record<string, number> = { seconds: 1000, minutes: 60_000, hours: 3_600_000, days: 86_400_000 };

/**
 * Wait: pauses the branch, then passes its input on. Modes `timeInterval` (amount + unit) and `specificTime`
 * (`dateTime`) wait on the execution's clock, so a virtual clock makes long waits instant in tests.
 * Resuming on a webhook or form needs the server's waiting executions; without one no call can arrive, so a wait
 * with `limitWaitTime` ends at its limit and passes its input on (what n8n does when the limit passes first), and a
 * wait without a limit is refused with a clear error.
 *
 * A wait long enough for the execution to park (n8n: 65 s and more) does not sleep: the node finishes at once
 * with its input as output and asks the execution to park until the end of the wait; the nodes after it run
 * when the execution resumes then. Shorter waits, and runs that never park, sleep in memory.
 */
export const wait: NodeTypeSpec = {
  type: 'n8n-nodes-base.wait',
  versions: [1, 1.1],
  displayName: 'Wait',
  inputs: 1,
  outputs: 1,
  parameters: {
    resume: 'options',
    amount: 'number',
    unit: 'options',
    dateTime: 'string',
    limitWaitTime: 'boolean',
    limitType: 'options',
    resumeAmount: 'number',
    resumeUnit: 'options',
    maxDateAndTime: 'string',
  },
  async execute(ctx, inputs) {
    const resume = ctx.getParameter<string>('resume', 0, 'timeInterval');
    const delayMs = waitTime(ctx, resume);
    if (delayMs > 0) {
      // The end of the wait is fixed now, so a resumed execution waits only what is left of it.
      const parked = ctx.putExecutionToWait(ctx.clock.now() + delayMs);
      if (!parked) await ctx.clock.sleep(delayMs, ctx.signal);
    }
    return [[...(inputs[0] ?? [])]];
  },
};

function waitTime(ctx: NodeContext, resume: string): number {
  if (resume === 'timeInterval') {
    const amount = Number(ctx.getParameter('amount', 0, 1));
    const unit = ctx.getParameter<string>('unit', 0, 'hours');
    const factor = unitMs[unit];
    if (!Number.isFinite(amount) || amount < 0 || factor === undefined) {
      throw new NodeExecutionError(ctx.node.name, `Invalid wait time: amount ${String(amount)} ${unit}`);
    }
    return amount * factor;
  }
  if (resume === 'specificTime') {
    const target = Date.parse(String(ctx.getParameter('dateTime', 0, '')));
    if (Number.isNaN(target)) throw new NodeExecutionError(ctx.node.name, '[ERROR: Invalid Date]', { description: 'The "dateTime" parameter is not a valid date' });
    return Math.max(0, target - ctx.clock.now());
  }
  if ((resume === 'webhook' || resume === 'form') && ctx.getParameter<boolean>('limitWaitTime', 0, false) === true) return waitLimit(ctx);
  throw new NodeExecutionError(ctx.node.name, `Wait mode "${resume}" is not available in this run`, {
    description: 'Resuming on a webhook or form needs a running Weft server that keeps waiting executions.',
  });
}

/** Time until a webhook/form wait gives up: `resumeAmount` `resumeUnit`s, or until `maxDateAndTime`. */
function waitLimit(ctx: NodeContext): number {
  const limitType = ctx.getParameter<string>('limitType', 0, 'afterTimeInterval');
  if (limitType === 'atSpecifiedTime') {
    const target = Date.parse(String(ctx.getParameter('maxDateAndTime', 0, '')));
    if (Number.isNaN(target)) throw new NodeExecutionError(ctx.node.name, '[ERROR: Invalid Date]', { description: 'The "maxDateAndTime" parameter is not a valid date' });
    return Math.max(0, target - ctx.clock.now());
  }
  const amount = Number(ctx.getParameter('resumeAmount', 0, 1));
  const unit = ctx.getParameter<string>('resumeUnit', 0, 'hours');
  const factor = unitMs[unit];
  if (!Number.isFinite(amount) || amount < 0 || factor === undefined) {
    throw new NodeExecutionError(ctx.node.name, `Invalid wait time limit: amount ${String(amount)} ${unit}`);
  }
  return amount * factor;
}
