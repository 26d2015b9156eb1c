import { DateTime, Duration, Interval } from 'luxon';
import { forbidden } from './errors.js';
import { assertWritable, shared } from './guard.js';

/**
 * The standard globals expressions may use, as n8n allows them. Namespaces are frozen copies (writing
 * `Math.max = …` must not reach the host's `Math`); constructors are the host's, guarded by the member
 * checks (no `prototype`, no `constructor`, no writes on functions).
 */

/** A frozen copy of a namespace object's own members. */
function namespaceCopy(source: object): Readonly<Record<string, unknown>> {
  const copy: Record<string, unknown> = {};
  for (const name of Object.getOwnPropertyNames(source)) copy[name] = (source as Record<string, unknown>)[name];
  return shared(Object.freeze(copy));
}

/** Plain objects and arrays only: the guarded targets of `Object.assign` and friends. */
function writableTarget(target: unknown, what: string): Record<string, unknown> {
  if (target === null || typeof target !== 'object') throw new TypeError(`${what} called on non-object`);
  assertWritable(target, what);
  return target;
}

/** `Object` without the statics that bypass member checks (defineProperty, getPrototypeOf, descriptors…). */
const safeObject = shared(
  Object.freeze({
    keys: (value: object) => Object.keys(value),
    values: (value: object) => Object.values(value),
    entries: (value: object) => Object.entries(value),
    fromEntries: (entries: Iterable<readonly [PropertyKey, unknown]>) => Object.fromEntries(entries),
    assign: (target: unknown, ...sources: unknown[]) => Object.assign(writableTarget(target, 'Object.assign'), ...sources.map(plainSource)),
    is: (a: unknown, b: unknown) => Object.is(a, b),
    hasOwn: (value: object, key: PropertyKey) => Object.hasOwn(value, key),
    getOwnPropertyNames: (value: object) => Object.getOwnPropertyNames(value),
    freeze: <T>(value: T) => (typeof value === 'object' && value !== null ? Object.freeze(writableTarget(value, 'Object.freeze')) : value),
    isFrozen: (value: object) => Object.isFrozen(value),
    create: (proto: unknown) => {
      if (proto !== null) throw forbidden('Object.create with a prototype');
      return Object.create(null) as object;
    },
  }),
);

/** Sources of `Object.assign` are read with getters run; only plain data is accepted. */
function plainSource(source: unknown): unknown {
  if (typeof source === 'function') throw forbidden('Object.assign from a function');
  return source;
}

/** Host functions that compile or run code from strings, or reach beyond the sandbox: never callable. */
export const FORBIDDEN_FUNCTIONS: ReadonlySet<unknown> = new Set<unknown>([
  Function,
  Object.getPrototypeOf(async function () {}).constructor,
  Object.getPrototypeOf(function* () {}).constructor,
  Object.getPrototypeOf(async function* () {}).constructor,
  Object.defineProperty,
  Object.defineProperties,
  Object.setPrototypeOf,
  Object.getPrototypeOf,
  Object.getOwnPropertyDescriptor,
  Object.getOwnPropertyDescriptors,
  Reflect.apply,
  Reflect.construct,
  Reflect.defineProperty,
  Reflect.get,
  Reflect.set,
  Reflect.getPrototypeOf,
  Reflect.setPrototypeOf,
]);

/** Constructors `new` may be used with. */
export const SAFE_CONSTRUCTORS: ReadonlySet<unknown> = new Set<unknown>([
  Date,
  RegExp,
  Map,
  Set,
  WeakMap,
  WeakSet,
  Array,
  Object,
  String,
  Number,
  Boolean,
  Error,
  TypeError,
  RangeError,
  SyntaxError,
  ReferenceError,
  URIError,
  EvalError,
  Uint8Array,
  Int8Array,
  Uint16Array,
  Int16Array,
  Uint32Array,
  Int32Array,
  Float32Array,
  Float64Array,
  ArrayBuffer,
  Intl.DateTimeFormat,
  Intl.NumberFormat,
  Intl.Collator,
  Intl.PluralRules,
  Intl.RelativeTimeFormat,
  Intl.ListFormat,
  URLSearchParams,
  URL,
]);

/** The safe standard globals, by name. */
export const SAFE_GLOBALS: ReadonlyMap<string, unknown> = new Map<string, unknown>([
  ['Math', namespaceCopy(Math)],
  ['JSON', namespaceCopy(JSON)],
  ['Intl', namespaceCopy(Intl)],
  ['Object', safeObject],
  ['Number', Number],
  ['String', String],
  ['Boolean', Boolean],
  ['Array', Array],
  ['Date', Date],
  ['RegExp', RegExp],
  ['Map', Map],
  ['Set', Set],
  ['WeakMap', WeakMap],
  ['WeakSet', WeakSet],
  ['BigInt', BigInt],
  ['Error', Error],
  ['TypeError', TypeError],
  ['RangeError', RangeError],
  ['SyntaxError', SyntaxError],
  ['ReferenceError', ReferenceError],
  ['URIError', URIError],
  ['EvalError', EvalError],
  ['Uint8Array', Uint8Array],
  ['Int8Array', Int8Array],
  ['Uint16Array', Uint16Array],
  ['Int16Array', Int16Array],
  ['Uint32Array', Uint32Array],
  ['Int32Array', Int32Array],
  ['Float32Array', Float32Array],
  ['Float64Array', Float64Array],
  ['ArrayBuffer', ArrayBuffer],
  ['URL', URL],
  ['URLSearchParams', URLSearchParams],
  ['DateTime', DateTime],
  ['Duration', Duration],
  ['Interval', Interval],
  ['parseInt', parseInt],
  ['parseFloat', parseFloat],
  // n8n hands expressions Number's strict variants under the global names.
  ['isNaN', Number.isNaN],
  ['isFinite', Number.isFinite],
  ['encodeURI', encodeURI],
  ['encodeURIComponent', encodeURIComponent],
  ['decodeURI', decodeURI],
  ['decodeURIComponent', decodeURIComponent],
  ['Infinity', Infinity],
  ['NaN', NaN],
  ['undefined', undefined],
]);

/** Names that reach the host or generate code; using them is refused with a clear error. */
export const FORBIDDEN_GLOBALS: ReadonlySet<string> = new Set([
  'process',
  'require',
  'module',
  'exports',
  'global',
  'globalThis',
  'window',
  'self',
  'document',
  'eval',
  'uneval',
  'Function',
  'AsyncFunction',
  'GeneratorFunction',
  'AsyncGeneratorFunction',
  'Generator',
  'AsyncGenerator',
  'Reflect',
  'Proxy',
  'Symbol',
  'Promise',
  'WebAssembly',
  'setTimeout',
  'setInterval',
  'setImmediate',
  'clearTimeout',
  'clearInterval',
  'clearImmediate',
  'queueMicrotask',
  'fetch',
  'XMLHttpRequest',
  'Buffer',
  'Atomics',
  'SharedArrayBuffer',
  '__dirname',
  '__filename',
  'arguments',
  'constructor',
  'escape',
  'unescape',
  'import',
  'alert',
  'prompt',
  'confirm',
  'structuredClone',
  'performance',
  'console',
]);
