import { parse as parseQueryString } from 'node:querystring';
import { gunzipSync, inflateSync, brotliDecompressSync } from 'node:zlib';
import xml2js from 'xml2js';
import { WeftError } from '../../../core/errors/index.js';
import { parseMultipart, type MultipartBody } from './multipart.js';

/** A webhook request's body as n8n hands it to the Webhook node. */
export type DecodedBody =
  /** JSON, XML, form-urlencoded or text/plain, decoded; an empty body is `{}`. */
  | { readonly kind: 'parsed'; readonly value: unknown }
  | ({ readonly kind: 'multipart' } & MultipartBody)
  /** Any other type (images, PDFs, octet streams…): n8n turns these into a file. */
  | { readonly kind: 'unparsed' };

/** The raw request: its bytes (already decompressed) and its media type without parameters. */
export interface RawBody {
  readonly bytes: Buffer;
  /** Lower case, e.g. `application/json`; undefined when the request names none. */
  readonly mediaType: string | undefined;
  readonly contentType: string | undefined;
}

/** Turns JSON text into a value; fastify's parser, which refuses `__proto__` keys. */
export type JsonParse = (text: string) => unknown;

/**
 * Reads the raw body fastify collected: undoes `Content-Encoding` gzip / deflate / br (bounded by `maxBytes`, so
 * a small compressed bomb cannot grow past the body limit) and splits off the media type.
 *
 * @example
 * const raw = readRawBody(request.body as Buffer | undefined, request.headers, 16 * 1024 * 1024);
 */
export function readRawBody(body: Buffer | undefined, headers: Readonly<Record<string, string | string[] | undefined>>, maxBytes: number): RawBody {
  const contentType = single(headers['content-type']);
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase() || undefined;
  const encoding = single(headers['content-encoding'])?.trim().toLowerCase();
  const bytes = body ?? Buffer.alloc(0);
  return { bytes: bytes.length > 0 ? decompress(bytes, encoding, maxBytes) : bytes, mediaType, contentType };
}

/**
 * Decodes a body the way n8n's webhook body parser does: `application/json` as JSON, `…/xml` and `…+xml` with
 * xml2js (tags lower-cased, single children not wrapped in arrays), `application/x-www-form-urlencoded` as a
 * query string (a repeated key becomes an array), `text/plain` as text in the request's charset and
 * `multipart/form-data` into fields and files. Anything else stays unparsed. A body that does not parse fails
 * with WEFT_E_INVALID_ARGUMENT (400) naming its type.
 *
 * @example
 * const decoded = await decodeBody(raw, (text) => JSON.parse(text));
 */
export async function decodeBody(raw: RawBody, parseJson: JsonParse): Promise<DecodedBody> {
  const { bytes, mediaType, contentType } = raw;
  if (mediaType === 'multipart/form-data' && contentType !== undefined) return { kind: 'multipart', ...(await parseMultipart(bytes, contentType)) };
  const kind = textKind(mediaType);
  if (kind === undefined) return { kind: 'unparsed' };
  if (bytes.length === 0) return { kind: 'parsed', value: {} };
  const text = decodeText(bytes, charsetOf(contentType));
  try {
    switch (kind) {
      case 'json':
        return { kind: 'parsed', value: parseJson(text) };
      case 'xml':
        return { kind: 'parsed', value: await xmlParser().parseStringPromise(text) };
      case 'form':
        return { kind: 'parsed', value: { ...parseQueryString(text, undefined, undefined, { maxKeys: 1000 }) } };
      case 'text':
        return { kind: 'parsed', value: text };
    }
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new WeftError('WEFT_E_INVALID_ARGUMENT', `The webhook request body is not valid ${mediaType}: ${reason}`, { contentType: mediaType ?? null });
  }
}

function textKind(mediaType: string | undefined): 'json' | 'xml' | 'form' | 'text' | undefined {
  if (mediaType === 'application/json') return 'json';
  if (mediaType?.endsWith('/xml') || mediaType?.endsWith('+xml')) return 'xml';
  if (mediaType === 'application/x-www-form-urlencoded') return 'form';
  if (mediaType === 'text/plain') return 'text';
  return undefined;
}

function xmlParser(): xml2js.Parser {
  // Names that would reach an object's prototype are renamed, so a posted document cannot change how the
  // parsed object behaves.
  const safeName = (name: string): string => (name === '__proto__' || name === 'constructor' || name === 'prototype' ? `_${name}` : name);
  return new xml2js.Parser({ async: true, normalize: true, normalizeTags: true, explicitArray: false, tagNameProcessors: [safeName], attrNameProcessors: [safeName] });
}

function decompress(bytes: Buffer, encoding: string | undefined, maxBytes: number): Buffer {
  try {
    if (encoding === 'gzip' || encoding === 'x-gzip') return gunzipSync(bytes, { maxOutputLength: maxBytes });
    if (encoding === 'deflate') return inflateSync(bytes, { maxOutputLength: maxBytes });
    if (encoding === 'br') return brotliDecompressSync(bytes, { maxOutputLength: maxBytes });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new WeftError('WEFT_E_INVALID_ARGUMENT', `The webhook request body could not be decompressed (${encoding}), or is larger than ${maxBytes} bytes once decompressed: ${reason}`, { contentEncoding: encoding ?? null });
  }
  return bytes;
}

function charsetOf(contentType: string | undefined): string {
  const match = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? '');
  return match?.[1] ?? 'utf-8';
}

function decodeText(bytes: Buffer, charset: string): string {
  try {
    return new TextDecoder(charset).decode(bytes);
  } catch {
    // An unknown charset label: UTF-8 is what nearly every sender means.
    return new TextDecoder('utf-8').decode(bytes);
  }
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
