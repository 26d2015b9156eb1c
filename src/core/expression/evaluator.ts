import { DateTime } from 'luxon';
import { WeftError } from '../errors/index.js';
import { compileProgram, parseBody, type Compiled, type Env } from './compile.js';
import { isFatalExpressionError } from './errors.js';
import { copyData, Evaluation, type EvaluationLimits } from './evaluation.js';
import { ExtensionError } from './extensions/index.js';
import { isPlainObject } from './extensions/equality.js';
import { HostView } from './guard.js';
import { LruCache } from './lru.js';
import { splitTemplate } from './template.js';
import type { ExpressionEvaluator, ExpressionScope } from './types.js';

export interface ExpressionEvaluatorOptions {
  /** Environment variables `$env` may read; `$env` is refused when undefined. */
  readonly env?: Readonly<Record<string, string>>;
  /** Time bound for one expression evaluation, in ms. */
  readonly timeoutMs?: number;
  /** Steps (loop iterations, function calls) one evaluation may take before it is stopped. Default 1,000,000. */
  readonly maxSteps?: number;
  /** Nested function calls one evaluation may make. Default 200. */
  readonly maxDepth?: number;
  /** Compiled expressions kept in memory. Default 5,000. */
  readonly cacheSize?: number;
  /**
   * n8n resolves an expression whose code throws a plain JavaScript error (reading a property of undefined,
   * an unknown identifier) to `undefined`. `strict: true` reports those errors instead
   * (`ReferenceError: x is not defined`, `TypeError: …`). Expression errors proper (paired items, unexecuted
   * nodes, extension misuse, refused access, budgets) are always reported.
   */
  readonly strict?: boolean;
}

/** One `{{ }}` body, compiled (or the error compiling it raised, re-thrown on each use). */
interface CodePart {
  readonly run: Compiled;
  readonly slots: number;
  readonly mayMutate: boolean;
}

type Part = string | CodePart | WeftError;

/** A whole expression string, split and compiled. */
interface CompiledTemplate {
  readonly parts: readonly Part[];
  /** True when the expression is one `{{ }}` and nothing else: its value keeps its type. */
  readonly single: boolean;
}

const EMPTY_VARS: unknown[] = [];
const ROOT_ENV: Env = Object.freeze({ vars: EMPTY_VARS, parent: null });

/**
 * Creates an n8n-compatible expression evaluator. Expression code is parsed with acorn and run by Weft's own
 * interpreter (never by `eval`/`vm`): identifiers resolve only to the expression context, every member access
 * is guarded, loops and calls count against a step budget.
 *
 * Mutation policy: code that can mutate what it reads (assignments to members, `delete`, mutating methods
 * such as `push`/`sort`/`Object.assign`) gets private deep copies of `$json`, `$input`, `$('Node')`… data;
 * other code reads the items in place, which keeps the common `{{ $json.a }}` free of copies. Results that
 * are plain objects or arrays are returned as copies, so a node cannot change run data through them either.
 *
 * @example
 * const evaluator = createExpressionEvaluator();
 * evaluator.resolve('={{ $json.a + 1 }}', scope); // 2 when $json.a is 1
 */
export function createExpressionEvaluator(options: ExpressionEvaluatorOptions = {}): ExpressionEvaluator {
  const cache = new LruCache<string, CompiledTemplate>(options.cacheSize ?? 5000);
  const strict = options.strict === true;
  const baseLimits = {
    maxSteps: options.maxSteps ?? 1_000_000,
    maxDepth: options.maxDepth ?? 200,
    env: options.env === undefined ? undefined : Object.freeze({ ...options.env }),
  };

  const compile = (source: string): CompiledTemplate => {
    let compiled = cache.get(source);
    if (compiled === undefined) {
      compiled = compileTemplate(source, strict);
      cache.set(source, compiled);
    }
    return compiled;
  };

  const limitsNow = (): EvaluationLimits => ({
    ...baseLimits,
    deadline: options.timeoutMs === undefined ? undefined : Date.now() + options.timeoutMs,
  });

  const runPart = (part: CodePart | WeftError, scope: ExpressionScope): unknown => {
    if (part instanceof WeftError) throw part;
    const evaluation = new Evaluation(scope, limitsNow(), part.mayMutate);
    const env: Env = part.slots === 0 ? ROOT_ENV : { vars: new Array<unknown>(part.slots), parent: null };
    try {
      return part.run(evaluation, env);
    } catch (error) {
      if (error instanceof WeftError || error instanceof ExtensionError || strict) throw error;
      // n8n resolves code that throws a plain JS error to undefined (see `strict`).
      if (error instanceof RangeError && /call stack/i.test(error.message)) throw error;
      return undefined;
    }
  };

  const evaluate = (expression: string, scope: ExpressionScope): unknown => {
    const template = compile(expression.slice(1));
    const { parts } = template;
    if (template.single) return finishSingle(runPart(parts[0] as CodePart | WeftError, scope));
    let out = '';
    for (const part of parts) out += typeof part === 'string' ? part : toText(runPart(part, scope));
    return out;
  };

  const resolveAt = (value: unknown, scope: ExpressionScope, path: string): unknown => {
    if (typeof value === 'string') {
      if (value.charCodeAt(0) !== 61 /* '=' */) return value;
      try {
        return evaluate(value, scope);
      } catch (error) {
        throw reportError(error, scope, path);
      }
    }
    if (Array.isArray(value)) return value.map((entry, index) => resolveAt(entry, scope, `${path}[${index}]`));
    if (value !== null && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [key, entry] of Object.entries(value)) out[key] = resolveAt(entry, scope, path === '' ? key : `${path}.${key}`);
      return out;
    }
    return value;
  };

  return {
    resolve: (value: unknown, scope: ExpressionScope, parameter?: string) => resolveAt(value, scope, parameter ?? ''),
  };
}

function compileTemplate(source: string, strict: boolean): CompiledTemplate {
  const chunks = splitTemplate(source);
  const parts: Part[] = chunks.map((chunk) => (chunk.kind === 'text' ? chunk.text : compileCode(chunk.code, strict)));
  const single = parts.length === 1 && typeof parts[0] !== 'string';
  return { parts, single };
}

function compileCode(code: string, strict: boolean): CodePart | WeftError {
  if (code.trim() === '') return { run: () => undefined, slots: 0, mayMutate: false };
  let program;
  try {
    program = parseBody(code);
  } catch (error) {
    return new WeftError('WEFT_E_EXPRESSION', 'invalid syntax', { description: error instanceof Error ? error.message : String(error) });
  }
  try {
    return compileProgram(program, { strictReferences: strict });
  } catch (error) {
    if (error instanceof WeftError) return error;
    throw error;
  }
}

/** The value of a lone `{{ }}`: functions are refused as n8n does; objects are copied out of run data. */
function finishSingle(value: unknown): unknown {
  if (typeof value === 'function') {
    if (value === DateTime) throw new WeftError('WEFT_E_EXPRESSION', 'this is a DateTime, please access its methods');
    throw new WeftError('WEFT_E_EXPRESSION', 'this is a function, please add ()');
  }
  if (value instanceof HostView) return copyData(value.toPlain());
  if (value !== null && typeof value === 'object') return stripFunctions(copyData(value));
  return value;
}

/** Functions created by expression code must not escape into node parameters. */
function stripFunctions(value: unknown): unknown {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (typeof value[i] === 'function') value[i] = undefined;
  } else if (isPlainObject(value)) {
    for (const key of Object.keys(value)) if (typeof value[key] === 'function') delete value[key];
  }
  return value;
}

/**
 * How a value appears inside mixed text, as in n8n's template engine: null/undefined as '', everything else by
 * JavaScript string conversion (so an object reads "[object Object]" and an array "a,b", which n8n users know).
 */
function toText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'function') return '';
  if (value instanceof HostView) return String(value.toPlain());
  return String(value);
}

/** Adds the node and parameter to an expression error; other errors become WEFT_E_EXPRESSION with their JS name. */
function reportError(error: unknown, scope: ExpressionScope, parameter: string): WeftError {
  const where = { node: scope.node.name, ...(parameter === '' ? {} : { parameter }), itemIndex: scope.itemIndex, runIndex: scope.runIndex };
  if (error instanceof WeftError) {
    const fatal = isFatalExpressionError(error);
    return new WeftError(error.code, error.message, { ...error.details, ...where, ...(fatal ? { budget: error.details['budget'] } : {}) }, { cause: error });
  }
  if (error instanceof ExtensionError) return new WeftError('WEFT_E_EXPRESSION', error.message, where, { cause: error });
  if (error instanceof Error) return new WeftError('WEFT_E_EXPRESSION', `${error.name}: ${error.message}`, where, { cause: error });
  return new WeftError('WEFT_E_EXPRESSION', `Expression threw ${String(error)}`, where);
}
