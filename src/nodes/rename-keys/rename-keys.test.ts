import { describe, expect, it } from 'vitest';
import { jsonOf, runNodeForTest } from '../../testing/node-harness.js';
import { renameKeys } from './rename-keys.js';

const run = (parameters: Record<string, unknown>, json: Record<string, unknown>[]) => runNodeForTest(renameKeys, { parameters, json });
const keys = (...pairs: [string, string | undefined][]) => ({ keys: { key: pairs.map(([currentKey, newKey]) => ({ currentKey, newKey })) } });
const regex = (searchRegex: string, replaceRegex: string, options: Record<string, unknown> = {}) => ({
  additionalOptions: { regexReplacement: { replacements: [{ searchRegex, replaceRegex, options }] } },
});

describe('Rename Keys', () => {
  it('renames keys, including nested paths, without touching the input', async () => {
    const input = [{ a: 1, deep: { x: 2 }, keep: true }];
    const [out] = await run(keys(['a', 'b'], ['deep.x', 'flat.y']), input);
    expect(jsonOf(out)).toEqual([{ b: 1, deep: {}, flat: { y: 2 }, keep: true }]);
    expect(out![0]!.pairedItem).toEqual({ item: 0 });
    expect(input[0]).toEqual({ a: 1, deep: { x: 2 }, keep: true });
  });

  it('ignores incomplete entries and missing keys, and reads values from the original item', async () => {
    const [out] = await run(keys(['a', undefined], ['nope', 'x'], ['a', 'b'], ['a', 'c']), [{ a: 1 }]);
    expect(jsonOf(out)).toEqual([{ b: 1, c: 1 }]);
  });

  it('renames by regular expression at every depth by default', async () => {
    const [out] = await run(regex('^old_(\\w+)', 'new_$1'), [{ old_a: 1, nest: { old_b: [{ old_c: 2 }] }, Old_d: 3 }]);
    expect(jsonOf(out)).toEqual([{ new_a: 1, nest: { new_b: [{ new_c: 2 }] }, Old_d: 3 }]);
  });

  it('honours case-insensitivity and depth limits', async () => {
    const [insensitive] = await run(regex('^old', 'new', { caseInsensitive: true }), [{ OLDa: 1 }]);
    expect(jsonOf(insensitive)).toEqual([{ newa: 1 }]);
    const [topOnly] = await run(regex('x', 'y', { depth: 0 }), [{ x: { x: 1 } }]);
    expect(jsonOf(topOnly)).toEqual([{ y: { x: 1 } }]);
    const [twoLevels] = await run(regex('x', 'y', { depth: 1 }), [{ x: { x: { x: 1 } } }]);
    expect(jsonOf(twoLevels)).toEqual([{ y: { y: { x: 1 } } }]);
  });

  it('applies key renames before regex renames', async () => {
    const [out] = await run({ ...keys(['a', 'reg_a']), ...regex('reg_', '') }, [{ a: 1 }]);
    expect(jsonOf(out)).toEqual([{ a: 1 }]);
  });
});
