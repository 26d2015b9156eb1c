import type { Item } from '../core/model/types.js';
import type { RunDataView, RunSource } from '../core/node-api/index.js';
import type { Scheduler } from '../core/scheduler/index.js';

/** A read-only view of a running execution's data, for expressions and nodes. */
export function createRunDataView(scheduler: Scheduler, inputsOf: (nodeName: string, runIndex: number) => readonly (readonly Item[])[] | undefined): RunDataView {
  const runsOf = (name: string) => scheduler.currentRunData[name] ?? [];
  const pick = <T>(list: readonly T[], runIndex: number | undefined): T | undefined => list[runIndex ?? list.length - 1];
  return {
    getOutput: (nodeName, outputIndex = 0, runIndex) => pick(runsOf(nodeName), runIndex)?.data.main[outputIndex],
    runCount: (nodeName) => runsOf(nodeName).length,
    nodeState: (nodeName) => scheduler.nodeState(nodeName),
    getSource: (nodeName, runIndex): readonly (RunSource | null)[] | undefined => pick(runsOf(nodeName), runIndex)?.source,
    getInput: (nodeName, inputIndex = 0, runIndex) => {
      const runs = runsOf(nodeName);
      return inputsOf(nodeName, runIndex ?? runs.length - 1)?.[inputIndex];
    },
  };
}
