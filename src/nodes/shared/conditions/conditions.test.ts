import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { ConditionError, LESS_STRICT_HINT, evaluateCondition, executeFilter, legacyCompare, legacyDateToMillis, parseJsObjectLiteral } from './index.js';
import type { FilterCondition, FilterOptions, FilterValue } from './index.js';

const strict: FilterOptions = { caseSensitive: true, typeValidation: 'strict', version: 2 };
const loose: FilterOptions = { caseSensitive: true, typeValidation: 'loose', version: 2 };
const at = { index: 0, itemIndex: 0 };

function cond(leftValue: unknown, type: string, operation: string, rightValue: unknown = '', extra: Partial<FilterCondition['operator']> = {}): FilterCondition {
  return { leftValue, rightValue, operator: { type, operation, ...extra } };
}

function check(condition: FilterCondition, options: FilterOptions = strict): boolean {
  return evaluateCondition(condition, options, at, 'UTC');
}

function thrown(action: () => unknown): ConditionError {
  try {
    action();
  } catch (error) {
    if (error instanceof ConditionError) return error;
    throw error;
  }
  throw new Error('expected a ConditionError');
}

describe('string operators', () => {
  it('compares text with and without case', () => {
    expect(check(cond('Sharon', 'string', 'startsWith', 'sh'))).toBe(false);
    expect(check(cond('Sharon', 'string', 'startsWith', 'sh'), { ...strict, caseSensitive: false })).toBe(true);
    expect(check(cond('a@yahoo.com', 'string', 'endsWith', '@yahoo.com'))).toBe(true);
    expect(check(cond('abc', 'string', 'notContains', 'x'))).toBe(true);
    expect(check(cond('abc', 'string', 'notEquals', 'abc'))).toBe(false);
    expect(check(cond('', 'string', 'empty'))).toBe(true);
    expect(check(cond(null, 'string', 'empty', '', { singleValue: true }))).toBe(true);
  });

  it('reads /source/flags regex literals and adds i when case is ignored', () => {
    expect(check(cond('value', 'string', 'regex', '/^value$/g'))).toBe(true);
    expect(check(cond('VALUE', 'string', 'regex', '^value$'))).toBe(false);
    expect(check(cond('VALUE', 'string', 'regex', '^value$'), { ...strict, caseSensitive: false })).toBe(true);
    expect(check(cond('value', 'string', 'notRegex', '^value$'))).toBe(false);
  });

  it('stringifies other types only when conversion is loose', () => {
    expect(check(cond(12, 'string', 'startsWith', '1'), loose)).toBe(true);
    expect(check(cond({ a: 1 }, 'string', 'equals', '{"a":1}'), loose)).toBe(true);
    const error = thrown(() => check(cond(12, 'string', 'startsWith', '1')));
    expect(error.message).toBe("Wrong type: '12' is a number but was expecting a string [condition 0, item 0]");
    expect(error.description).toContain('<li>Converting the first field to a string by adding <code>.toString()</code></li>');
  });
});

describe('number operators', () => {
  it('converts numeric text in loose mode', () => {
    expect(check(cond(12, 'number', 'gt', '10'), loose)).toBe(true);
    expect(check(cond('5', 'number', 'lte', 5), loose)).toBe(true);
    expect(check(cond(1, 'number', 'equals', '1'), {})).toBe(true); // no typeValidation saved: loose
  });

  it('names the wrong side in strict mode', () => {
    const error = thrown(() => check(cond(3, 'number', 'gt', '10'), { ...strict, caseSensitive: true }));
    expect(error.message).toBe("Wrong type: '10' is a string but was expecting a number [condition 0, item 0]");
    expect(error.description).toBe(`
<p>Try either:</p>
<ol>
  <li>Enabling 'Convert types where required'</li>
  <li>Converting the second field to a number by adding <code>.toNumber()</code></li>
</ol>
\t\t\t`);
  });

  it('reports both sides when they share the wrong type', () => {
    const error = thrown(() => check(cond('a', 'number', 'gt', 'b')));
    expect(error.message).toBe('Comparison type expects a number but both fields are a string');
    expect(error.description).toBe(LESS_STRICT_HINT);
  });

  it('words loose conversion failures differently', () => {
    const error = thrown(() => evaluateCondition(cond('abc', 'number', 'gt', 1), loose, { index: 2, itemIndex: 5 }));
    expect(error.message).toBe("Conversion error: the string 'abc' can't be converted to a number [condition 2, item 5]");
    expect(error.description).toBe('Try changing the type of the comparison.');
  });

  it('treats NaN as missing and, from version 3, empty text as missing', () => {
    expect(check(cond(Number.NaN, 'number', 'exists', '', { singleValue: true }))).toBe(false);
    expect(check(cond('', 'number', 'notEmpty', '', { singleValue: true }), { ...loose, version: 2 })).toBe(true);
    expect(check(cond('', 'number', 'notEmpty', '', { singleValue: true }), { ...loose, version: 3 })).toBe(false);
  });
});

describe('boolean operators', () => {
  it('reads "false" and 0 as false from version 2, by truthiness before', () => {
    expect(check(cond('false', 'boolean', 'true', '', { singleValue: true }), loose)).toBe(false);
    expect(check(cond('0', 'boolean', 'true', '', { singleValue: true }), loose)).toBe(false);
    expect(check(cond(1, 'boolean', 'true', '', { singleValue: true }), loose)).toBe(true);
    expect(check(cond('false', 'boolean', 'true', '', { singleValue: true }), { ...loose, version: 1 })).toBe(true);
  });

  it('refuses non-booleans in strict mode', () => {
    expect(() => check(cond('true', 'boolean', 'true', '', { singleValue: true }))).toThrow(
      "Wrong type: 'true' is a string but was expecting a boolean [condition 0, item 0]",
    );
    expect(check(cond(true, 'boolean', 'equals', false))).toBe(false);
  });
});

describe('dateTime operators', () => {
  it('compares parsed instants', () => {
    expect(check(cond('2020-10-05T14:48:00.000Z', 'dateTime', 'after', '2018-12-31T22:00:00'))).toBe(true);
    expect(check(cond('2020-10-05T14:48:00.000Z', 'dateTime', 'before', '2018-12-31T22:00:00'))).toBe(false);
    expect(check(cond(DateTime.fromISO('2024-01-01T00:00:00Z'), 'dateTime', 'equals', '2024-01-01T01:00:00+01:00'))).toBe(true);
    expect(check(cond('Mon, 01 Jan 2024 00:00:00 GMT', 'dateTime', 'beforeOrEquals', '2024-01-01'))).toBe(true);
  });

  it('fails on text that is no date', () => {
    expect(() => check(cond('soon', 'dateTime', 'after', '2024-01-01'))).toThrow("'soon' is a string but was expecting a dateTime");
  });
});

describe('array and object operators', () => {
  it('checks membership and length', () => {
    expect(check(cond(['Exotic'], 'array', 'contains', 'exotic', { rightType: 'any' }), loose)).toBe(false);
    expect(check(cond(['Exotic'], 'array', 'contains', 'exotic', { rightType: 'any' }), { ...loose, caseSensitive: false })).toBe(true);
    expect(check(cond(undefined, 'array', 'contains', 'x', { rightType: 'any' }), loose)).toBe(false);
    expect(check(cond([1, 2, 3], 'array', 'lengthGt', '2', { rightType: 'number' }), loose)).toBe(true);
    expect(check(cond('[1,2]', 'array', 'lengthEquals', 2, { rightType: 'number' }), loose)).toBe(true);
    expect(check(cond("['a']", 'array', 'notEmpty', '', { singleValue: true }), loose)).toBe(true);
  });

  it('checks objects for keys, reading relaxed JSON in loose mode', () => {
    expect(check(cond({}, 'object', 'notEmpty', '', { singleValue: true }), loose)).toBe(false);
    expect(check(cond({ a: 1 }, 'object', 'notEmpty', '', { singleValue: true }))).toBe(true);
    expect(check(cond('{a: 1}', 'object', 'notEmpty', '', { singleValue: true }), loose)).toBe(true);
    expect(check(cond(undefined, 'object', 'empty', '', { singleValue: true }))).toBe(true);
  });
});

describe('executeFilter', () => {
  const value = (combinator: string, conditions: FilterCondition[], options: FilterOptions = strict): FilterValue => ({ options, conditions, combinator });

  it('combines with and / or and rejects unknown combinators', () => {
    const yes = cond('a', 'string', 'equals', 'a');
    const no = cond('a', 'string', 'equals', 'b');
    expect(executeFilter(value('and', [yes, no]), 0)).toBe(false);
    expect(executeFilter(value('or', [no, yes]), 0)).toBe(true);
    expect(executeFilter(value('xor', [yes]), 0)).toBe(false);
  });

  it('stops at the first decisive condition', () => {
    const broken = cond('x', 'number', 'gt', 'y');
    expect(executeFilter(value('or', [cond(1, 'number', 'gt', 0), broken]), 0)).toBe(true);
    expect(() => executeFilter(value('and', [cond(1, 'number', 'gt', 0), broken]), 3)).toThrow(ConditionError);
  });

  it('uses fallback options only when the value has none', () => {
    const raw = { conditions: [cond('A', 'string', 'equals', 'a')], combinator: 'and' } as unknown as FilterValue;
    expect(executeFilter(raw, 0, { caseSensitive: false })).toBe(true);
    expect(executeFilter(raw, 0, { caseSensitive: true })).toBe(false);
  });
});

describe('legacy comparisons', () => {
  it('keep JavaScript semantics', () => {
    expect(legacyCompare('smaller', 1, 2)).toBe(true);
    expect(legacyCompare('largerEqual', undefined, 0)).toBe(true);
    expect(legacyCompare('equal', 1, '1')).toBe(false);
    expect(legacyCompare('contains', null, '')).toBe(true);
    expect(legacyCompare('isEmpty', {}, undefined)).toBe(true);
    expect(legacyCompare('isNotEmpty', 0, undefined)).toBe(true);
    expect(legacyCompare('isEmpty', Number.NaN, undefined)).toBe(true);
    expect(legacyCompare('regex', 'Victor', '/^[A-Z][a-z]*$/')).toBe(true);
    expect(legacyCompare('notRegex', 'SAM', '^[A-Z]+$/')).toBe(true);
    expect(() => legacyCompare('startsWith', null, 'a')).toThrow("Cannot read properties of null (reading 'startsWith')");
    expect(() => legacyCompare('endsWith', 5, 'a')).toThrow('value1.endsWith is not a function');
  });

  it('converts dates to milliseconds or fails with n8n wording', () => {
    expect(legacyDateToMillis('2023-01-01T00:00:00.000-05:00', 'If')).toBe(Date.parse('2023-01-01T05:00:00Z'));
    expect(legacyDateToMillis(5, 'If')).toBe(5);
    expect(() => legacyDateToMillis('', 'If')).toThrow('The value "" is not a valid DateTime.');
  });
});

describe('parseJsObjectLiteral', () => {
  it('reads literal values only', () => {
    expect(parseJsObjectLiteral("{a: 1, 'b': [true, -2], c: {d: null}, e: foo()}")).toEqual({ a: 1, b: [true, -2], c: { d: null }, e: undefined });
    expect(parseJsObjectLiteral('[1]')).toBeUndefined();
  });
});
