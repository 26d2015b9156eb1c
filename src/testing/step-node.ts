import type { NodeTypeSpec } from '../core/node-api/index.js';

/** How the `test.step` nodes of one engine ("process") behave: runs counted per node, some held, some failing. */
export interface StepControl {
  /** Runs so far, by node name. */
  readonly runs: Map<string, number>;
  /** Nodes named here wait instead of finishing: until released through `held`, or until their execution is aborted. */
  readonly hold: Set<string>;
  /** Release functions of the runs waiting now, by node name. */
  readonly held: Map<string, () => void>;
  /** Nodes named here throw `<name> failed on purpose`. */
  readonly fail: Set<string>;
}

/**
 * A fresh control: nothing held, nothing failing, no runs.
 *
 * @example
 * const control = stepControl(); control.hold.add('B');
 */
export function stepControl(): StepControl {
  return { runs: new Map(), hold: new Set(), held: new Map(), fail: new Set() };
}

/**
 * The `test.step` node type bound to `control`: counts its runs, tags each item with its node name (the value is
 * the node's `label` parameter, or true), and holds or fails as `control` says. A held run ends when released
 * (then goes on as usual) or when its execution's signal aborts (then it fails with "aborted", as a real node
 * stopped mid-request does).
 *
 * @example
 * const registry = NodeRegistry.of([...builtinNodes, stepNode(control)]);
 */
export function stepNode(control: StepControl): NodeTypeSpec {
  return {
    type: 'test.step',
    versions: [1],
    displayName: 'Step',
    inputs: 1,
    outputs: 1,
    async execute(ctx, inputs) {
      const name = ctx.node.name;
      control.runs.set(name, (control.runs.get(name) ?? 0) + 1);
      if (control.hold.has(name)) {
        await new Promise<void>((resolve, reject) => {
          if (ctx.signal.aborted) return reject(new Error('aborted'));
          ctx.signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true });
          control.held.set(name, resolve);
        });
      }
      if (control.fail.has(name)) throw new Error(`${name} failed on purpose`);
      return [(inputs[0] ?? []).map((item) => ({ json: { ...item.json, [name]: ctx.node.parameters.label ?? true } }))];
    },
  };
}
