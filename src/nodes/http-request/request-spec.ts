import { NodeExecutionError } from '../../core/errors/index.js';
import type { Item } from '../../core/model/types.js';
import type { NodeContext } from '../../core/node-api/index.js';

/** The body of a request before it is encoded. */
export type BodySpec =
  | { kind: 'none' }
  | { kind: 'json'; value: unknown }
  | { kind: 'form'; fields: Record<string, string> }
  | { kind: 'formString'; text: string }
  | { kind: 'multipart'; parts: MultipartPart[] }
  | { kind: 'raw'; data: Buffer; contentType: string };

/** One field of a multipart body: text or a file taken from the item's binary data. */
export type MultipartPart = { name: string; value: string } | { name: string; file: Buffer; fileName: string; mimeType: string };

/** A request as the node's parameters describe it, still editable by pagination. */
export interface RequestSpec {
  method: string;
  url: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: BodySpec;
}

interface NameValue {
  name?: unknown;
  value?: unknown;
  parameterType?: unknown;
  inputDataFieldName?: unknown;
}

/** Reads the item's request parameters (method, URL, query, headers, body) in n8n v4's shapes. */
export function readRequestSpec(ctx: NodeContext, item: Item | undefined, itemIndex: number): RequestSpec {
  const method = String(ctx.getParameter('method', itemIndex, 'GET')).toUpperCase();
  const url = String(ctx.getParameter('url', itemIndex, ''));
  if (url === '') throw new NodeExecutionError(ctx.node.name, 'The URL parameter is empty', { itemIndex });
  const query = ctx.getParameter<boolean>('sendQuery', itemIndex, false) ? keyValues(ctx, 'Query', itemIndex) : {};
  const headers: Record<string, string> = {};
  if (ctx.getParameter<boolean>('sendHeaders', itemIndex, false)) {
    for (const [name, value] of Object.entries(keyValues(ctx, 'Headers', itemIndex))) headers[name.toLowerCase()] = value;
  }
  const body = ctx.getParameter<boolean>('sendBody', itemIndex, false) ? readBody(ctx, item, itemIndex) : ({ kind: 'none' } as const);
  return { method, url, query, headers, body };
}

/** Query or header pairs: `sendX` + `xParameters.parameters` or `specifyX: json` + `jsonX`. */
function keyValues(ctx: NodeContext, what: 'Query' | 'Headers', itemIndex: number): Record<string, string> {
  const specify = ctx.getParameter<string>(`specify${what}`, itemIndex, 'keypair');
  if (specify === 'json') {
    const parsed = parseJsonParameter(ctx, `json${what}`, itemIndex);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new NodeExecutionError(ctx.node.name, `JSON parameter needs to be valid JSON`, { description: `"json${what}" must be a JSON object`, itemIndex });
    }
    return Object.fromEntries(Object.entries(parsed).map(([key, value]) => [key, asText(value)]));
  }
  const key = what === 'Query' ? 'queryParameters' : 'headerParameters';
  const pairs = ctx.getParameter<NameValue[]>(`${key}.parameters`, itemIndex, []);
  const out: Record<string, string> = {};
  for (const pair of Array.isArray(pairs) ? pairs : []) {
    const name = asText(pair.name);
    if (name !== '') out[name] = asText(pair.value);
  }
  return out;
}

function readBody(ctx: NodeContext, item: Item | undefined, itemIndex: number): BodySpec {
  const contentType = ctx.getParameter<string>('contentType', itemIndex, 'json');
  const specify = ctx.getParameter<string>('specifyBody', itemIndex, 'keypair');
  const pairs = (): NameValue[] => {
    const list = ctx.getParameter<NameValue[]>('bodyParameters.parameters', itemIndex, []);
    return Array.isArray(list) ? list : [];
  };
  switch (contentType) {
    case 'json':
      if (specify === 'json') return { kind: 'json', value: parseJsonParameter(ctx, 'jsonBody', itemIndex) };
      return { kind: 'json', value: Object.fromEntries(pairs().filter((p) => asText(p.name) !== '').map((p) => [asText(p.name), p.value])) };
    case 'form-urlencoded':
      if (specify === 'string') return { kind: 'formString', text: String(ctx.getParameter('body', itemIndex, '')) };
      return { kind: 'form', fields: Object.fromEntries(pairs().filter((p) => asText(p.name) !== '').map((p) => [asText(p.name), asText(p.value)])) };
    case 'multipart-form-data':
      return { kind: 'multipart', parts: pairs().map((p) => multipartPart(ctx, item, p, itemIndex)) };
    case 'raw':
      return { kind: 'raw', data: Buffer.from(asText(ctx.getParameter('body', itemIndex, ''))), contentType: String(ctx.getParameter('rawContentType', itemIndex, 'text/plain')) };
    case 'binaryData': {
      const field = String(ctx.getParameter('inputDataFieldName', itemIndex, 'data'));
      const binary = binaryOf(ctx, item, field, itemIndex);
      return { kind: 'raw', data: Buffer.from(binary.data, 'base64'), contentType: binary.mimeType };
    }
    default:
      throw new NodeExecutionError(ctx.node.name, `Unsupported body content type "${contentType}"`, { itemIndex });
  }
}

function multipartPart(ctx: NodeContext, item: Item | undefined, pair: NameValue, itemIndex: number): MultipartPart {
  const name = asText(pair.name);
  if (pair.parameterType === 'formBinaryData') {
    const binary = binaryOf(ctx, item, asText(pair.inputDataFieldName) || 'data', itemIndex);
    return { name, file: Buffer.from(binary.data, 'base64'), fileName: binary.fileName ?? name, mimeType: binary.mimeType };
  }
  return { name, value: asText(pair.value) };
}

function binaryOf(ctx: NodeContext, item: Item | undefined, field: string, itemIndex: number): { data: string; mimeType: string; fileName?: string } {
  const binary = item?.binary?.[field];
  if (!binary) {
    throw new NodeExecutionError(ctx.node.name, `This operation expects the node's input data to contain a binary file '${field}', but none was found [item ${itemIndex}]`, {
      description: 'Make sure that the previous node outputs a binary file',
      itemIndex,
    });
  }
  return binary;
}

/** A JSON parameter: an object as is, a string parsed; n8n's message when it does not parse. */
function parseJsonParameter(ctx: NodeContext, name: string, itemIndex: number): unknown {
  const raw = ctx.getParameter<unknown>(name, itemIndex, '{}');
  if (typeof raw !== 'string') return raw;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    throw new NodeExecutionError(ctx.node.name, 'JSON parameter needs to be valid JSON', { description: `The "${name}" parameter is not valid JSON`, itemIndex });
  }
}

function asText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
