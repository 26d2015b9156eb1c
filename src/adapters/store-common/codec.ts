import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib';
import { WeftError } from '../../core/errors/index.js';

/**
 * Execution data is stored compressed (it is written once and read rarely): JSON, then Brotli at a quality that
 * favours speed. Small payloads are stored as plain JSON; the first byte says which.
 */
const PLAIN = 0x00;
const BROTLI = 0x01;
const COMPRESS_FROM_BYTES = 512;
/**
 * Brotli quality by size. Below this size quality 1: most executions' data is a few KB, where quality 4 costs 3–5×
 * the time (~30–100 µs per call, mostly setting up its window, on every finished execution) for 5–10 % fewer bytes.
 * Large payloads, where the bytes saved matter more than the fixed cost, keep quality 4.
 */
const FAST_QUALITY_BELOW_BYTES = 64 * 1024;

export function encodeData(value: unknown): Buffer {
  const json = Buffer.from(JSON.stringify(value ?? null), 'utf8');
  if (json.length < COMPRESS_FROM_BYTES) return Buffer.concat([Buffer.from([PLAIN]), json]);
  const quality = json.length < FAST_QUALITY_BELOW_BYTES ? 1 : 4;
  const compressed = brotliCompressSync(json, { params: { [constants.BROTLI_PARAM_QUALITY]: quality, [constants.BROTLI_PARAM_SIZE_HINT]: json.length } });
  return Buffer.concat([Buffer.from([BROTLI]), compressed]);
}

export function decodeData<T = unknown>(stored: Uint8Array): T {
  const buffer = Buffer.from(stored.buffer, stored.byteOffset, stored.byteLength);
  const kind = buffer[0];
  const body = buffer.subarray(1);
  try {
    if (kind === PLAIN) return JSON.parse(body.toString('utf8')) as T;
    if (kind === BROTLI) return JSON.parse(brotliDecompressSync(body).toString('utf8')) as T;
  } catch (error) {
    throw new WeftError('WEFT_E_STORE_CORRUPT', `Stored execution data could not be decoded: ${error instanceof Error ? error.message : String(error)}`);
  }
  throw new WeftError('WEFT_E_STORE_CORRUPT', `Stored execution data has an unknown format (${String(kind)})`);
}
