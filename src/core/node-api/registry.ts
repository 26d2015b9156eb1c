import { WeftError } from '../errors/index.js';
import type { NodeParameters } from '../model/types.js';
import type { NodeTypeSpec } from './types.js';

/**
 * Maps `(type, typeVersion)` to a node implementation. Immutable once built: `with()` returns a new registry.
 *
 * @example
 * const registry = NodeRegistry.of([manualTrigger, noOp, mergeV2, mergeV3]);
 * registry.get('n8n-nodes-base.merge', 3)?.displayName; // 'Merge'
 */
export class NodeRegistry {
  private readonly byKey: ReadonlyMap<string, NodeTypeSpec>;
  private readonly versionsByType: ReadonlyMap<string, readonly number[]>;

  private constructor(specs: readonly NodeTypeSpec[]) {
    const byKey = new Map<string, NodeTypeSpec>();
    const versionsByType = new Map<string, number[]>();
    for (const spec of specs) {
      for (const version of spec.versions) {
        const key = registryKey(spec.type, version);
        if (byKey.has(key)) throw new WeftError('WEFT_E_INTERNAL', `Node type ${spec.type} v${version} is registered twice`);
        byKey.set(key, spec);
        const list = versionsByType.get(spec.type) ?? [];
        list.push(version);
        versionsByType.set(spec.type, list);
      }
    }
    for (const list of versionsByType.values()) list.sort((a, b) => a - b);
    this.byKey = byKey;
    this.versionsByType = versionsByType;
  }

  static of(specs: readonly NodeTypeSpec[]): NodeRegistry {
    return new NodeRegistry(specs);
  }

  /** A new registry with `specs` added. */
  with(specs: readonly NodeTypeSpec[]): NodeRegistry {
    return new NodeRegistry([...this.specs(), ...specs]);
  }

  get(type: string, typeVersion: number): NodeTypeSpec | undefined {
    return this.byKey.get(registryKey(type, typeVersion));
  }

  /** The implementation, or a clear error naming the known versions. */
  require(type: string, typeVersion: number): NodeTypeSpec {
    const spec = this.get(type, typeVersion);
    if (spec) return spec;
    const versions = this.versionsByType.get(type);
    const message = versions
      ? `Node type "${type}" has no version ${typeVersion} (known: ${versions.join(', ')})`
      : `Unknown node type "${type}"`;
    throw new WeftError('WEFT_E_UNKNOWN_NODE_TYPE', message, { type, typeVersion });
  }

  /** Known versions of `type`, ascending; empty when the type is unknown. */
  versions(type: string): readonly number[] {
    return this.versionsByType.get(type) ?? [];
  }

  /** Every registered spec, once each. */
  specs(): NodeTypeSpec[] {
    return [...new Set(this.byKey.values())];
  }
}

function registryKey(type: string, version: number): string {
  return `${type}@${version}`;
}

/** Number of main inputs of a node with these parameters. */
export function inputCountOf(spec: NodeTypeSpec, parameters: NodeParameters, typeVersion: number): number {
  return typeof spec.inputs === 'function' ? spec.inputs(parameters, typeVersion) : spec.inputs;
}

/** Number of main outputs, before the engine adds an error output. */
export function outputCountOf(spec: NodeTypeSpec, parameters: NodeParameters, typeVersion: number): number {
  return typeof spec.outputs === 'function' ? spec.outputs(parameters, typeVersion) : spec.outputs;
}

/** The required-inputs rule of a node: a minimum count or a list of input indexes. */
export function requiredInputsOf(spec: NodeTypeSpec, parameters: NodeParameters, typeVersion: number, inputCount: number): number | readonly number[] {
  const rule = spec.requiredInputs;
  if (rule === undefined) return inputCount;
  return typeof rule === 'function' ? rule(parameters, typeVersion) : rule;
}
