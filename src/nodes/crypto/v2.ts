import { NodeExecutionError } from '../../core/errors/index.js';
import type { Item } from '../../core/model/types.js';
import type { NodeTypeSpec } from '../../core/node-api/index.js';
import { computeCryptoValue, cryptoOutputItem, type CryptoSecrets } from './compute.js';
import { cryptoParameters } from './crypto.js';

/**
 * Crypto v2: as v1, but the hash type defaults to SHA256, and hmac and sign take their secret and private key
 * from a `crypto` credential instead of parameters. Weft gives nodes no credentials, so those two actions fail
 * with a clear error; hash and generate work. With continue-on-fail an error item carries `{ message, name }`.
 */
export const cryptoV2: NodeTypeSpec = {
  type: 'n8n-nodes-base.crypto',
  versions: [2],
  displayName: 'Crypto',
  inputs: 1,
  outputs: 1,
  parameters: cryptoParameters,
  execute(ctx, inputs) {
    const items = inputs[0] ?? [];
    const action = ctx.getParameter<string>('action', 0, 'hash');
    if (action === 'hmac' || action === 'sign') {
      // n8n reads the credential once, before the item loop, so this fails the node whatever continue-on-fail says.
      throw new NodeExecutionError(ctx.node.name, 'Credentials of type "crypto" are not available in Weft', {
        description: `Crypto v2 takes the ${action === 'hmac' ? 'HMAC secret' : 'private key'} from a credential; use Crypto v1, which takes it as a parameter.`,
      });
    }
    const noSecrets: CryptoSecrets = { hmacSecret: () => '', privateKey: () => '' };
    const out: Item[] = [];
    items.forEach((item, i) => {
      try {
        const dataPropertyName = ctx.getParameter<string>('dataPropertyName', i, 'data');
        out.push(cryptoOutputItem(item, i, dataPropertyName, computeCryptoValue(ctx, action, item, i, noSecrets, 'SHA256')));
      } catch (error) {
        if (!ctx.continueOnFail) throw error;
        out.push({ json: { error: errorDetails(error) }, pairedItem: { item: i } });
      }
    });
    return [out];
  },
};

/** n8n v2's error item: the message, plus the error's name and code when it has them. */
function errorDetails(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  const details: Record<string, unknown> = { message: error.message };
  if (error.name) details.name = error.name;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && code !== '') details.code = code;
  return details;
}
