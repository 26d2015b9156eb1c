import { NodeExecutionError } from '../../core/errors/index.js';
import type { BinaryData, Item, JsonObject } from '../../core/model/types.js';
import type { InboundResponse } from './transport.js';

/** How the node reads a response: n8n's `options.response.response`. */
export interface ResponseOptions {
  format: 'autodetect' | 'json' | 'text' | 'file';
  fullResponse: boolean;
  neverError: boolean;
  /** Where text goes (`{data: text}`) and the binary property of files. */
  outputPropertyName: string;
}

/** The body decoded per the response format: JSON value, text, or a file. */
export type DecodedBody = { kind: 'json'; value: unknown } | { kind: 'text'; value: string } | { kind: 'file'; binary: BinaryData };

const TEXT_TYPES = /^(text\/|application\/(xml|xhtml\+xml|javascript|x-www-form-urlencoded)|image\/svg\+xml)/i;
const JSON_TYPES = /^application\/([\w.+-]+\+)?json/i;

/** Decodes a body as n8n does: JSON when it says so (or when asked), text, or file. */
export function decodeBody(response: InboundResponse, options: ResponseOptions, nodeName: string, itemIndex: number): DecodedBody {
  const contentType = String(response.headers['content-type'] ?? '');
  const text = (): string => response.body.toString('utf8');
  const format = options.format === 'autodetect' ? detect(contentType, response.body) : options.format;
  if (format === 'json') {
    if (response.body.length === 0) return { kind: 'json', value: {} };
    try {
      return { kind: 'json', value: JSON.parse(text()) as unknown };
    } catch {
      if (options.format === 'autodetect') return { kind: 'text', value: text() };
      throw new NodeExecutionError(nodeName, 'Response body is not valid JSON. Change "Response Format" to "Text"', { itemIndex });
    }
  }
  if (format === 'text') return { kind: 'text', value: text() };
  const mimeType = contentType.split(';')[0]?.trim() || 'application/octet-stream';
  const fileName = fileNameOf(response);
  const binary: BinaryData = { data: response.body.toString('base64'), mimeType, fileSize: String(response.body.length), ...(fileName ? { fileName } : {}) };
  return { kind: 'file', binary };
}

function detect(contentType: string, body: Buffer): 'json' | 'text' | 'file' {
  if (JSON_TYPES.test(contentType)) return 'json';
  if (contentType === '' || TEXT_TYPES.test(contentType)) return contentType === '' && body.includes(0) ? 'file' : 'text';
  return 'file';
}

function fileNameOf(response: InboundResponse): string | undefined {
  const disposition = String(response.headers['content-disposition'] ?? '');
  const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition);
  if (match?.[1]) return decodeURIComponent(match[1]);
  const last = response.url.pathname.split('/').pop();
  return last === undefined || last === '' ? undefined : last;
}

/** The items one response becomes: a JSON array splits into items, text becomes `{data}`, a file a binary item. */
export function responseItems(response: InboundResponse, decoded: DecodedBody, options: ResponseOptions, itemIndex: number): Item[] {
  const pairedItem = { item: itemIndex };
  if (options.fullResponse) {
    const full: JsonObject = { headers: { ...response.headers }, statusCode: response.statusCode, statusMessage: response.statusMessage };
    if (decoded.kind === 'file') return [{ json: full, binary: { [options.outputPropertyName]: decoded.binary }, pairedItem }];
    return [{ json: { body: decoded.value, ...full }, pairedItem }];
  }
  if (decoded.kind === 'file') return [{ json: {}, binary: { [options.outputPropertyName]: decoded.binary }, pairedItem }];
  if (decoded.kind === 'text') return [{ json: { [options.outputPropertyName]: decoded.value }, pairedItem }];
  const values = Array.isArray(decoded.value) ? decoded.value : [decoded.value];
  return values.map((value) => ({ json: isObject(value) ? value : { [options.outputPropertyName]: value }, pairedItem }));
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
