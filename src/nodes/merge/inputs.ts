import type { NodeParameters } from '../../core/model/types.js';

/** The modes whose "Number of Inputs" setting is shown (n8n ignores a saved value elsewhere). */
function usesNumberInputs(parameters: NodeParameters): boolean {
  const mode = parameters.mode ?? 'append';
  if (mode === 'append' || mode === 'chooseBranch' || mode === 'combineBySql') return true;
  return mode === 'combine' && parameters.combineBy === 'combineByPosition';
}

/** How many inputs a Merge v3 node has: `numberInputs` (2–10) where the mode offers it, otherwise 2. */
export function mergeV3InputCount(parameters: NodeParameters): number {
  if (!usesNumberInputs(parameters)) return 2;
  const count = Number(parameters.numberInputs);
  return Number.isInteger(count) && count >= 2 ? Math.min(count, 10) : 2;
}

/** n8n's Merge rule (v2 and v3): choose-branch waits for inputs 1 and 2, every other mode runs with any data. */
export function mergeRequiredInputs(parameters: NodeParameters): number | readonly number[] {
  return parameters.mode === 'chooseBranch' ? [0, 1] : 1;
}
