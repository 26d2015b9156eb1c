import { extname } from 'node:path';
import mime from 'mime';
import type { BinaryData } from '../../../core/model/types.js';

/**
 * A received file in n8n's binary shape — `{data: <base64>, mimeType, fileType?, fileName?, fileExtension?,
 * fileSize}` — so that it can travel as JSON through the store and the queue, and downstream nodes read it as
 * they would in n8n. The extension comes from the file name, else from the mime type; `fileSize` is written the
 * way n8n writes it (`12 B`, `1.5 kB`).
 *
 * @example
 * toBinaryData(Buffer.from('hi'), 'text/plain', 'note.txt');
 * // {data: 'aGk=', mimeType: 'text/plain', fileType: 'text', fileName: 'note.txt', fileExtension: 'txt', fileSize: '2 B'}
 */
export function toBinaryData(bytes: Buffer, mimeType: string, fileName?: string): BinaryData {
  const fromName = fileName ? extname(fileName).slice(1) : '';
  const fileExtension = fromName !== '' ? fromName : (mime.getExtension(mimeType) ?? undefined);
  const fileType = fileTypeOf(mimeType);
  return {
    data: bytes.toString('base64'),
    mimeType,
    ...(fileType !== undefined ? { fileType } : {}),
    ...(fileName ? { fileName } : {}),
    ...(fileExtension !== undefined ? { fileExtension } : {}),
    fileSize: readableSize(bytes.length),
  };
}

/** The mime type for a file name when the sender gave none (multipart parts without a Content-Type). */
export function mimeTypeOf(fileName: string | undefined): string {
  return (fileName ? mime.getType(fileName) : undefined) ?? 'application/octet-stream';
}

/** n8n's coarse file kinds, which its editor uses to preview files. */
function fileTypeOf(mimeType: string): string | undefined {
  if (mimeType.startsWith('application/json')) return 'json';
  if (mimeType.startsWith('text/html')) return 'html';
  if (mimeType.startsWith('image/')) return 'image';
  if (mimeType.startsWith('audio/')) return 'audio';
  if (mimeType.startsWith('video/')) return 'video';
  if (mimeType.startsWith('text/') || mimeType.startsWith('application/javascript')) return 'text';
  if (mimeType.startsWith('application/pdf')) return 'pdf';
  return undefined;
}

/** Decimal units with three significant digits: `999 B`, `1.5 kB`, `16.8 MB`. */
function readableSize(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  if (bytes < 1000) return `${bytes} B`;
  const exponent = Math.min(Math.floor(Math.log10(bytes) / 3), units.length - 1);
  const value = Number((bytes / 1000 ** exponent).toPrecision(3));
  return `${value} ${units[exponent]}`;
}
