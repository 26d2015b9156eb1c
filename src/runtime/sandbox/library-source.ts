import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

let luxonSource: string | undefined;

/**
 * The source of luxon's browser/global build (defines a global `luxon`), read once per process from
 * node_modules so the isolate runs the very luxon version the host has.
 */
export function readLuxonGlobalBuild(): string {
  if (luxonSource === undefined) {
    const require = createRequire(import.meta.url);
    // `luxon` resolves to build/node/luxon.js; the global build sits beside it in build/global/.
    const nodeBuild = require.resolve('luxon');
    luxonSource = readFileSync(join(dirname(nodeBuild), '..', 'global', 'luxon.js'), 'utf8');
  }
  return luxonSource;
}

/**
 * Runs in the library context after luxon loaded: deep-freezes everything reachable from its global object and the
 * intrinsics that have no global name. Runs share this context's luxon, so nothing in it may be writable, or one
 * run could leave something behind for the next (`DateTime.prototype.toISO = …`, `Object.prototype.x = …` through
 * a luxon object's prototype chain, or the realm's `Function`).
 */
export const FREEZE_LIBRARY_SOURCE = String.raw`(function () {
  'use strict';
  const seen = new WeakSet();
  const stack = [];
  const push = (value) => {
    if (value !== null && (typeof value === 'object' || typeof value === 'function') && !seen.has(value)) {
      seen.add(value);
      stack.push(value);
    }
  };
  push(globalThis);
  push(Object.getPrototypeOf(function* () {}));
  push(Object.getPrototypeOf(async function () {}));
  push(Object.getPrototypeOf(async function* () {}));
  push(Object.getPrototypeOf([][Symbol.iterator]()));
  push(Object.getPrototypeOf(new Map()[Symbol.iterator]()));
  push(Object.getPrototypeOf(new Set()[Symbol.iterator]()));
  push(Object.getPrototypeOf(''[Symbol.iterator]()));
  push(Object.getPrototypeOf(/a/[Symbol.matchAll]('')));
  push(Object.getPrototypeOf(Int8Array));
  push(Object.getOwnPropertyDescriptor(Function.prototype, 'caller')?.get);
  while (stack.length > 0) {
    const value = stack.pop();
    Object.freeze(value);
    push(Object.getPrototypeOf(value));
    for (const key of Reflect.ownKeys(value)) {
      const descriptor = Object.getOwnPropertyDescriptor(value, key);
      if (!descriptor) continue;
      if ('value' in descriptor) push(descriptor.value);
      else { push(descriptor.get); push(descriptor.set); }
    }
  }
})();`;
