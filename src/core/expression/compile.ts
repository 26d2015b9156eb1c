import { parse } from 'acorn';
import type {
  ArrowFunctionExpression,
  AssignmentExpression,
  CallExpression,
  Expression,
  ForInStatement,
  ForOfStatement,
  ForStatement,
  FunctionDeclaration,
  FunctionExpression,
  MemberExpression,
  Node,
  ObjectExpression,
  Pattern,
  Program,
  Statement,
  SwitchStatement,
  TemplateLiteral,
  TryStatement,
  VariableDeclaration,
} from 'acorn';
import { forbidden, isFatalExpressionError } from './errors.js';
import { FORBIDDEN_FUNCTIONS, FORBIDDEN_GLOBALS, SAFE_CONSTRUCTORS, SAFE_GLOBALS } from './globals.js';
import { checkKey, deleteMember, readMember, toKey, writeMember } from './guard.js';

/** Local variables of one function invocation; `parent` is the enclosing function's frame. */
export interface Env {
  readonly vars: unknown[];
  readonly parent: Env | null;
}

/** What compiled code needs from the evaluation it runs in. */
export interface Runtime {
  /** Counts one step (loop iteration, call) and stops runaway code. */
  tick(): void;
  enterCall(): void;
  exitCall(): void;
  /** A `$`-variable or other context name; `NOT_FOUND` when there is no such name. */
  lookup(name: string): unknown;
  /** `$json`, on the fast path. */
  json(): unknown;
  /** `obj.key(...args)`: native method or n8n extension. */
  callMethod(object: unknown, key: string, args: unknown[]): unknown;
  /** Last value of a top-level expression statement (the completion value of a multi-statement body). */
  completion: unknown;
}

/** Returned by `lookup` for unknown names. */
export const NOT_FOUND: unique symbol = Symbol('not-found');

/** A compiled expression body. */
export type Compiled = (rt: Runtime, env: Env) => unknown;
type Stmt = (rt: Runtime, env: Env) => unknown;
type Binder = (rt: Runtime, env: Env, value: unknown) => void;

/** Facts learnt while compiling: whether the code can mutate what it reads (then data is copied first). */
export interface CompiledProgram {
  readonly run: Compiled;
  readonly slots: number;
  readonly mayMutate: boolean;
}

/** Options of the compiler. */
export interface CompileOptions {
  /** True: unknown identifiers throw `ReferenceError`; false (n8n): they are undefined. */
  readonly strictReferences: boolean;
}

const SHORT = Symbol('optional-chain-short-circuit');
const BREAK = Symbol('break');
const CONTINUE = Symbol('continue');
class Return {
  constructor(readonly value: unknown) {}
}

/** Methods that change their receiver or arguments: their presence makes the evaluator copy input data. */
const MUTATING_METHODS = new Set([
  'push', 'pop', 'shift', 'unshift', 'splice', 'sort', 'reverse', 'fill', 'copyWithin', 'assign', 'freeze',
  'set', 'add', 'delete', 'clear', 'call', 'apply', 'bind', 'defineProperty',
]);

class FnScope {
  slots = 0;
  constructor(readonly parent: FnScope | null) {}
}

interface Binding {
  readonly slot: number;
  readonly constant: boolean;
}

class BlockScope {
  readonly names = new Map<string, Binding>();
  constructor(
    readonly fn: FnScope,
    readonly parent: BlockScope | null,
  ) {}

  declare(name: string, constant: boolean): Binding {
    const existing = this.names.get(name);
    if (existing) return existing;
    const binding = { slot: this.fn.slots++, constant };
    this.names.set(name, binding);
    return binding;
  }

  resolve(name: string): { hops: number; binding: Binding } | undefined {
    const own = this.names.get(name);
    if (own) return { hops: 0, binding: own };
    let hops = 0;
    let block: BlockScope | null = this.parent;
    let fn = this.fn;
    while (block !== null) {
      if (block.fn !== fn) {
        hops++;
        fn = block.fn;
      }
      const binding = block.names.get(name);
      if (binding) return { hops, binding };
      block = block.parent;
    }
    return undefined;
  }
}

/** Parses one `{{ }}` body: as one expression when it is one (so `{a: 1}` is an object), else as statements. */
export function parseBody(code: string): Program {
  const trimmed = code.trim().replace(/;+\s*$/, '');
  try {
    const program = parse(`(${trimmed}\n)`, { ecmaVersion: 'latest', sourceType: 'script' });
    if (program.body.length === 1 && program.body[0]?.type === 'ExpressionStatement') return program;
  } catch {
    // Not a single expression: parse as statements below.
  }
  return parse(trimmed, { ecmaVersion: 'latest', sourceType: 'script' });
}

/** Compiles a parsed body into closures. Throws WEFT_E_EXPRESSION_FORBIDDEN for refused constructs. */
export function compileProgram(program: Program, options: CompileOptions): CompiledProgram {
  const compiler = new Compiler(options);
  const fn = new FnScope(null);
  const block = new BlockScope(fn, null);
  const only = program.body.length === 1 ? program.body[0] : undefined;
  let run: Compiled;
  if (only?.type === 'ExpressionStatement') {
    run = compiler.expr(only.expression, block);
  } else {
    compiler.hoist(program.body, block, true);
    const body = compiler.statements(program.body, block, true);
    run = (rt, env) => {
      rt.completion = undefined;
      const result = body(rt, env);
      if (result instanceof Return) return result.value;
      return rt.completion;
    };
  }
  return { run, slots: fn.slots, mayMutate: compiler.mayMutate };
}

function frameAt(env: Env, hops: number): Env {
  let current = env;
  for (let i = 0; i < hops; i++) current = current.parent as Env;
  return current;
}

function isCallable(value: unknown): value is (...args: unknown[]) => unknown {
  return typeof value === 'function';
}

/** Calls a function value found by an expression (not a method), refusing code-generating host functions. */
function callValue(fn: unknown, args: unknown[], name: string): unknown {
  if (!isCallable(fn)) throw new TypeError(`${name} is not a function`);
  if (FORBIDDEN_FUNCTIONS.has(fn)) throw forbidden(`calling ${fn.name || name}`);
  if (fn === Array && typeof args[0] === 'number' && args[0] > MAX_ARRAY_LENGTH) throw new RangeError('Invalid array length');
  return fn(...args);
}

function describeCallee(node: Node): string {
  if (node.type === 'Identifier') return (node as unknown as { name: string }).name;
  if (node.type === 'MemberExpression') {
    const member = node as MemberExpression;
    const property = !member.computed && member.property.type === 'Identifier' ? member.property.name : '[…]';
    return `${describeCallee(member.object)}.${property}`;
  }
  return 'expression';
}

class Compiler {
  mayMutate = false;
  constructor(private readonly options: CompileOptions) {}

  // ---------------------------------------------------------------- expressions

  expr(node: Expression | Node, scope: BlockScope): Compiled {
    switch (node.type) {
      case 'Literal':
        return this.literal(node as Expression & { value: unknown; regex?: { pattern: string; flags: string }; bigint?: string });
      case 'Identifier':
        return this.identifier((node as unknown as { name: string }).name, scope);
      case 'ThisExpression':
        return () => undefined;
      case 'TemplateLiteral':
        return this.template(node as TemplateLiteral, scope);
      case 'ArrayExpression':
        return this.array(node as Expression & { elements: (Expression | Node | null)[] }, scope);
      case 'ObjectExpression':
        return this.object(node as ObjectExpression, scope);
      case 'ArrowFunctionExpression':
      case 'FunctionExpression':
        return this.fn(node as ArrowFunctionExpression | FunctionExpression, scope);
      case 'UnaryExpression':
        return this.unary(node as Expression & { operator: string; argument: Expression }, scope);
      case 'UpdateExpression':
        return this.update(node as Expression & { operator: '++' | '--'; prefix: boolean; argument: Expression }, scope);
      case 'BinaryExpression':
        return this.binary(node as Expression & { operator: string; left: Expression; right: Expression }, scope);
      case 'LogicalExpression':
        return this.logical(node as Expression & { operator: string; left: Expression; right: Expression }, scope);
      case 'AssignmentExpression':
        return this.assign(node as AssignmentExpression, scope);
      case 'ConditionalExpression': {
        const n = node as Expression & { test: Expression; consequent: Expression; alternate: Expression };
        const test = this.expr(n.test, scope);
        const yes = this.expr(n.consequent, scope);
        const no = this.expr(n.alternate, scope);
        return (rt, env) => (test(rt, env) ? yes(rt, env) : no(rt, env));
      }
      case 'SequenceExpression': {
        const parts = (node as Expression & { expressions: Expression[] }).expressions.map((e) => this.expr(e, scope));
        return (rt, env) => {
          let value: unknown;
          for (const part of parts) value = part(rt, env);
          return value;
        };
      }
      case 'MemberExpression':
        return this.member(node as MemberExpression, scope);
      case 'ChainExpression': {
        const inner = this.expr((node as Expression & { expression: Expression }).expression, scope);
        return (rt, env) => {
          const value = inner(rt, env);
          return value === SHORT ? undefined : value;
        };
      }
      case 'CallExpression':
        return this.call(node as CallExpression, scope);
      case 'NewExpression':
        return this.construct(node as Expression & { callee: Expression; arguments: (Expression | Node)[] }, scope);
      case 'ParenthesizedExpression':
        return this.expr((node as Expression & { expression: Expression }).expression, scope);
      case 'TaggedTemplateExpression':
        throw forbidden('tagged templates');
      case 'ClassExpression':
        throw forbidden('classes');
      case 'YieldExpression':
        throw forbidden('generators');
      case 'AwaitExpression':
        throw forbidden('await');
      case 'ImportExpression':
        throw forbidden('import()');
      case 'MetaProperty':
        throw forbidden(`${(node as unknown as { meta: { name: string } }).meta.name}.${(node as unknown as { property: { name: string } }).property.name}`);
      case 'Super':
        throw forbidden('super');
      default:
        throw forbidden(`the syntax '${node.type}'`);
    }
  }

  private literal(node: { value: unknown; regex?: { pattern: string; flags: string }; bigint?: string }): Compiled {
    if (node.regex) {
      const { pattern, flags } = node.regex;
      return () => new RegExp(pattern, flags);
    }
    if (node.bigint !== undefined) {
      const value = BigInt(node.bigint);
      return () => value;
    }
    const value = node.value;
    return () => value;
  }

  private identifier(name: string, scope: BlockScope): Compiled {
    const local = scope.resolve(name);
    if (local) {
      const { hops, binding } = local;
      const slot = binding.slot;
      if (hops === 0) return (_rt, env) => env.vars[slot];
      return (_rt, env) => frameAt(env, hops).vars[slot];
    }
    return this.global(name, false);
  }

  private global(name: string, forTypeof: boolean): Compiled {
    if (FORBIDDEN_GLOBALS.has(name)) {
      return () => {
        throw forbidden(`'${name}'`);
      };
    }
    if (SAFE_GLOBALS.has(name)) {
      const value = SAFE_GLOBALS.get(name);
      return () => value;
    }
    if (name === '$json') return (rt) => rt.json();
    const strict = this.options.strictReferences && !forTypeof;
    return (rt) => {
      const value = rt.lookup(name);
      if (value !== NOT_FOUND) return value;
      if (strict) throw new ReferenceError(`${name} is not defined`);
      return undefined;
    };
  }

  private template(node: TemplateLiteral, scope: BlockScope): Compiled {
    const strings = node.quasis.map((q) => q.value.cooked ?? q.value.raw);
    const parts = node.expressions.map((e) => this.expr(e, scope));
    return (rt, env) => {
      let out = strings[0] ?? '';
      for (let i = 0; i < parts.length; i++) out += String((parts[i] as Compiled)(rt, env)) + (strings[i + 1] ?? '');
      return out;
    };
  }

  private array(node: { elements: (Expression | Node | null)[] }, scope: BlockScope): Compiled {
    const parts = node.elements.map((element) => {
      if (element === null) return { kind: 'hole' as const };
      if (element.type === 'SpreadElement') return { kind: 'spread' as const, value: this.expr((element as unknown as { argument: Expression }).argument, scope) };
      return { kind: 'value' as const, value: this.expr(element, scope) };
    });
    return (rt, env) => {
      const out: unknown[] = [];
      for (const part of parts) {
        if (part.kind === 'hole') out.length++;
        else if (part.kind === 'spread') {
          for (const entry of spreadable(part.value(rt, env))) {
            rt.tick();
            out.push(entry);
          }
        } else out.push(part.value(rt, env));
      }
      return out;
    };
  }

  private object(node: ObjectExpression, scope: BlockScope): Compiled {
    const parts = node.properties.map((property) => {
      if (property.type === 'SpreadElement') return { kind: 'spread' as const, value: this.expr(property.argument, scope) };
      if (property.kind !== 'init') throw forbidden('getters and setters');
      const key = this.propertyKey(property.key, property.computed, scope);
      return { kind: 'entry' as const, key, value: this.expr(property.value, scope) };
    });
    return (rt, env) => {
      const out: Record<string, unknown> = {};
      for (const part of parts) {
        if (part.kind === 'spread') {
          const source = part.value(rt, env);
          if (source !== null && source !== undefined) Object.assign(out, typeof source === 'object' ? ownData(source) : source);
        } else {
          const key = part.key(rt, env);
          checkKey(key);
          out[key] = part.value(rt, env);
        }
      }
      return out;
    };
  }

  private propertyKey(key: Node, computed: boolean, scope: BlockScope): (rt: Runtime, env: Env) => string {
    if (computed) {
      const value = this.expr(key, scope);
      return (rt, env) => toKey(value(rt, env));
    }
    const name = key.type === 'Identifier' ? (key as unknown as { name: string }).name : String((key as unknown as { value: unknown }).value);
    checkKey(name);
    return () => name;
  }

  private unary(node: { operator: string; argument: Expression }, scope: BlockScope): Compiled {
    const { operator } = node;
    if (operator === 'typeof' && node.argument.type === 'Identifier') {
      const name = node.argument.name;
      const local = scope.resolve(name);
      const read = local ? this.identifier(name, scope) : this.global(name, true);
      return (rt, env) => typeof read(rt, env);
    }
    if (operator === 'delete') {
      this.mayMutate = true;
      if (node.argument.type !== 'MemberExpression') return () => true;
      const target = node.argument;
      const object = this.expr(target.object, scope);
      const key = this.memberKey(target, scope);
      return (rt, env) => deleteMember(object(rt, env), key(rt, env));
    }
    const argument = this.expr(node.argument, scope);
    switch (operator) {
      case '!':
        return (rt, env) => !argument(rt, env);
      case '-':
        return (rt, env) => -(argument(rt, env) as number);
      case '+':
        return (rt, env) => +(argument(rt, env) as number);
      case '~':
        return (rt, env) => ~(argument(rt, env) as number);
      case 'typeof':
        return (rt, env) => typeof argument(rt, env);
      case 'void':
        return (rt, env) => void argument(rt, env);
      default:
        throw forbidden(`the operator '${operator}'`);
    }
  }

  private binary(node: { operator: string; left: Expression | Node; right: Expression }, scope: BlockScope): Compiled {
    const left = this.expr(node.left, scope);
    const right = this.expr(node.right, scope);
    type N = number;
    switch (node.operator) {
      case '+':
        return (rt, env) => (left(rt, env) as N) + (right(rt, env) as N);
      case '-':
        return (rt, env) => (left(rt, env) as N) - (right(rt, env) as N);
      case '*':
        return (rt, env) => (left(rt, env) as N) * (right(rt, env) as N);
      case '/':
        return (rt, env) => (left(rt, env) as N) / (right(rt, env) as N);
      case '%':
        return (rt, env) => (left(rt, env) as N) % (right(rt, env) as N);
      case '**':
        return (rt, env) => (left(rt, env) as N) ** (right(rt, env) as N);
      case '==':
        return (rt, env) => left(rt, env) == right(rt, env);
      case '!=':
        return (rt, env) => left(rt, env) != right(rt, env);
      case '===':
        return (rt, env) => left(rt, env) === right(rt, env);
      case '!==':
        return (rt, env) => left(rt, env) !== right(rt, env);
      case '<':
        return (rt, env) => (left(rt, env) as N) < (right(rt, env) as N);
      case '<=':
        return (rt, env) => (left(rt, env) as N) <= (right(rt, env) as N);
      case '>':
        return (rt, env) => (left(rt, env) as N) > (right(rt, env) as N);
      case '>=':
        return (rt, env) => (left(rt, env) as N) >= (right(rt, env) as N);
      case '&':
        return (rt, env) => (left(rt, env) as N) & (right(rt, env) as N);
      case '|':
        return (rt, env) => (left(rt, env) as N) | (right(rt, env) as N);
      case '^':
        return (rt, env) => (left(rt, env) as N) ^ (right(rt, env) as N);
      case '<<':
        return (rt, env) => (left(rt, env) as N) << (right(rt, env) as N);
      case '>>':
        return (rt, env) => (left(rt, env) as N) >> (right(rt, env) as N);
      case '>>>':
        return (rt, env) => (left(rt, env) as N) >>> (right(rt, env) as N);
      case 'in':
        return (rt, env) => {
          const key = toKey(left(rt, env));
          const target = right(rt, env);
          if (target === null || typeof target !== 'object') throw new TypeError(`Cannot use 'in' operator to search for '${key}' in ${String(target)}`);
          return key in target;
        };
      case 'instanceof':
        return (rt, env) => {
          const ctor = right(rt, env);
          if (typeof ctor !== 'function') throw new TypeError("Right-hand side of 'instanceof' is not callable");
          return left(rt, env) instanceof ctor;
        };
      default:
        throw forbidden(`the operator '${node.operator}'`);
    }
  }

  private logical(node: { operator: string; left: Expression; right: Expression }, scope: BlockScope): Compiled {
    const left = this.expr(node.left, scope);
    const right = this.expr(node.right, scope);
    if (node.operator === '&&') return (rt, env) => left(rt, env) && right(rt, env);
    if (node.operator === '||') return (rt, env) => left(rt, env) || right(rt, env);
    return (rt, env) => left(rt, env) ?? right(rt, env);
  }

  private memberKey(node: MemberExpression, scope: BlockScope): (rt: Runtime, env: Env) => string {
    if (!node.computed && node.property.type === 'Identifier') {
      const name = node.property.name;
      checkKey(name);
      return () => name;
    }
    if (node.property.type === 'PrivateIdentifier') throw forbidden('private fields');
    const key = this.expr(node.property, scope);
    return (rt, env) => {
      const value = toKey(key(rt, env));
      checkKey(value);
      return value;
    };
  }

  private member(node: MemberExpression, scope: BlockScope): Compiled {
    const object = this.expr(node.object, scope);
    const optional = node.optional;
    if (!node.computed && node.property.type === 'Identifier') {
      const name = node.property.name;
      checkKey(name);
      return (rt, env) => {
        const target = object(rt, env);
        if (target === SHORT || (optional && (target === null || target === undefined))) return SHORT;
        return readMember(target, name);
      };
    }
    const key = this.memberKey(node, scope);
    return (rt, env) => {
      const target = object(rt, env);
      if (target === SHORT || (optional && (target === null || target === undefined))) return SHORT;
      return readMember(target, key(rt, env));
    };
  }

  private args(nodes: (Expression | Node)[], scope: BlockScope): (rt: Runtime, env: Env) => unknown[] {
    const parts = nodes.map((arg) =>
      arg.type === 'SpreadElement'
        ? { spread: true, value: this.expr((arg as unknown as { argument: Expression }).argument, scope) }
        : { spread: false, value: this.expr(arg, scope) },
    );
    if (parts.every((p) => !p.spread)) {
      const values = parts.map((p) => p.value);
      if (values.length === 0) return () => [];
      if (values.length === 1) {
        const only = values[0] as Compiled;
        return (rt, env) => [only(rt, env)];
      }
      return (rt, env) => values.map((v) => v(rt, env));
    }
    return (rt, env) => {
      const out: unknown[] = [];
      for (const part of parts) {
        if (part.spread) out.push(...spreadable(part.value(rt, env)));
        else out.push(part.value(rt, env));
      }
      return out;
    };
  }

  private call(node: CallExpression, scope: BlockScope): Compiled {
    const args = this.args(node.arguments, scope);
    const optionalCall = node.optional;
    const callee = node.callee;
    if (callee.type === 'MemberExpression') {
      if (callee.computed || callee.property.type !== 'Identifier' || MUTATING_METHODS.has(callee.property.name) || /^set[A-Z]/.test(callee.property.name)) {
        this.mayMutate = true;
      }
      const object = this.expr(callee.object, scope);
      const key = this.memberKey(callee, scope);
      const optionalMember = callee.optional;
      return (rt, env) => {
        const target = object(rt, env);
        if (target === SHORT || (optionalMember && (target === null || target === undefined))) return SHORT;
        const name = key(rt, env);
        if (optionalCall) {
          const fn = readMember(target, name);
          if (fn === null || fn === undefined) return SHORT;
        }
        return rt.callMethod(target, name, args(rt, env));
      };
    }
    if (callee.type === 'Super') throw forbidden('super');
    const fn = this.expr(callee, scope);
    const name = describeCallee(callee);
    return (rt, env) => {
      const value = fn(rt, env);
      if (value === SHORT) return SHORT;
      if (optionalCall && (value === null || value === undefined)) return SHORT;
      return callValue(value, args(rt, env), name);
    };
  }

  private construct(node: { callee: Expression; arguments: (Expression | Node)[] }, scope: BlockScope): Compiled {
    const callee = this.expr(node.callee, scope);
    const args = this.args(node.arguments, scope);
    const name = describeCallee(node.callee);
    return (rt, env) => {
      const ctor = callee(rt, env);
      if (!SAFE_CONSTRUCTORS.has(ctor)) throw forbidden(`'new ${name}'`);
      const values = args(rt, env);
      if (ctor === Array && typeof values[0] === 'number' && values[0] > MAX_ARRAY_LENGTH) throw new RangeError('Invalid array length');
      return new (ctor as new (...a: unknown[]) => unknown)(...values);
    };
  }

  // ---------------------------------------------------------------- assignment

  private assign(node: AssignmentExpression, scope: BlockScope): Compiled {
    const right = this.expr(node.right, scope);
    if (node.operator === '=') {
      const target = this.target(node.left, scope);
      return (rt, env) => {
        const value = right(rt, env);
        target(rt, env, value);
        return value;
      };
    }
    const op = node.operator.slice(0, -1);
    const combine = combiner(op);
    const left = node.left as Pattern;
    if (left.type === 'Identifier') {
      const read = this.identifier(left.name, scope);
      const write = this.target(left, scope);
      if (op === '&&' || op === '||' || op === '??') {
        return (rt, env) => {
          const current = read(rt, env);
          if (op === '&&' ? !current : op === '||' ? current : current !== null && current !== undefined) return current;
          const value = right(rt, env);
          write(rt, env, value);
          return value;
        };
      }
      return (rt, env) => {
        const value = combine(read(rt, env), right(rt, env));
        write(rt, env, value);
        return value;
      };
    }
    if (left.type !== 'MemberExpression') throw forbidden('this assignment target');
    this.mayMutate = true;
    const object = this.expr(left.object, scope);
    const key = this.memberKey(left, scope);
    return (rt, env) => {
      const target = object(rt, env);
      const name = key(rt, env);
      const current = readMember(target, name);
      if (op === '&&' && !current) return current;
      if (op === '||' && current) return current;
      if (op === '??' && current !== null && current !== undefined) return current;
      const value = op === '&&' || op === '||' || op === '??' ? right(rt, env) : combine(current, right(rt, env));
      return writeMember(target, name, value);
    };
  }

  private update(node: { operator: '++' | '--'; prefix: boolean; argument: Expression }, scope: BlockScope): Compiled {
    const delta = node.operator === '++' ? 1 : -1;
    const prefix = node.prefix;
    if (node.argument.type === 'Identifier') {
      const read = this.identifier(node.argument.name, scope);
      const write = this.target(node.argument, scope);
      return (rt, env) => {
        const old = Number(read(rt, env));
        write(rt, env, old + delta);
        return prefix ? old + delta : old;
      };
    }
    if (node.argument.type !== 'MemberExpression') throw forbidden('this update target');
    this.mayMutate = true;
    const member = node.argument;
    const object = this.expr(member.object, scope);
    const key = this.memberKey(member, scope);
    return (rt, env) => {
      const target = object(rt, env);
      const name = key(rt, env);
      const old = Number(readMember(target, name));
      writeMember(target, name, old + delta);
      return prefix ? old + delta : old;
    };
  }

  /** Compiles an assignment or binding target (identifier, member, destructuring pattern). */
  private target(node: Pattern | Node, scope: BlockScope): Binder {
    switch (node.type) {
      case 'Identifier': {
        const name = (node as unknown as { name: string }).name;
        const local = scope.resolve(name);
        if (!local) {
          return () => {
            throw forbidden(`assigning to the global '${name}'`);
          };
        }
        const { hops, binding } = local;
        if (binding.constant) {
          return () => {
            throw new TypeError('Assignment to constant variable.');
          };
        }
        return (_rt, env, value) => {
          frameAt(env, hops).vars[binding.slot] = value;
        };
      }
      case 'MemberExpression': {
        this.mayMutate = true;
        const member = node as MemberExpression;
        const object = this.expr(member.object, scope);
        const key = this.memberKey(member, scope);
        return (rt, env, value) => {
          writeMember(object(rt, env), key(rt, env), value);
        };
      }
      case 'AssignmentPattern': {
        const n = node as unknown as { left: Pattern; right: Expression };
        const inner = this.target(n.left, scope);
        const fallback = this.expr(n.right, scope);
        return (rt, env, value) => inner(rt, env, value === undefined ? fallback(rt, env) : value);
      }
      case 'ArrayPattern': {
        const elements = (node as unknown as { elements: (Pattern | null)[] }).elements.map((element) => {
          if (element === null) return null;
          return { rest: element.type === 'RestElement', bind: this.target(element.type === 'RestElement' ? element.argument : element, scope) };
        });
        return (rt, env, value) => {
          const list = spreadable(value);
          elements.forEach((element, index) => {
            if (element === null) return;
            element.bind(rt, env, element.rest ? list.slice(index) : list[index]);
          });
        };
      }
      case 'ObjectPattern': {
        const properties = (node as unknown as { properties: Node[] }).properties.map((property) => {
          if (property.type === 'RestElement') return { kind: 'rest' as const, bind: this.target((property as unknown as { argument: Pattern }).argument, scope) };
          const p = property as unknown as { key: Node; computed: boolean; value: Pattern };
          return { kind: 'one' as const, key: this.propertyKey(p.key, p.computed, scope), bind: this.target(p.value, scope) };
        });
        return (rt, env, value) => {
          if (value === null || value === undefined) throw new TypeError(`Cannot destructure '${String(value)}' as it is ${String(value)}.`);
          const used: string[] = [];
          for (const property of properties) {
            if (property.kind === 'rest') {
              const rest: Record<string, unknown> = {};
              for (const [k, v] of Object.entries(value as object)) if (!used.includes(k)) rest[k] = v;
              property.bind(rt, env, rest);
            } else {
              const key = property.key(rt, env);
              used.push(key);
              property.bind(rt, env, readMember(value, key));
            }
          }
        };
      }
      default:
        throw forbidden(`the assignment target '${node.type}'`);
    }
  }

  // ---------------------------------------------------------------- functions

  private fn(node: ArrowFunctionExpression | FunctionExpression | FunctionDeclaration, scope: BlockScope): Compiled {
    if (node.async) throw forbidden('async functions');
    if (node.generator) throw forbidden('generator functions');
    const fnScope = new FnScope(scope.fn);
    const inner = new BlockScope(fnScope, scope);
    const selfName = node.type === 'FunctionExpression' && node.id ? node.id.name : undefined;
    const self = selfName === undefined ? undefined : inner.declare(selfName, false);
    const params = node.params.map((param) => {
      for (const name of patternNames(param)) inner.declare(name, false);
      return this.target(param, inner);
    });
    let body: Stmt;
    if (node.body.type === 'BlockStatement') {
      this.hoist(node.body.body, inner, true);
      const statements = this.statements(node.body.body, inner, false);
      body = (rt, env) => {
        const result = statements(rt, env);
        return result instanceof Return ? result.value : undefined;
      };
    } else {
      body = this.expr(node.body, inner);
    }
    return (rt, env) => {
      const closure = (...args: unknown[]): unknown => {
        rt.enterCall();
        try {
          const frame: Env = { vars: new Array<unknown>(fnScope.slots), parent: env };
          if (self) frame.vars[self.slot] = closure;
          for (let i = 0; i < params.length; i++) (params[i] as Binder)(rt, frame, args[i]);
          return body(rt, frame);
        } finally {
          rt.exitCall();
        }
      };
      return closure;
    };
  }

  // ---------------------------------------------------------------- statements

  /** Declares `var`s and function declarations of a function body (or `let`/`const` of a block). */
  hoist(body: (Statement | Node)[], scope: BlockScope, functionLevel: boolean): void {
    for (const statement of body) {
      if (statement.type === 'VariableDeclaration') {
        const declaration = statement as VariableDeclaration;
        if (declaration.kind !== 'var') {
          for (const d of declaration.declarations) for (const name of patternNames(d.id)) scope.declare(name, declaration.kind === 'const');
        }
      } else if (statement.type === 'FunctionDeclaration') {
        const id = (statement as FunctionDeclaration).id;
        if (id) scope.declare(id.name, false);
      }
    }
    if (functionLevel) for (const name of varNames(body)) scope.declare(name, false);
  }

  statements(body: (Statement | Node)[], scope: BlockScope, topLevel: boolean): Stmt {
    const functions: Stmt[] = [];
    const compiled: Stmt[] = [];
    for (const statement of body) {
      if (statement.type === 'FunctionDeclaration') functions.push(this.functionDeclaration(statement as FunctionDeclaration, scope));
      else compiled.push(this.statement(statement, scope, topLevel));
    }
    const all = [...functions, ...compiled];
    return (rt, env) => {
      for (const stmt of all) {
        const result = stmt(rt, env);
        if (result !== undefined) return result;
      }
      return undefined;
    };
  }

  private functionDeclaration(node: FunctionDeclaration, scope: BlockScope): Stmt {
    const make = this.fn(node, scope);
    const write = this.target(node.id as Node, scope);
    return (rt, env) => {
      write(rt, env, make(rt, env));
      return undefined;
    };
  }

  private block(body: (Statement | Node)[], scope: BlockScope): Stmt {
    const inner = new BlockScope(scope.fn, scope);
    this.hoist(body, inner, false);
    return this.statements(body, inner, false);
  }

  private statement(node: Statement | Node, scope: BlockScope, topLevel: boolean): Stmt {
    switch (node.type) {
      case 'ExpressionStatement': {
        const e = this.expr((node as unknown as { expression: Expression }).expression, scope);
        if (topLevel) {
          return (rt, env) => {
            rt.completion = e(rt, env);
            return undefined;
          };
        }
        return (rt, env) => {
          e(rt, env);
          return undefined;
        };
      }
      case 'VariableDeclaration':
        return this.declaration(node as VariableDeclaration, scope);
      case 'ReturnStatement': {
        const argument = (node as unknown as { argument: Expression | null }).argument;
        const value = argument ? this.expr(argument, scope) : () => undefined;
        return (rt, env) => new Return(value(rt, env));
      }
      case 'IfStatement': {
        const n = node as unknown as { test: Expression; consequent: Statement; alternate: Statement | null };
        const test = this.expr(n.test, scope);
        const yes = this.statement(n.consequent, scope, topLevel);
        const no = n.alternate ? this.statement(n.alternate, scope, topLevel) : undefined;
        return (rt, env) => (test(rt, env) ? yes(rt, env) : no?.(rt, env));
      }
      case 'BlockStatement':
        return this.block((node as unknown as { body: Statement[] }).body, scope);
      case 'EmptyStatement':
        return () => undefined;
      case 'ForStatement':
        return this.forLoop(node as ForStatement, scope);
      case 'ForOfStatement':
      case 'ForInStatement':
        return this.forEach(node as ForOfStatement | ForInStatement, scope);
      case 'WhileStatement':
      case 'DoWhileStatement': {
        const n = node as unknown as { test: Expression; body: Statement };
        const test = this.expr(n.test, scope);
        const body = this.statement(n.body, scope, false);
        const checkFirst = node.type === 'WhileStatement';
        return (rt, env) => {
          if (checkFirst && !test(rt, env)) return undefined;
          do {
            rt.tick();
            const result = body(rt, env);
            if (result === BREAK) break;
            if (result instanceof Return) return result;
          } while (test(rt, env));
          return undefined;
        };
      }
      case 'BreakStatement':
      case 'ContinueStatement':
        if ((node as unknown as { label: unknown }).label) throw forbidden('labels');
        return node.type === 'BreakStatement' ? () => BREAK : () => CONTINUE;
      case 'ThrowStatement': {
        const argument = this.expr((node as unknown as { argument: Expression }).argument, scope);
        return (rt, env) => {
          throw argument(rt, env);
        };
      }
      case 'TryStatement':
        return this.tryStatement(node as TryStatement, scope);
      case 'SwitchStatement':
        return this.switchStatement(node as SwitchStatement, scope);
      case 'FunctionDeclaration':
        return this.functionDeclaration(node as FunctionDeclaration, scope);
      case 'WithStatement':
        throw forbidden("'with'");
      case 'ClassDeclaration':
        throw forbidden('classes');
      case 'LabeledStatement':
        throw forbidden('labels');
      case 'DebuggerStatement':
        throw forbidden("'debugger'");
      default:
        throw forbidden(`the statement '${node.type}'`);
    }
  }

  private declaration(node: VariableDeclaration, scope: BlockScope): Stmt {
    const parts = node.declarations.map((d) => {
      // Declarations write even to `const` bindings: build a binder that ignores the constant flag.
      const binder = this.declarationTarget(d.id, scope);
      return { binder, init: d.init ? this.expr(d.init, scope) : undefined, isVar: node.kind === 'var' };
    });
    return (rt, env) => {
      for (const part of parts) {
        if (part.init) part.binder(rt, env, part.init(rt, env));
        else if (!part.isVar) part.binder(rt, env, undefined);
      }
      return undefined;
    };
  }

  private declarationTarget(pattern: Pattern, scope: BlockScope): Binder {
    if (pattern.type === 'Identifier') {
      const local = scope.resolve(pattern.name);
      if (!local) throw forbidden(`declaring '${pattern.name}'`);
      const { hops, binding } = local;
      return (_rt, env, value) => {
        frameAt(env, hops).vars[binding.slot] = value;
      };
    }
    // Destructuring declarations: compile against a scope where the names are writable.
    const writable = new BlockScope(scope.fn, scope);
    for (const name of patternNames(pattern)) {
      const local = scope.resolve(name);
      if (local && local.hops === 0) writable.names.set(name, { slot: local.binding.slot, constant: false });
    }
    return this.target(pattern, writable);
  }

  private forLoop(node: ForStatement, scope: BlockScope): Stmt {
    const inner = new BlockScope(scope.fn, scope);
    if (node.init?.type === 'VariableDeclaration') this.hoist([node.init], inner, false);
    const init = node.init
      ? node.init.type === 'VariableDeclaration'
        ? this.declaration(node.init, inner)
        : this.expr(node.init, inner)
      : undefined;
    const test = node.test ? this.expr(node.test, inner) : undefined;
    const update = node.update ? this.expr(node.update, inner) : undefined;
    const body = this.statement(node.body, inner, false);
    return (rt, env) => {
      init?.(rt, env);
      while (test === undefined || test(rt, env)) {
        rt.tick();
        const result = body(rt, env);
        if (result === BREAK) break;
        if (result instanceof Return) return result;
        update?.(rt, env);
      }
      return undefined;
    };
  }

  private forEach(node: ForOfStatement | ForInStatement, scope: BlockScope): Stmt {
    if (node.type === 'ForOfStatement' && node.await) throw forbidden('for await');
    const inner = new BlockScope(scope.fn, scope);
    let bind: Binder;
    if (node.left.type === 'VariableDeclaration') {
      this.hoist([node.left], inner, false);
      const declarator = node.left.declarations[0];
      if (!declarator) throw forbidden('an empty loop declaration');
      bind = this.declarationTarget(declarator.id, inner);
    } else {
      bind = this.target(node.left, inner);
    }
    const right = this.expr(node.right, inner);
    const body = this.statement(node.body, inner, false);
    const ofValues = node.type === 'ForOfStatement';
    return (rt, env) => {
      const source = right(rt, env);
      const entries = ofValues ? spreadable(source) : source === null || source === undefined ? [] : forInKeys(source);
      for (const entry of entries) {
        rt.tick();
        bind(rt, env, entry);
        const result = body(rt, env);
        if (result === BREAK) break;
        if (result instanceof Return) return result;
      }
      return undefined;
    };
  }

  private tryStatement(node: TryStatement, scope: BlockScope): Stmt {
    const block = this.block(node.block.body, scope);
    let handler: Stmt | undefined;
    let bindError: Binder | undefined;
    if (node.handler) {
      const inner = new BlockScope(scope.fn, scope);
      if (node.handler.param) {
        for (const name of patternNames(node.handler.param)) inner.declare(name, false);
        bindError = this.target(node.handler.param, inner);
      }
      handler = this.block(node.handler.body.body, inner);
    }
    const finalizer = node.finalizer ? this.block(node.finalizer.body, scope) : undefined;
    return (rt, env) => {
      try {
        return block(rt, env);
      } catch (error) {
        // The sandbox's own refusals (forbidden access, step budget) are not the user's to catch.
        if (!handler || isFatalExpressionError(error)) throw error;
        bindError?.(rt, env, error);
        return handler(rt, env);
      } finally {
        if (finalizer) {
          const result = finalizer(rt, env);
          if (result !== undefined) return result; // eslint-disable-line no-unsafe-finally
        }
      }
    };
  }

  private switchStatement(node: SwitchStatement, scope: BlockScope): Stmt {
    const discriminant = this.expr(node.discriminant, scope);
    const inner = new BlockScope(scope.fn, scope);
    for (const c of node.cases) this.hoist(c.consequent, inner, false);
    const cases = node.cases.map((c) => ({
      test: c.test ? this.expr(c.test, inner) : undefined,
      body: this.statements(c.consequent, inner, false),
    }));
    return (rt, env) => {
      const value = discriminant(rt, env);
      let matched = -1;
      for (let i = 0; i < cases.length && matched < 0; i++) {
        const test = cases[i]?.test;
        if (test && test(rt, env) === value) matched = i;
      }
      if (matched < 0) matched = cases.findIndex((c) => c.test === undefined);
      if (matched < 0) return undefined;
      for (let i = matched; i < cases.length; i++) {
        const result = (cases[i] as { body: Stmt }).body(rt, env);
        if (result === BREAK) return undefined;
        if (result !== undefined) return result;
      }
      return undefined;
    };
  }
}

/** Arrays longer than this cannot be created by an expression (memory exhaustion guard). */
export const MAX_ARRAY_LENGTH = 10_000_000;

function combiner(op: string): (a: unknown, b: unknown) => unknown {
  type N = number;
  switch (op) {
    case '+':
      return (a, b) => (a as N) + (b as N);
    case '-':
      return (a, b) => (a as N) - (b as N);
    case '*':
      return (a, b) => (a as N) * (b as N);
    case '/':
      return (a, b) => (a as N) / (b as N);
    case '%':
      return (a, b) => (a as N) % (b as N);
    case '**':
      return (a, b) => (a as N) ** (b as N);
    case '<<':
      return (a, b) => (a as N) << (b as N);
    case '>>':
      return (a, b) => (a as N) >> (b as N);
    case '>>>':
      return (a, b) => (a as N) >>> (b as N);
    case '&':
      return (a, b) => (a as N) & (b as N);
    case '|':
      return (a, b) => (a as N) | (b as N);
    case '^':
      return (a, b) => (a as N) ^ (b as N);
    default:
      return (_a, b) => b;
  }
}

/** Values of an iterable the way spread sees them (arrays, strings, Maps, Sets…). */
function spreadable(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (typeof value === 'string') return Array.from(value);
  if (value instanceof Map || value instanceof Set) return Array.from(value);
  if (value !== null && typeof value === 'object' && ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<unknown>);
  throw new TypeError(`${value === null ? 'null' : typeof value} is not iterable`);
}

/** Own enumerable data of an object for `{...spread}`. */
function ownData(source: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(source)) {
    if (key === '__proto__') continue;
    out[key] = (source as Record<string, unknown>)[key];
  }
  return out;
}

function forInKeys(source: unknown): string[] {
  const keys: string[] = [];
  for (const key in source as object) keys.push(key);
  return keys;
}

/** Names bound by a pattern. */
function patternNames(pattern: Pattern | Node): string[] {
  switch (pattern.type) {
    case 'Identifier':
      return [(pattern as unknown as { name: string }).name];
    case 'AssignmentPattern':
      return patternNames((pattern as unknown as { left: Pattern }).left);
    case 'RestElement':
      return patternNames((pattern as unknown as { argument: Pattern }).argument);
    case 'ArrayPattern':
      return (pattern as unknown as { elements: (Pattern | null)[] }).elements.flatMap((e) => (e ? patternNames(e) : []));
    case 'ObjectPattern':
      return (pattern as unknown as { properties: Node[] }).properties.flatMap((p) =>
        p.type === 'RestElement' ? patternNames(p) : patternNames((p as unknown as { value: Pattern }).value),
      );
    default:
      return [];
  }
}

/** `var` names declared anywhere in a function body (not in nested functions). */
function varNames(body: (Statement | Node)[]): string[] {
  const names: string[] = [];
  const visit = (node: Node | null | undefined): void => {
    if (!node || typeof node !== 'object') return;
    if (node.type === 'FunctionExpression' || node.type === 'ArrowFunctionExpression' || node.type === 'FunctionDeclaration') return;
    if (node.type === 'VariableDeclaration' && (node as VariableDeclaration).kind === 'var') {
      for (const d of (node as VariableDeclaration).declarations) names.push(...patternNames(d.id));
    }
    for (const value of Object.values(node)) {
      if (Array.isArray(value)) for (const child of value) visit(child as Node);
      else if (value && typeof value === 'object' && typeof (value as Node).type === 'string') visit(value as Node);
    }
  };
  for (const statement of body) visit(statement);
  return names;
}
