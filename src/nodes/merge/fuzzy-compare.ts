import lodash from 'lodash';

/** Compares two field values; see {@link fuzzyCompare}. */
export type CompareValues = (a: unknown, b: unknown) => boolean;

/** Null, '' and [] count as "empty" for fuzzy comparison. */
function isEmptyish(value: unknown): boolean {
  return value === null || value === '' || (Array.isArray(value) && value.length === 0);
}

function parsedEquals(text: string, value: unknown): boolean {
  try {
    return lodash.isEqual(JSON.parse(text), value);
  } catch {
    return false;
  }
}

function booleanMatches(flag: boolean, other: unknown): boolean {
  if (typeof other === 'string') {
    const lower = other.toLocaleLowerCase();
    if (lower === String(flag)) return true;
    return other === (flag ? '1' : '0');
  }
  if (typeof other === 'number') return other === (flag ? 1 : 0);
  return false;
}

/**
 * n8n's value comparison for matching fields: deep equality, or with `useFuzzy` tolerant of type differences
 * (3 and '3', true and 'TRUE' or 1, an object and its JSON text, empty values of different kinds). From
 * `compareVersion` 2 (Compare Datasets ≥ 2), null also equals 0 and '0'.
 */
export function fuzzyCompare(useFuzzy: boolean, compareVersion = 1): CompareValues {
  if (!useFuzzy) return (a, b) => lodash.isEqual(a, b);
  return (a, b) => {
    if (a !== null && b !== null && typeof a === typeof b) return lodash.isEqual(a, b);
    if (compareVersion >= 2) {
      if (a === null && (b === null || b === 0 || b === '0')) return true;
      if (b === null && (a === 0 || a === '0')) return true;
    }
    if (isEmptyish(a) && isEmptyish(b)) return true;
    if ((isEmptyish(a) && b === undefined) || (a === undefined && isEmptyish(b))) return true;
    if (typeof a === 'number' && typeof b === 'string') return a.toString() === b;
    if (typeof a === 'string' && typeof b === 'number') return a === b.toString();
    if (a !== null && typeof a === 'object' && typeof b === 'string') return parsedEquals(b, a);
    if (b !== null && typeof a === 'string' && typeof b === 'object') return parsedEquals(a, b);
    if (typeof a === 'boolean' && booleanMatches(a, b)) return true;
    if (typeof b === 'boolean' && booleanMatches(b, a)) return true;
    return lodash.isEqual(a, b);
  };
}
