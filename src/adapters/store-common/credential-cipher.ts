import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { WeftError } from '../../core/errors/index.js';

const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Encrypts credential data at rest with AES-256-GCM: a fresh 96-bit IV per write, the auth tag checked on read,
 * the credential id bound in as additional data so a row copied onto another id does not decrypt.
 * Stored layout (base64): version (1 byte) | IV (12) | tag (16) | ciphertext.
 *
 * @example
 * const cipher = new CredentialCipher(key32Bytes);
 * const sealed = cipher.seal('cred-id', { password: 's3cret' });
 * cipher.open('cred-id', sealed); // { password: 's3cret' }
 */
export class CredentialCipher {
  private readonly key: Buffer;

  constructor(key: Uint8Array) {
    if (key.length !== 32) throw new WeftError('WEFT_E_INVALID_CONFIG', `The encryption key must be 32 bytes, got ${key.length}`);
    this.key = Buffer.from(key);
  }

  seal(credentialId: string, data: Record<string, unknown>): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(credentialId, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(JSON.stringify(data), 'utf8'), cipher.final()]);
    return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), ciphertext]).toString('base64');
  }

  open(credentialId: string, sealed: string): Record<string, unknown> {
    const bytes = Buffer.from(sealed, 'base64');
    if (bytes[0] !== VERSION || bytes.length < 1 + IV_BYTES + TAG_BYTES) {
      throw new WeftError('WEFT_E_STORE_CORRUPT', `Credential ${credentialId} is not in a known encrypted format`);
    }
    const iv = bytes.subarray(1, 1 + IV_BYTES);
    const tag = bytes.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
    const ciphertext = bytes.subarray(1 + IV_BYTES + TAG_BYTES);
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, iv);
      decipher.setAAD(Buffer.from(credentialId, 'utf8'));
      decipher.setAuthTag(tag);
      const plain = Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
      return JSON.parse(plain) as Record<string, unknown>;
    } catch {
      throw new WeftError('WEFT_E_STORE_CORRUPT', `Credential ${credentialId} could not be decrypted: wrong encryption key or damaged data`);
    }
  }
}
