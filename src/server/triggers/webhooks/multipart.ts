import { Busboy } from '@fastify/busboy';
import { WeftError } from '../../../core/errors/index.js';

/** One uploaded file of a multipart/form-data body. */
export interface UploadedFile {
  /** The form field it came in, as sent (`files[]` included). */
  readonly field: string;
  readonly fileName: string | undefined;
  /** The part's Content-Type; undefined when the sender gave none. */
  readonly mimeType: string | undefined;
  readonly bytes: Buffer;
}

/** A parsed multipart/form-data body: text fields (a repeated field becomes an array) and files in order. */
export interface MultipartBody {
  readonly fields: Record<string, string | string[]>;
  readonly files: readonly UploadedFile[];
}

/** More parts than this are refused: a form with thousands of parts is an attack, not a webhook call. */
const MAX_PARTS = 1000;

/**
 * Parses a multipart/form-data body that was read whole (the route's body limit already bounds its size, so no
 * part can be larger than the body). Parts with a file name are files; the rest are fields. A malformed body or
 * one with more than 1000 parts fails with WEFT_E_INVALID_ARGUMENT (400).
 *
 * @example
 * const { fields, files } = await parseMultipart(body, request.headers['content-type']);
 */
export function parseMultipart(body: Buffer, contentType: string): Promise<MultipartBody> {
  return new Promise((resolve, reject) => {
    const fields: Record<string, string | string[]> = {};
    const files: { field: string; fileName: string | undefined; mimeType: string | undefined; chunks: Buffer[] }[] = [];
    const fail = (reason: string): void => reject(new WeftError('WEFT_E_INVALID_ARGUMENT', `The multipart/form-data request body could not be read: ${reason}`, { reason }));
    let parser;
    try {
      parser = new Busboy({
        headers: { 'content-type': contentType },
        defCharset: 'utf8',
        limits: { fieldSize: body.length, fileSize: body.length, parts: MAX_PARTS },
      });
    } catch (error) {
      fail(error instanceof Error ? error.message : String(error));
      return;
    }
    parser.on('field', (name, value) => {
      const previous = fields[name];
      fields[name] = previous === undefined ? value : Array.isArray(previous) ? [...previous, value] : [previous, value];
    });
    parser.on('file', (field, stream, fileName, _encoding, mimeType) => {
      const file = { field, fileName: fileName || undefined, mimeType: mimeType || undefined, chunks: [] as Buffer[] };
      files.push(file);
      stream.on('data', (chunk: Buffer) => file.chunks.push(chunk));
    });
    parser.on('partsLimit', () => fail(`more than ${MAX_PARTS} parts`));
    parser.on('error', (error) => fail(error instanceof Error ? error.message : String(error)));
    parser.on('finish', () => {
      resolve({ fields, files: files.map(({ chunks, ...file }) => ({ ...file, bytes: Buffer.concat(chunks) })) });
    });
    parser.end(body);
  });
}
