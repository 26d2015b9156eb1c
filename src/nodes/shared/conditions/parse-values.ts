import { coerceValue, toBoolean } from './coerce.js';
import { ConditionError, LESS_STRICT_HINT } from './condition-error.js';
import type { ConditionPosition, FilterCondition, FilterOptions } from './types.js';

/** Both sides of a condition converted to the operator's types (`undefined` where a side could not be read). */
export interface ParsedSides {
  left: unknown;
  right: unknown;
}

interface ParseSettings {
  strict: boolean;
  version: number;
  zone?: string;
}

/**
 * Converts the left and right values of a condition to the operator's type, or throws a {@link ConditionError}
 * with n8n's wording ("Wrong type: '5' is a string but was expecting a number [condition 0, item 0]").
 */
export function parseConditionSides(condition: FilterCondition, options: FilterOptions, position: ConditionPosition, zone?: string): ParsedSides {
  const settings: ParseSettings = { strict: options.typeValidation === 'strict', version: options.version ?? 1, zone };
  const { operator } = condition;
  const leftType = operator.type;
  const rightType = operator.rightType ?? operator.type;
  const left = parseSide(condition.leftValue, leftType, settings);
  const right = parseSide(condition.rightValue, rightType, settings);
  const rightValid = right.valid || operator.singleValue === true;
  const suffix = `[condition ${position.index}, item ${position.itemIndex}]`;

  if (!left.valid && !rightValid && typeof condition.leftValue === typeof condition.rightValue) {
    throw new ConditionError(
      `Comparison type expects ${withArticle(leftType)} but both fields are ${withArticle(typeof condition.leftValue)}`,
      typeHint(settings.strict),
    );
  }
  if (!left.valid) throw invalidSide(leftType, condition.leftValue, 'first', suffix, settings.strict);
  if (!rightValid) throw invalidSide(rightType, condition.rightValue, 'second', suffix, settings.strict);
  return { left: left.valid ? left.value : undefined, right: right.valid ? right.value : undefined };
}

type SideResult = { valid: true; value: unknown } | { valid: false };

function parseSide(value: unknown, type: string, settings: ParseSettings): SideResult {
  if (type === 'any' || value === null || value === undefined) return { valid: true, value };
  if (type === 'boolean' && !settings.strict) {
    // Loose booleans: from version 2 "false"/"0" read as false; before, and for anything else, JS truthiness.
    if (settings.version >= 2) {
      const parsed = toBoolean(value);
      if (parsed.valid) return parsed;
    }
    return { valid: true, value: Boolean(value) };
  }
  if (type === 'number') {
    if (Number.isNaN(value)) return { valid: true, value };
    const emptyText = typeof value === 'string' && value.trim() === '';
    const emptyList = Array.isArray(value) && value.length === 0;
    // Number('') is 0, which surprised users: from version 3 an empty value counts as missing.
    if ((emptyText || emptyList) && settings.version >= 3) return { valid: true, value: null };
  }
  return coerceValue(value, type, { strict: settings.strict, zone: settings.zone });
}

function invalidSide(type: string, value: unknown, position: 'first' | 'second', suffix: string, strict: boolean): ConditionError {
  const fromType = (typeof value).toLocaleLowerCase();
  const message = strict
    ? `Wrong type: '${String(value)}' is ${withArticle(fromType)} but was expecting ${withArticle(type)} ${suffix}`
    : `Conversion error: the ${fromType} '${String(value)}' can't be converted to ${withArticle(type)} ${suffix}`;
  return new ConditionError(message, invalidSideHint(type, position, strict));
}

const conversionFunctions: Readonly<Record<string, string>> = { string: '.toString()', number: '.toNumber()', boolean: '.toBoolean()' };

function invalidSideHint(type: string, position: 'first' | 'second', strict: boolean): string {
  const conversion = conversionFunctions[type];
  if (!strict || conversion === undefined) return typeHint(strict);
  // Kept byte for byte as n8n words it (an HTML list), so error descriptions compare equal.
  return `
<p>Try either:</p>
<ol>
  <li>Enabling 'Convert types where required'</li>
  <li>Converting the ${position} field to ${withArticle(type)} by adding <code>${conversion}</code></li>
</ol>
\t\t\t`;
}

function typeHint(strict: boolean): string {
  return strict ? LESS_STRICT_HINT : 'Try changing the type of the comparison.';
}

function withArticle(noun: string): string {
  return `${'aeiou'.includes(noun.charAt(0)) ? 'an' : 'a'} ${noun}`;
}
