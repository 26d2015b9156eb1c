import { forbidden } from './errors.js';

/**
 * Property names no expression may read or write, on any value: they lead to constructors (and so to
 * `Function`), to prototypes, or to legacy accessors that bypass every other check.
 */
export const DENIED_KEYS: ReadonlySet<string> = new Set([
  'constructor',
  '__proto__',
  'prototype',
  '__defineGetter__',
  '__defineSetter__',
  '__lookupGetter__',
  '__lookupSetter__',
  'caller',
  'callee',
  'arguments',
  'captureStackTrace',
  'prepareStackTrace',
  'stackTraceLimit',
  'mainModule',
  'binding',
  'dlopen',
]);

/** Members readable on any function besides its own non-denied properties. */
const FUNCTION_MEMBERS: ReadonlySet<string> = new Set(['call', 'apply', 'bind', 'name', 'length', 'toString']);

/**
 * A host object whose members are computed on demand (`$input`, `$('Node')`, `$node`). Member reads go
 * through `read`, so nothing is built until an expression asks for it and no getter is ever exposed.
 */
export abstract class HostView {
  /** The member `key`, or undefined. */
  abstract read(key: string): unknown;
  /** A plain snapshot, for when the view itself is the result of an expression. */
  abstract toPlain(): unknown;
}

/** Objects shared across evaluations (namespaces like `Math`); never writable from expressions. */
const sharedObjects = new WeakSet<object>();

/** Marks `value` (and returns it) as shared: expressions may read it but never write to it. */
export function shared<T extends object>(value: T): T {
  sharedObjects.add(value);
  return value;
}

/** Converts a computed key the way JS does (calling user `toString` if any), refusing symbols. */
export function toKey(key: unknown): string {
  if (typeof key === 'string') return key;
  if (typeof key === 'number') return String(key);
  if (typeof key === 'symbol') throw forbidden('symbol-keyed member access');
  return String(key);
}

/** Throws when `key` may not be touched. */
export function checkKey(key: string): void {
  if (DENIED_KEYS.has(key)) throw forbidden(`access to '${key}'`);
}

/**
 * Reads `object[key]` for an expression. `key` must already have passed `checkKey`. Functions expose only
 * their own members (statics such as `Math.max`, `DateTime.now`) and call/apply/bind.
 */
export function readMember(object: unknown, key: string): unknown {
  if (object === null || object === undefined) {
    throw new TypeError(`Cannot read properties of ${String(object)} (reading '${key}')`);
  }
  if (typeof object === 'object') {
    if (object instanceof HostView) return object.read(key);
    return (object as Record<string, unknown>)[key];
  }
  if (typeof object === 'function') {
    if (Object.prototype.hasOwnProperty.call(object, key) || FUNCTION_MEMBERS.has(key)) {
      return (object as unknown as Record<string, unknown>)[key];
    }
    return undefined;
  }
  return (object as Record<string, unknown>)[key];
}

/** Whether an expression may write members of `object`: only plain objects and arrays it can see. */
export function assertWritable(object: unknown, key: string): asserts object is Record<string, unknown> {
  if (object === null || object === undefined) {
    throw new TypeError(`Cannot set properties of ${String(object)} (setting '${key}')`);
  }
  if (typeof object !== 'object') {
    if (typeof object === 'function') throw forbidden(`writing '${key}' on a function`);
    return;
  }
  if (object instanceof HostView || sharedObjects.has(object)) throw forbidden(`writing '${key}' on a built-in object`);
  if (Array.isArray(object)) return;
  const proto: unknown = Object.getPrototypeOf(object);
  if (proto !== Object.prototype && proto !== null) throw forbidden(`writing '${key}' on a built-in object`);
}

/** Writes `object[key] = value` after the guards. */
export function writeMember(object: unknown, key: string, value: unknown): unknown {
  checkKey(key);
  assertWritable(object, key);
  if (typeof object !== 'object') return value; // primitives ignore writes, as in sloppy JS
  object[key] = value;
  return value;
}

/** Deletes `object[key]` after the guards. */
export function deleteMember(object: unknown, key: string): boolean {
  checkKey(key);
  assertWritable(object, key);
  if (typeof object !== 'object') return true;
  return delete object[key];
}
