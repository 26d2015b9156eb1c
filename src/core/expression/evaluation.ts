import jmespath from 'jmespath';
import { DateTime } from 'luxon';
import { WeftError } from '../errors/index.js';
import { MAX_ARRAY_LENGTH, NOT_FOUND, type Runtime } from './compile.js';
import { InputView, ItemView, NodeMapView, NodeView, type Own } from './dollar-views.js';
import { expressionError, forbidden } from './errors.js';
import { extensionOverridesNative, findExtension } from './extensions/index.js';
import { isPlainObject } from './extensions/equality.js';
import { FORBIDDEN_FUNCTIONS } from './globals.js';
import { HostView, readMember } from './guard.js';
import type { ExpressionScope } from './types.js';
import { createWorkflowData, type WorkflowData } from './workflow-data.js';

/** Limits of one evaluation. */
export interface EvaluationLimits {
  readonly maxSteps: number;
  readonly maxDepth: number;
  /** Epoch ms after which the evaluation stops, or undefined. */
  readonly deadline: number | undefined;
  readonly env: Readonly<Record<string, string>> | undefined;
}

/** Longest string an expression may build with repeat/padStart/padEnd. */
const MAX_STRING_LENGTH = 50_000_000;

function budgetError(message: string): WeftError {
  return new WeftError('WEFT_E_EXPRESSION', message, { budget: true });
}

/** A deep copy of plain data (objects, arrays, dates); other values (DateTime…) are immutable or opaque. */
export function copyData<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(copyData) as T;
  if (value instanceof Date) return new Date(value.getTime()) as T;
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) out[key] = copyData(value[key]);
  return out as T;
}

const identity: Own = (value) => value;

function isEmptyForIfEmpty(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  if (isPlainObject(value)) return Object.keys(value).length === 0;
  return false;
}

/**
 * The state of one evaluation of one compiled expression for one item: step budget, call depth and the
 * lazily built `$`-variables. Created per evaluation; builds nothing it is not asked for.
 */
export class Evaluation implements Runtime {
  completion: unknown = undefined;
  private steps = 0;
  private depth = 0;
  private dataCache: WorkflowData | undefined;
  private jsonCache: unknown = NOT_FOUND;
  private readonly own: Own;

  constructor(
    readonly scope: ExpressionScope,
    private readonly limits: EvaluationLimits,
    copyInputs: boolean,
  ) {
    this.own = copyInputs ? copyData : identity;
  }

  private get data(): WorkflowData {
    return (this.dataCache ??= createWorkflowData(this.scope));
  }

  tick(): void {
    const steps = ++this.steps;
    if (steps > this.limits.maxSteps) {
      throw budgetError(`Expression stopped: it ran more than ${this.limits.maxSteps} steps (an endless loop?)`);
    }
    if ((steps & 1023) === 0 && this.limits.deadline !== undefined && Date.now() > this.limits.deadline) {
      throw budgetError('Expression timed out');
    }
  }

  enterCall(): void {
    this.tick();
    if (++this.depth > this.limits.maxDepth) {
      this.depth--;
      throw budgetError('Expression stopped: Maximum call stack size exceeded');
    }
  }

  exitCall(): void {
    this.depth--;
  }

  json(): unknown {
    if (this.jsonCache === NOT_FOUND) {
      const item = this.scope.inputs[0]?.[this.scope.itemIndex];
      this.jsonCache = this.own(item?.json ?? {});
    }
    return this.jsonCache;
  }

  lookup(name: string): unknown {
    const { scope } = this;
    switch (name) {
      case '$json':
      case '$data':
        return this.json();
      case '$binary':
        return this.own(this.data.binary());
      case '$input':
        return new InputView(this.data, this.own);
      case '$':
        return (nodeName: unknown) => {
          if (typeof nodeName !== 'string') throw expressionError('invalid syntax', { description: "$() needs a node name, e.g. $('Node')" });
          if (!this.data.nodeExists(nodeName)) {
            throw expressionError(`Referenced node doesn't exist`, { nodeCause: nodeName, description: `The node '${nodeName}' doesn't exist, but it's used in an expression here.` });
          }
          return new NodeView(this.data, nodeName, this.own);
        };
      case '$node':
        return new NodeMapView(this.data, this.own);
      case '$items':
        return (nodeName?: unknown, outputIndex?: unknown, runIndex?: unknown) =>
          this.data
            .items(typeof nodeName === 'string' ? nodeName : undefined, num(outputIndex), num(runIndex))
            .map((item) => ({ json: this.own(item.json), ...(item.binary ? { binary: this.own(item.binary) } : {}) }));
      case '$item':
        return (itemIndex: unknown) => new ItemView(this.data.forItem(typeof itemIndex === 'number' ? itemIndex : 0), this.own);
      case '$prevNode': {
        const prev = this.data.prevNode();
        return prev ? { ...prev } : {};
      }
      case '$runIndex':
      case '$thisRunIndex':
        return scope.runIndex;
      case '$itemIndex':
      case '$thisItemIndex':
      case '$position':
        return scope.itemIndex;
      case '$workflow':
        return { id: scope.workflow.id, name: scope.workflow.name, active: scope.workflow.active ?? false };
      case '$execution':
        return { id: scope.executionId, mode: scope.mode === 'manual' ? 'test' : 'production', customData: { ...(scope.customData ?? {}) } };
      case '$mode':
        return scope.mode;
      case '$now':
        return DateTime.fromMillis(scope.now, { zone: scope.timezone });
      case '$today':
        return DateTime.fromMillis(scope.now, { zone: scope.timezone }).startOf('day');
      case '$parameter':
        return this.own(scope.node.parameters ?? {});
      case '$nodeVersion':
        return scope.node.typeVersion;
      case '$vars':
        return {};
      case '$env':
        if (this.limits.env === undefined) throw forbidden('$env (access to environment variables is disabled)');
        return { ...this.limits.env };
      case '$if':
        return (condition: unknown, whenTrue: unknown, whenFalse: unknown) => (condition ? whenTrue : whenFalse);
      case '$ifEmpty':
        return (value: unknown, fallback: unknown) => (isEmptyForIfEmpty(value) ? fallback : value);
      case '$not':
        return (value: unknown) => !value;
      case '$min':
        return (...values: unknown[]) => Math.min(...(values as number[]));
      case '$max':
        return (...values: unknown[]) => Math.max(...(values as number[]));
      case '$average':
        return (...values: unknown[]) => (values.length === 0 ? 0 : (values as number[]).reduce((a, b) => a + b, 0) / values.length);
      case '$jmespath':
        return (data: unknown, query: unknown) => {
          if (typeof query !== 'string') throw expressionError('$jmespath() needs a query string as its second argument');
          return jmespath.search(data as Parameters<typeof jmespath.search>[0], query) as unknown;
        };
      default:
        if (scope.additionalKeys !== undefined && Object.hasOwn(scope.additionalKeys, name)) return this.own(scope.additionalKeys[name]);
        return NOT_FOUND;
    }
  }

  callMethod(object: unknown, key: string, args: unknown[]): unknown {
    if (object === null || object === undefined) {
      throw new TypeError(`Cannot read properties of ${String(object)} (reading '${key}')`);
    }
    if (object instanceof HostView) return this.invoke(object.read(key), object, args, key);
    if (typeof object === 'function') {
      if (FORBIDDEN_FUNCTIONS.has(object)) throw forbidden(`using ${object.name || 'this function'}`);
      checkAllocation(object, key, args);
      return this.invoke(readMember(object, key), object, args, key);
    }
    if (!extensionOverridesNative(object, key)) {
      const native = (object as Record<string, unknown>)[key];
      if (typeof native === 'function') {
        checkAllocation(object, key, args);
        return this.invoke(native, object, args, key);
      }
    }
    const extension = findExtension(object, key);
    if (extension) return extension(args, this.scope);
    throw new TypeError(`${describe(object)}.${key} is not a function`);
  }

  private invoke(fn: unknown, self: unknown, args: unknown[], key: string): unknown {
    if (typeof fn !== 'function') throw new TypeError(`${key} is not a function`);
    if (FORBIDDEN_FUNCTIONS.has(fn)) throw forbidden(`calling ${key}`);
    return Reflect.apply(fn, self, args);
  }
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value instanceof Date) return 'date';
  return typeof value;
}

/** Stops host methods that would allocate without bound (the step budget cannot see inside them). */
function checkAllocation(target: unknown, key: string, args: unknown[]): void {
  if (typeof target === 'string' && (key === 'repeat' || key === 'padStart' || key === 'padEnd')) {
    const [count] = args;
    const size = key === 'repeat' ? target.length * Number(count) : Number(count);
    if (size > MAX_STRING_LENGTH) throw budgetError(`Expression stopped: ${key}() would build a string of ${size} characters`);
  }
  if (target === Array && key === 'from') {
    const [source] = args;
    const length = source !== null && typeof source === 'object' ? Number((source as { length?: unknown }).length) : 0;
    if (length > MAX_ARRAY_LENGTH) throw budgetError(`Expression stopped: Array.from() would build ${length} entries`);
  }
  if (Array.isArray(target) && key === 'fill' && target.length > MAX_ARRAY_LENGTH) {
    throw budgetError('Expression stopped: array too large');
  }
}
