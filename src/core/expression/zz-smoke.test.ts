import { describe, it, expect } from 'vitest';
import { createExpressionEvaluator } from './index.js';
import { fakeScope } from './fake-scope.test-util.js';
const ev = createExpressionEvaluator();
const s = fakeScope({ json: [{ a: 1, name: 'Ann', list: [3, 1, 2], obj: { x: 1 } }] });
const cases = [
 '={{ $json.a + 1 }}', '=Hi {{ $json.name }}!', '={{ $json.obj }}', '=x {{ $json.obj }} {{ null }}', '={{ [1,2,3].map(x => x * 2) }}',
 '={{ (() => { let s = 0; for (let i = 0; i < 10; i++) { s += i } return s })() }}', '={{ $json.list.sum() }}', "={{ 'hello world'.toTitleCase() }}",
 '={{ $now.toISO() }}', '={{ $today.format("yyyy-MM-dd") }}', '={{ $json.missing.deep }}', '={{ asdas }}', '={{ {a: 1} }}', '=3,14', '={{ $json.list.sort() }}',
 '={{ Math.max(0, ["a","b"].indexOf("b")) }}', '={{ $json.a.constructor }}', '={{ $runIndex }}-{{ $itemIndex }}', "={{ 'abc'.hash('sha256') }}",
 '={{ $now.plus(1, "day").toISODate() }}', '={{ DateTime.fromISO("2024-01-01").plus({days: 2}).toISODate() }}', '={{ $json.x = 5 }}', '={{ process }}',
 '={{ `a${1+1}b` }}', '={{ $json?.obj?.x }}', '={{ $ifEmpty("", "d") }}', '={{ $jmespath({a:{b:2}}, "a.b") }}', '={{ $input.item.json.a }}', '={{ $input.all().length }}',
];
describe('smoke', () => { it('runs', () => { for (const c of cases) { try { console.log(c, '=>', JSON.stringify(ev.resolve(c, s))); } catch (e) { console.log(c, 'THROWS', (e as Error).message, JSON.stringify((e as {details?: unknown}).details)); } } console.log(JSON.stringify(s.inputs[0]![0]!.json)); }); });
