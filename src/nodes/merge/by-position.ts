import type { Item } from '../../core/model/types.js';
import { addSuffix, makeItem, mergeBinary, selectMergeMethod, type ClashOptions } from './clash.js';
import { pairedList } from './paired.js';

/**
 * Merge v2 "merge by position": item i of input 1 with item i of input 2. When either input is empty the other
 * passes through; with `includeUnpaired` the longer input's extra items follow unmerged.
 */
export function mergeByPositionV2(first: readonly Item[], second: readonly Item[], clash: ClashOptions, includeUnpaired: boolean): Item[] {
  if (first.length === 0 || second.length === 0) return [...first, ...second];
  let input1 = first;
  let input2 = second;
  if (clash.resolveClash === 'preferInput1') [input1, input2] = [input2, input1];
  if (clash.resolveClash === 'addSuffix') {
    input1 = addSuffix(input1, '1');
    input2 = addSuffix(input2, '2');
  }
  const count = includeUnpaired ? Math.max(input1.length, input2.length) : Math.min(input1.length, input2.length);
  const mergeInto = selectMergeMethod(clash);
  const output: Item[] = [];
  for (let index = 0; index < count; index++) {
    const entry1 = input1[index];
    const entry2 = input2[index];
    if (entry1 === undefined || entry2 === undefined) {
      output.push((entry1 ?? entry2)!);
      continue;
    }
    output.push(
      makeItem(mergeInto(entry1.json, entry2.json), mergeBinary(entry1.binary, entry2.binary), [
        ...pairedList(entry1.pairedItem),
        ...pairedList(entry2.pairedItem),
      ]),
    );
  }
  return output;
}

/**
 * Merge v3 "combine by position" over any number of inputs. The preferred input (the last one unless
 * `preferInput<N>`) is merged last so it wins clashes. As in n8n, the preferred input is taken before suffixes
 * are added, so with "add suffix" the last input's fields also appear unsuffixed.
 */
export function combineByPositionV3(inputs: readonly (readonly Item[])[], clash: ClashOptions, includeUnpaired: boolean): Item[] {
  const resolveClash = clash.resolveClash ?? '';
  const preferredIndex = resolveClash.includes('preferInput') ? Number(resolveClash.replace('preferInput', '')) - 1 : inputs.length - 1;
  const preferred = inputs[preferredIndex] ?? [];
  const all = resolveClash === 'addSuffix' ? inputs.map((items, index) => addSuffix(items, String(index + 1))) : inputs;
  const lengths = [...all.map((items) => items.length), preferred.length];
  const count = includeUnpaired ? Math.max(...lengths) : Math.min(...lengths);
  const mergeInto = selectMergeMethod(clash);
  const output: Item[] = [];
  for (let index = 0; index < count; index++) {
    const preferredEntry = preferred[index];
    const entries = all.map((items) => items[index]);
    const json = mergeInto({}, ...entries.map((entry) => entry?.json ?? {}), preferredEntry?.json ?? {});
    const binary = mergeBinary(...entries.map((entry) => entry?.binary), preferredEntry?.binary);
    const pairedItem = [...entries, preferredEntry].flatMap((entry) => pairedList(entry?.pairedItem));
    output.push(makeItem(json, binary, pairedItem));
  }
  return output;
}
