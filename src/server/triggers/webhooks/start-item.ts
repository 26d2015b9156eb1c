import { randomUUID } from 'node:crypto';
import type { BinaryData, Item, JsonObject } from '../../../core/model/types.js';
import { mimeTypeOf, toBinaryData } from './binary-file.js';
import type { MultipartBody } from './multipart.js';
import type { DecodedBody, RawBody } from './request-body.js';
import type { WebhookNodeSettings } from './webhook-nodes.js';

/** The request facts the webhook item carries besides its body. */
export interface RequestFacts {
  readonly headers: JsonObject;
  readonly params: Record<string, string>;
  readonly query: JsonObject;
  readonly webhookUrl: string;
  readonly executionMode: 'test' | 'production';
}

/**
 * n8n's webhook item `{json: {headers, params, query, body, webhookUrl, executionMode}, binary?}` for a request,
 * per the node's options, as n8n builds it:
 * - version 1 with "Binary File" (`options.binaryData`): the whole body is the file `binaryPropertyName` (default
 *   `data`), `body` is `{}`;
 * - multipart/form-data: fields are `body`, each file a binary property named after its field (`files[]` →
 *   `files`; several files in one field `files0`, `files1`…), or `<binaryPropertyName><n>` when that option is set;
 * - version 2 and later: a body of a type n8n does not parse (images, PDFs…) is the file `binaryPropertyName`
 *   unless `rawBody` is on;
 * - `rawBody`: the parsed body plus the unparsed bytes as the file `data`.
 *
 * A file without a name in Content-Disposition gets a random one, as in n8n. Files are base64 in the item, so the
 * item stays JSON (it travels through the store and the queue).
 *
 * @example
 * const item = webhookItem(hook, facts, raw, await decodeBody(raw, parseJson));
 */
export function webhookItem(hook: WebhookNodeSettings, facts: RequestFacts, raw: RawBody, decoded: DecodedBody): Item {
  const { options } = hook;
  const json = (body: unknown): JsonObject => ({ headers: facts.headers, params: facts.params, query: facts.query, body, webhookUrl: facts.webhookUrl, executionMode: facts.executionMode });
  const wholeBodyAsFile = options.binaryData || (hook.node.typeVersion > 1 && decoded.kind === 'unparsed' && !options.rawBody);

  if (wholeBodyAsFile) {
    if (raw.bytes.length === 0) return { json: json({}) };
    const file = toBinaryData(raw.bytes, raw.mediaType ?? 'application/octet-stream', dispositionFileName(facts.headers) ?? randomUUID());
    return { json: json({}), binary: { [options.binaryPropertyName ?? 'data']: file } };
  }
  if (decoded.kind === 'multipart') {
    const binary = uploadedFiles(decoded, options.binaryPropertyName);
    return Object.keys(binary).length > 0 ? { json: json(decoded.fields), binary } : { json: json(decoded.fields) };
  }
  const body = decoded.kind === 'parsed' ? decoded.value : {};
  if (!options.rawBody) return { json: json(body) };
  return { json: json(body), binary: { data: toBinaryData(raw.bytes, raw.mediaType ?? 'application/json') } };
}

function uploadedFiles(body: MultipartBody, prefix: string | undefined): Record<string, BinaryData> {
  const perField = new Map<string, number>();
  for (const file of body.files) perField.set(file.field, (perField.get(file.field) ?? 0) + 1);
  const seen = new Map<string, number>();
  const binary: Record<string, BinaryData> = {};
  body.files.forEach((file, index) => {
    const base = file.field.endsWith('[]') ? file.field.slice(0, -2) : file.field;
    const nth = seen.get(file.field) ?? 0;
    seen.set(file.field, nth + 1);
    const name = prefix !== undefined ? `${prefix}${index}` : (perField.get(file.field) ?? 0) > 1 ? `${base}${nth}` : base;
    binary[name] = toBinaryData(file.bytes, file.mimeType ?? mimeTypeOf(file.fileName), file.fileName);
  });
  return binary;
}

/** The `filename` of a `Content-Disposition` request header (`filename*=UTF-8''…` included). */
function dispositionFileName(headers: JsonObject): string | undefined {
  const disposition = headers['content-disposition'];
  if (typeof disposition !== 'string') return undefined;
  const extended = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(disposition);
  if (extended?.[1]) {
    try {
      return decodeURIComponent(extended[1].trim());
    } catch {
      return extended[1].trim();
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/i.exec(disposition);
  return plain?.[1]?.trim() || undefined;
}
