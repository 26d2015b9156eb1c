import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { WeftError } from '../errors/index.js';
import { fakeScope } from './fake-scope.test-util.js';
import { createExpressionEvaluator } from './index.js';

const evaluator = createExpressionEvaluator();
const scope = fakeScope({
  json: [{ text: 'Hello World', email: 'Contact: ann@example.com today', nums: [3, 1, 2], obj: { a: 1, b: '', c: null, d: 'keep me' } }],
  now: Date.UTC(2024, 0, 15, 10, 30),
});
const run = (expression: string): unknown => evaluator.resolve(`={{ ${expression} }}`, scope);

describe('string extensions', () => {
  it.each<[string, unknown]>([
    ['"".isEmpty()', true],
    ['"a".isNotEmpty()', true],
    ['"42".toNumber()', 42],
    ['"42.5".toFloat()', 42.5],
    ['"42.9".toInt()', 42],
    ['"no".toBoolean()', false],
    ['"yes".toBoolean()', true],
    ['$json.email.extractEmail()', 'ann@example.com'],
    ['"ann@example.com".extractDomain()', 'example.com'],
    ['"see https://n8n.io/path?q=1 now".extractUrl()', 'https://n8n.io/path?q=1'],
    ['"https://n8n.io/a/b".extractUrlPath()', '/a/b'],
    ['"ann@example.com".isEmail()', true],
    ['"not an email".isEmail()', false],
    ['"https://n8n.io".isUrl()', true],
    ['"n8n.io".isDomain()', true],
    ['"12.5".isNumeric()', true],
    ['"abc".isNumeric()', false],
    ['"abc".hash()', '900150983cd24fb0d6963f7d28e17f72'],
    ['"abc".hash("sha1")', 'a9993e364706816aba3e25717850c26c9cd0d89d'],
    ['"hi there".base64Encode()', 'aGkgdGhlcmU='],
    ['"aGkgdGhlcmU=".base64Decode()', 'hi there'],
    ['"a b&c".urlEncode()', 'a%20b%26c'],
    ['"a%20b%26c".urlDecode()', 'a b&c'],
    ['"quick brown fox".toTitleCase()', 'Quick Brown Fox'],
    ['"quick BROWN fox. next one".toSentenceCase()', 'Quick brown fox. Next one'],
    ['"quick brown $fox".toSnakeCase()', 'quick_brown_$fox'],
    ['"<p>Hi <b>there</b></p>".removeTags()', 'Hi there'],
    ['"# Title with **bold** and [link](http://x)".removeMarkdown()', 'Title with bold and link'],
    ['"déjà vu".replaceSpecialChars()', 'deja vu'],
    ['"say \\"hi\\"".quote()', '"say \\"hi\\""'],
    ['$json.text.length', 11],
    ['$json.text.toUpperCase()', 'HELLO WORLD'],
    ['"2024-03-01".toDateTime().toISODate()', '2024-03-01'],
  ])('%s', (expression, expected) => {
    expect(run(expression)).toEqual(expected);
  });

  it('reports extension misuse', () => {
    expect(() => run('"abc".toNumber()')).toThrow(WeftError);
    expect(() => run('"abc".hash("nope")')).toThrow(/Unknown algorithm/);
  });
});

describe('number and boolean extensions', () => {
  it.each<[string, unknown]>([
    ['(1.2345).round(2)', 1.23],
    ['(1.5).round()', 2],
    ['(1.7).floor()', 1],
    ['(1.2).ceil()', 2],
    ['(-3).abs()', 3],
    ['(4).isEven()', true],
    ['(3).isOdd()', true],
    ['(1234.5).format("en-US")', '1,234.5'],
    ['(0).toBoolean()', false],
    ['(1705314600000).toDateTime().toISO()', '2024-01-15T10:30:00.000Z'],
    ['(1705314600).toDateTime("s").toISO()', '2024-01-15T10:30:00.000Z'],
    ['true.toNumber()', 1],
    ['(3.14159).toFixed(2)', '3.14'],
  ])('%s', (expression, expected) => {
    expect(run(expression)).toEqual(expected);
  });
});

describe('array extensions', () => {
  it.each<[string, unknown]>([
    ['$json.nums.sum()', 6],
    ['$json.nums.average()', 2],
    ['$json.nums.min()', 1],
    ['$json.nums.max()', 3],
    ['$json.nums.first()', 3],
    ['$json.nums.last()', 2],
    ['[1, 1, 2, { a: 1 }, { a: 1 }].unique()', [1, 2, { a: 1 }]],
    ['[{ a: 1, b: 1 }, { a: 1, b: 2 }].removeDuplicates("a")', [{ a: 1, b: 1 }]],
    ['[0, null, "", undefined, "x", {}].compact()', [0, 'x']],
    ['[1, 2, 3, 4, 5].chunk(2)', [[1, 2], [3, 4], [5]]],
    ['[1, 2, 3].difference([2])', [1, 3]],
    ['[1, 2, 3].intersection([2, 3, 4])', [2, 3]],
    ['[1, 2].union([2, 3])', [1, 2, 3]],
    ['[{ a: 1 }, { b: 2 }].merge()', { a: 1, b: 2 }],
    ['[{ a: 1, b: 2 }, { a: 3 }].pluck("a")', [1, 3]],
    ['[{ a: 1 }].renameKeys("a", "z")', [{ z: 1 }]],
    ['[{ k: "x", v: 1 }, { k: "y", v: 2 }].smartJoin("k", "v")', { x: 1, y: 2 }],
    ['[].isEmpty()', true],
    ['[1].isNotEmpty()', true],
    ['$json.nums.includes(2)', true],
  ])('%s', (expression, expected) => {
    expect(run(expression)).toEqual(expected);
  });

  it('randomItem picks an element', () => {
    expect([3, 1, 2]).toContain(run('$json.nums.randomItem()'));
  });
});

describe('object extensions', () => {
  it.each<[string, unknown]>([
    ['({}).isEmpty()', true],
    ['$json.obj.isNotEmpty()', true],
    ['$json.obj.keys()', ['a', 'b', 'c', 'd']],
    ['({ a: 1 }).values()', [1]],
    ['$json.obj.hasField("a")', true],
    ['({ a: 1, b: 2 }).removeField("a")', { b: 2 }],
    ['$json.obj.removeFieldsContaining("keep")', { a: 1, b: '', c: null }],
    ['$json.obj.keepFieldsContaining("keep")', { d: 'keep me' }],
    ['({ a: 1 }).merge({ a: 2, b: 3 })', { a: 1, b: 3 }],
    ['$json.obj.compact()', { a: 1, d: 'keep me' }],
    ['({ q: "a b", n: 1 }).urlEncode()', 'q=a+b&n=1'],
    ['({ a: [1] }).toJsonString()', '{"a":[1]}'],
  ])('%s', (expression, expected) => {
    expect(run(expression)).toEqual(expected);
  });
});

describe('date extensions', () => {
  it.each<[string, unknown]>([
    ['$now.format("yyyy-MM-dd HH:mm")', '2024-01-15 10:30'],
    ['$now.plus(2, "days").toISODate()', '2024-01-17'],
    ['$now.minus(1, "month").toISODate()', '2023-12-15'],
    ['$now.plus({ hours: 1 }).hour', 11],
    ['$now.beginningOf("month").toISODate()', '2024-01-01'],
    ['$now.endOfMonth().toISODate()', '2024-01-31'],
    ['$now.extract("month")', 1],
    ['$now.extract("week")', 3],
    ['$now.isBetween("2024-01-01", "2024-02-01")', true],
    ['$now.isWeekend()', false],
    ['$now.diffTo("2024-01-10", "days")', 5.4375],
    ['DateTime.fromISO("2024-01-14T10:30:00Z").diffToNow("days")', 1],
    ['$now.toDateTime().toMillis() === $now.toMillis()', true],
    ['new Date("2024-01-13T00:00:00Z").isWeekend()', true],
    ['new Date("2024-01-13T00:00:00Z").format("yyyy/MM/dd")', '2024/01/13'],
    ['$now.isInLast(2, "hours")', true],
  ])('%s', (expression, expected) => {
    expect(run(expression)).toEqual(expected);
  });

  it('keeps native Luxon methods', () => {
    expect(DateTime.isDateTime(run('$now.startOf("day")'))).toBe(true);
    expect(run('$now.toFormat("dd.MM.yyyy")')).toBe('15.01.2024');
  });
});
