import type { Item } from '../../core/model/types.js';
import { addSuffix, makeItem, mergeBinary, selectMergeMethod, type ClashOptions } from './clash.js';
import { pairedList } from './paired.js';

/**
 * Every pairing of an item of input 1 with an item of input 2 (cross join): Merge v2 "multiplex" and v3
 * "combineAll". As in n8n, "prefer input 1" swaps the inputs, so the outer loop then runs over input 2.
 */
export function combineAll(first: readonly Item[], second: readonly Item[], clash: ClashOptions): Item[] {
  let input1 = first;
  let input2 = second;
  if (clash.resolveClash === 'preferInput1') [input1, input2] = [input2, input1];
  if (clash.resolveClash === 'addSuffix') {
    input1 = addSuffix(input1, '1');
    input2 = addSuffix(input2, '2');
  }
  const mergeInto = selectMergeMethod(clash);
  const output: Item[] = [];
  for (const entry1 of input1) {
    for (const entry2 of input2) {
      output.push(
        makeItem(mergeInto(entry1.json, entry2.json), mergeBinary(entry1.binary, entry2.binary), [
          ...pairedList(entry1.pairedItem),
          ...pairedList(entry2.pairedItem),
        ]),
      );
    }
  }
  return output;
}
