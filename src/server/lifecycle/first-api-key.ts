import type { ApiKeyStore } from '../../ports/store/index.js';
import { generateApiKey } from '../auth/api-keys.js';

/** Label of the key made on first start, so an operator can tell it apart in `listApiKeys`. */
export const FIRST_START_KEY_LABEL = 'created on first start';

/**
 * On the first start (no API key exists) creates one and returns its secret, to be printed once; afterwards
 * returns undefined. Only the hash is stored, so the secret cannot be shown again.
 *
 * @example
 * const key = await ensureFirstApiKey(store);
 * if (key) io.stdout(`API key (shown once): ${key}\n`);
 */
export async function ensureFirstApiKey(store: Pick<ApiKeyStore, 'countApiKeys' | 'createApiKey'>): Promise<string | undefined> {
  if ((await store.countApiKeys()) > 0) return undefined;
  const { key, hash } = generateApiKey();
  await store.createApiKey({ label: FIRST_START_KEY_LABEL, hash });
  return key;
}
