import { InvalidWorkflowError, type WorkflowProblem } from '../errors/index.js';
import { findCycles } from '../graph/index.js';
import type { NodeRegistry, NodeTypeSpec, ParameterKind } from '../node-api/index.js';
import { inputCountOf, outputCountOf } from '../node-api/index.js';
import type { WorkflowDocument, WorkflowNode } from '../model/types.js';

const onErrorModes = new Set(['stopWorkflow', 'continueRegularOutput', 'continueErrorOutput']);
const booleanFields = ['disabled', 'continueOnFail', 'retryOnFail', 'alwaysOutputData', 'executeOnce'] as const;
const numberFields = ['maxTries', 'waitBetweenTries'] as const;

/** Known node shape after the structural checks: what the graph checks need. */
interface CheckedNode {
  readonly index: number;
  readonly node: WorkflowNode;
  readonly spec: NodeTypeSpec | undefined;
  readonly inputs: number;
  readonly outputs: number;
}

/**
 * Checks a workflow before anything runs and returns every problem found (empty when it may run), each naming
 * the node and JSON path. It never throws on malformed input: anything that is not a workflow is a problem.
 *
 * @example
 * const problems = validateWorkflow(JSON.parse(text), registry);
 * if (problems.length > 0) console.error(problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
 */
export function validateWorkflow(document: unknown, registry: NodeRegistry): WorkflowProblem[] {
  const problems: WorkflowProblem[] = [];
  if (!isObject(document)) return [{ path: '$', message: 'A workflow must be a JSON object' }];
  if (!Array.isArray(document.nodes)) {
    problems.push({ path: 'nodes', message: 'A workflow needs a "nodes" array' });
    return problems;
  }
  if (document.connections !== undefined && !isObject(document.connections)) {
    problems.push({ path: 'connections', message: '"connections" must be an object keyed by source node name' });
  }
  checkSettings(document, problems);
  const nodes = checkNodes(document.nodes as unknown[], registry, problems);
  const byName = new Map<string, CheckedNode>();
  for (const checked of nodes) {
    const previous = byName.get(checked.node.name);
    if (previous) {
      problems.push({
        path: `nodes[${checked.index}].name`,
        node: checked.node.name,
        message: `Duplicate node name "${checked.node.name}" (also nodes[${previous.index}]): node names must be unique`,
      });
    } else {
      byName.set(checked.node.name, checked);
    }
  }
  const edges = isObject(document.connections) ? checkConnections(document.connections, byName, problems) : [];
  checkStartNode(nodes, problems);
  checkEndlessCycles(byName, edges, problems);
  checkPinData(document, byName, problems);
  return problems;
}

/** Throws {@link InvalidWorkflowError} with every problem when the workflow may not run. */
export function assertValidWorkflow(document: unknown, registry: NodeRegistry): asserts document is WorkflowDocument {
  const problems = validateWorkflow(document, registry);
  if (problems.length > 0) throw new InvalidWorkflowError(problems);
}

function checkSettings(document: Record<string, unknown>, problems: WorkflowProblem[]): void {
  const settings = document.settings;
  if (settings === undefined || settings === null) return;
  if (!isObject(settings)) {
    problems.push({ path: 'settings', message: '"settings" must be an object' });
    return;
  }
  const order = settings.executionOrder;
  if (order !== undefined && order !== 'v0' && order !== 'v1') {
    problems.push({ path: 'settings.executionOrder', message: `executionOrder must be "v0" or "v1", got ${JSON.stringify(order)}` });
  }
}

function checkNodes(rawNodes: unknown[], registry: NodeRegistry, problems: WorkflowProblem[]): CheckedNode[] {
  const checked: CheckedNode[] = [];
  rawNodes.forEach((raw, index) => {
    const path = `nodes[${index}]`;
    if (!isObject(raw)) {
      problems.push({ path, message: 'A node must be an object' });
      return;
    }
    const name = raw.name;
    if (typeof name !== 'string' || name.length === 0) {
      problems.push({ path: `${path}.name`, message: 'A node needs a non-empty "name" string' });
      return;
    }
    const node = raw as WorkflowNode;
    if (typeof raw.type !== 'string' || raw.type.length === 0) {
      problems.push({ path: `${path}.type`, node: name, message: `Node "${name}" needs a "type" string` });
      return;
    }
    if (typeof raw.typeVersion !== 'number' || !Number.isFinite(raw.typeVersion)) {
      problems.push({ path: `${path}.typeVersion`, node: name, message: `Node "${name}" needs a numeric "typeVersion"` });
      return;
    }
    if (raw.parameters !== undefined && !isObject(raw.parameters)) {
      problems.push({ path: `${path}.parameters`, node: name, message: `Node "${name}": "parameters" must be an object` });
      return;
    }
    checkNodeSettings(node, path, problems);
    const spec = registry.get(node.type, node.typeVersion);
    if (!spec) {
      const versions = registry.versions(node.type);
      problems.push({
        path: `${path}.${versions.length > 0 ? 'typeVersion' : 'type'}`,
        node: name,
        message:
          versions.length > 0
            ? `Node "${name}": type "${node.type}" has no version ${node.typeVersion} (known versions: ${versions.join(', ')})`
            : `Node "${name}": unknown node type "${node.type}"`,
      });
      checked.push({ index, node, spec: undefined, inputs: Number.POSITIVE_INFINITY, outputs: Number.POSITIVE_INFINITY });
      return;
    }
    const parameters = (node.parameters ?? {}) as Record<string, unknown>;
    checkParameterKinds(spec, parameters, path, name, problems);
    const errorOutput = node.onError === 'continueErrorOutput' ? 1 : 0;
    checked.push({
      index,
      node,
      spec,
      inputs: inputCountOf(spec, parameters, node.typeVersion),
      outputs: outputCountOf(spec, parameters, node.typeVersion) + errorOutput,
    });
  });
  return checked;
}

function checkNodeSettings(node: WorkflowNode, path: string, problems: WorkflowProblem[]): void {
  for (const field of booleanFields) {
    if (node[field] !== undefined && typeof node[field] !== 'boolean') {
      problems.push({ path: `${path}.${field}`, node: node.name, message: `Node "${node.name}": "${field}" must be true or false` });
    }
  }
  for (const field of numberFields) {
    if (node[field] !== undefined && (typeof node[field] !== 'number' || !Number.isFinite(node[field]))) {
      problems.push({ path: `${path}.${field}`, node: node.name, message: `Node "${node.name}": "${field}" must be a number` });
    }
  }
  if (node.onError !== undefined && !onErrorModes.has(node.onError)) {
    problems.push({
      path: `${path}.onError`,
      node: node.name,
      message: `Node "${node.name}": onError must be one of ${[...onErrorModes].join(', ')}, got ${JSON.stringify(node.onError)}`,
    });
  }
}

function checkParameterKinds(spec: NodeTypeSpec, parameters: Record<string, unknown>, path: string, name: string, problems: WorkflowProblem[]): void {
  for (const [key, kind] of Object.entries(spec.parameters ?? {})) {
    const value = parameters[key];
    if (value === undefined || value === null || isExpression(value) || matchesKind(value, kind)) continue;
    problems.push({
      path: `${path}.parameters.${key}`,
      node: name,
      message: `Node "${name}": parameter "${key}" must be ${kindLabel(kind)}, got ${describeValue(value)}`,
    });
  }
}

interface Edge {
  readonly from: string;
  readonly output: number;
  readonly to: string;
  readonly input: number;
}

function checkConnections(connections: Record<string, unknown>, byName: ReadonlyMap<string, CheckedNode>, problems: WorkflowProblem[]): Edge[] {
  const edges: Edge[] = [];
  for (const [source, byType] of Object.entries(connections)) {
    const sourcePath = `connections[${JSON.stringify(source)}]`;
    const sourceNode = byName.get(source);
    if (!sourceNode) {
      problems.push({ path: sourcePath, node: source, message: `Connection from node "${source}", which does not exist` });
      continue;
    }
    if (!isObject(byType)) {
      problems.push({ path: sourcePath, node: source, message: `Connections of "${source}" must be an object keyed by connection type` });
      continue;
    }
    for (const [type, outputs] of Object.entries(byType)) {
      const typePath = `${sourcePath}.${type}`;
      if (!Array.isArray(outputs)) {
        problems.push({ path: typePath, node: source, message: `Connections of "${source}" (${type}) must be an array of outputs` });
        continue;
      }
      outputs.forEach((targets: unknown, output) => {
        if (targets === null || targets === undefined) return;
        const outputPath = `${typePath}[${output}]`;
        if (!Array.isArray(targets)) {
          problems.push({ path: outputPath, node: source, message: `Output ${output} of "${source}" must be an array of targets` });
          return;
        }
        const hasTargets = targets.length > 0;
        if (type === 'main' && hasTargets && output >= sourceNode.outputs) {
          problems.push({
            path: outputPath,
            node: source,
            message: `Node "${source}" has ${sourceNode.outputs} output${sourceNode.outputs === 1 ? '' : 's'}, but output ${output} is connected`,
          });
        }
        targets.forEach((target: unknown, position) => {
          const targetPath = `${outputPath}[${position}]`;
          if (!isObject(target) || typeof target.node !== 'string') {
            problems.push({ path: targetPath, node: source, message: `Connection target must be {node, type, index}` });
            return;
          }
          const destination = byName.get(target.node);
          if (!destination) {
            problems.push({ path: `${targetPath}.node`, node: source, message: `Node "${source}" connects to node "${target.node}", which does not exist` });
            return;
          }
          const input = target.index ?? 0;
          if (typeof input !== 'number' || !Number.isInteger(input) || input < 0) {
            problems.push({ path: `${targetPath}.index`, node: source, message: `Connection to "${target.node}" has an invalid input index ${JSON.stringify(target.index)}` });
            return;
          }
          if (type !== 'main') return;
          if (input >= destination.inputs) {
            problems.push({
              path: `${targetPath}.index`,
              node: target.node,
              message: `Node "${source}" connects to input ${input} of "${target.node}", which has ${destination.inputs} input${destination.inputs === 1 ? '' : 's'}`,
            });
            return;
          }
          edges.push({ from: source, output, to: target.node, input });
        });
      });
    }
  }
  return edges;
}

function checkStartNode(nodes: readonly CheckedNode[], problems: WorkflowProblem[]): void {
  const runnable = nodes.filter((checked) => checked.spec && !checked.spec.ignored);
  if (runnable.length === 0) {
    problems.push({ path: 'nodes', message: 'The workflow has no nodes to run' });
    return;
  }
  if (nodes.some((checked) => checked.spec === undefined)) return; // unknown types: cannot tell triggers apart
  if (!runnable.some((checked) => checked.spec?.trigger === true && checked.node.disabled !== true)) {
    problems.push({ path: 'nodes', message: 'The workflow has no start node: add a trigger (e.g. Manual Trigger) that is not disabled' });
  }
}

/**
 * A cycle whose every node always passes items on can never end (n8n would run it until memory runs out).
 * Cycles through a node that may pass nothing on (If, Switch, Filter, loops, Code…) or through an error output
 * are legal.
 */
function checkEndlessCycles(byName: ReadonlyMap<string, CheckedNode>, edges: readonly Edge[], problems: WorkflowProblem[]): void {
  const indexOf = new Map<string, number>();
  const names: string[] = [];
  for (const name of byName.keys()) {
    indexOf.set(name, names.length);
    names.push(name);
  }
  const successors = names.map(() => [] as number[]);
  for (const edge of edges) {
    // An error output carries items only when its node fails, so a loop through it (retry on error) can end.
    const source = byName.get(edge.from)!;
    const isErrorOutput = source.node.onError === 'continueErrorOutput' && edge.output === source.outputs - 1;
    if (!isErrorOutput) successors[indexOf.get(edge.from)!]!.push(indexOf.get(edge.to)!);
  }
  for (const component of findCycles(names.length, (node) => successors[node]!)) {
    const members = component.map((index) => byName.get(names[index]!)!);
    if (members.some((member) => member.spec === undefined || member.spec.mayStopFlow === true)) continue;
    const cycle = members.map((member) => `"${member.node.name}"`).join(' → ');
    problems.push({
      path: `nodes[${members[0]!.index}]`,
      node: members[0]!.node.name,
      message: `Endless loop: ${cycle} → "${members[0]!.node.name}" always pass items on, so this cycle can never end. Put a condition (If, Filter, Switch) or a Loop Over Items node on it.`,
    });
  }
}

function checkPinData(document: Record<string, unknown>, byName: ReadonlyMap<string, CheckedNode>, problems: WorkflowProblem[]): void {
  const pinData = document.pinData;
  if (pinData === undefined || pinData === null) return;
  if (!isObject(pinData)) {
    problems.push({ path: 'pinData', message: '"pinData" must be an object keyed by node name' });
    return;
  }
  for (const [name, items] of Object.entries(pinData)) {
    if (!byName.has(name)) problems.push({ path: `pinData[${JSON.stringify(name)}]`, node: name, message: `Pinned data for node "${name}", which does not exist` });
    else if (!Array.isArray(items)) problems.push({ path: `pinData[${JSON.stringify(name)}]`, node: name, message: `Pinned data of "${name}" must be an array of items` });
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isExpression(value: unknown): boolean {
  return typeof value === 'string' && value.startsWith('=');
}

function matchesKind(value: unknown, kind: ParameterKind): boolean {
  switch (kind) {
    case 'string':
    case 'options':
      return typeof value === 'string' || (kind === 'options' && typeof value === 'number');
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'object':
      return isObject(value);
    case 'array':
      return Array.isArray(value);
    case 'any':
      return true;
  }
}

function kindLabel(kind: ParameterKind): string {
  return { string: 'a string', options: 'one of its options (a string)', number: 'a number', boolean: 'true or false', object: 'an object', array: 'an array', any: 'any value' }[kind];
}

function describeValue(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${JSON.stringify(value)}`;
}
