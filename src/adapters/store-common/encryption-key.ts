import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname } from 'node:path';
import { WeftError } from '../../core/errors/index.js';

/**
 * Finds the credential encryption key: `WEFT_ENCRYPTION_KEY` (64 hex characters or base64 of 32 bytes) when set,
 * else the key file, created on first start with a random key and mode 0600.
 */
export function loadEncryptionKey(options: { fromEnv?: string; keyFile: string }): Buffer {
  if (options.fromEnv !== undefined && options.fromEnv !== '') return parseKey(options.fromEnv, 'WEFT_ENCRYPTION_KEY');
  if (existsSync(options.keyFile)) return parseKey(readFileSync(options.keyFile, 'utf8').trim(), options.keyFile);
  mkdirSync(dirname(options.keyFile), { recursive: true });
  const key = randomBytes(32);
  // 'wx' fails if another process created the file first; then read theirs so all processes share one key.
  try {
    writeFileSync(options.keyFile, `${key.toString('hex')}\n`, { flag: 'wx', mode: 0o600 });
    chmodSync(options.keyFile, 0o600);
    return key;
  } catch (error) {
    if ((error as { code?: string }).code === 'EEXIST') return parseKey(readFileSync(options.keyFile, 'utf8').trim(), options.keyFile);
    throw error;
  }
}

function parseKey(text: string, where: string): Buffer {
  if (/^[0-9a-fA-F]{64}$/.test(text)) return Buffer.from(text, 'hex');
  const decoded = Buffer.from(text, 'base64');
  if (decoded.length === 32) return decoded;
  throw new WeftError('WEFT_E_INVALID_CONFIG', `${where} must hold a 32-byte key as 64 hex characters or base64`, { where });
}
