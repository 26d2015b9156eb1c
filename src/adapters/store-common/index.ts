export { newId } from './ids.js';
export { encodeCursor, decodeCursor, checkPageLimit, MAX_PAGE_LIMIT, type KeysetPosition } from './cursor.js';
export { encodeData, decodeData } from './codec.js';
export { CredentialCipher } from './credential-cipher.js';
export { loadEncryptionKey } from './encryption-key.js';
